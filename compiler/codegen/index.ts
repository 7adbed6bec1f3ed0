/**
 * `emitTypeScript(graph)`: a valid graph → one standalone TypeScript program that depends only on
 * @tensorflow/tfjs. It defines the custom layers the model uses (Tensorloom's class names and
 * configs, registered for serialisation), exports `buildModel()` (the same layers, names,
 * parameter count and, for the same seed, initial weights as compile()), `loadWeights()` for the
 * weights the app downloads, and, unless turned off, `train()` with the document's settings on
 * built-in data and `generate()` for language models. Identifiers come from the generator; user
 * strings enter only as string literals.
 */
import { TrainingSpecSchema, analyse, isValid } from "../../graph";
import type { GraphDocument } from "../../graph";
import { dataSource } from "./datasets";
import type { DataSource, EmbeddedTable } from "./datasets";
import { emitModel } from "./model";
import type { ModelSource } from "./model";
import { LAYER_NAMES, layerCode } from "./layer-code";
import { CodegenError, Names, Writer, formatCount, stringLiteral } from "./source";
import { emitTraining } from "./training";
import { LOAD_WEIGHTS } from "./weights";

export { CodegenError } from "./source";

export interface EmitOptions {
  /** Include train() and its data (and generate() for language models); default true. */
  train?: boolean;
  /**
   * Text that stands in for Tensorloom's built-in corpus (too big to embed) when the document
   * trains on it, e.g. a few KB of `generateCorpus()`; a short fixed sample otherwise.
   */
  sampleText?: string;
  /** The rows of the document's CSV table, parsed (by train/data's parseCsv), when it trains on one. */
  table?: EmbeddedTable;
}

/** Module-level names of the generated parts; block functions and variables never take them. */
const GENERATED_NAMES = [
  ...LAYER_NAMES,
  ..."MODEL_NAME LABELS apply applyAll RESIDUAL_STDDEV buildModel TRAINING Batch CLASSES NOISE normal point trainingBatch".split(" "),
  ..."FEATURES FEATURE_NAMES CLASS_NAMES TABLE_X TABLE_Y".split(" "),
  ..."LENGTH example SOURCE_LENGTH TARGET_LENGTH STREAM_LENGTH TEXT CHARS TOKENS BLOCK_SIZE lossOf createOptimizer".split(" "),
  ..."learningRate clipByGlobalNorm train pickToken generate loadWeights main isMain node".split(" "),
];

const APPLY = String.raw`
/** Applies a layer to symbolic inputs; returns its output. */
function apply(inputs: tf.SymbolicTensor | tf.SymbolicTensor[], layer: tf.layers.Layer) {
  return layer.apply(inputs) as tf.SymbolicTensor;
}`;

const APPLY_ALL = String.raw`
/** Applies a layer with several outputs (attention: [out, weights]) to symbolic inputs. */
function applyAll(inputs: tf.SymbolicTensor | tf.SymbolicTensor[], layer: tf.layers.Layer) {
  return layer.apply(inputs) as tf.SymbolicTensor[];
}`;

/** What the model takes and gives, for the header: `tokens [B, T] (T = 64) → [B, T, 65]`. */
function signature(model: ModelSource): string {
  const ins = model.inputs.map((i) => {
    const dims = i.kind === "features" ? "[B, F]" : i.kind === "tokens" ? `[B, ${i.lengthName}]` : `[B, ${i.lengthName}, F]`;
    return `${i.kind} ${dims} (${i.kind === "features" ? `F = ${i.shape[0]}` : `${i.lengthName} = ${i.shape[0]}`})`;
  });
  const outs = model.outputs.map((o) => `${o.kind.replace("_", " ")} scores of size ${o.width}`);
  return `${ins.join(", ")} → ${outs.join(", ")}`;
}

function header(w: Writer, model: ModelSource, data: DataSource | undefined, left: string | undefined): void {
  const run = data
    ? `Run it with npx tsx model.ts [--steps N] (after npm install @tensorflow/tfjs tsx): it builds the model and trains it on ${data.description} with the document's training settings${data.text ? ", then prints a sample" : ""}.`
    : "Run it with npx tsx model.ts (after npm install @tensorflow/tfjs tsx) to build the model and print its summary.";
  const loads = "With --weights x.model.json it first loads weights trained in Tensorloom (downloaded with its Weights button)";
  const weights = data
    ? `${loads}; --steps 0 then uses them as they are${data.text ? " to print a sample" : ""}, without training.`
    : `${loads}.`;
  const use = `Or import ${data ? (data.text ? "buildModel(), loadWeights(), train() and generate()" : "buildModel(), loadWeights() and train()") : "buildModel() and loadWeights()"} from it.`;
  w.doc([
    "A neural network exported from Tensorloom (MODEL_NAME below) as a standalone TypeScript program that depends only on @tensorflow/tfjs.",
    "",
    `${run} ${weights} ${use}`,
    ...(left ? ["", `train() is left out: ${left}.`] : []),
    "",
    `Model: ${formatCount(model.params)} parameters; ${signature(model)}.`,
  ]);
}

/** User labels, keyed by node id (`body id/node id` inside a block body), as string literals only. */
function labels(w: Writer, graph: GraphDocument): void {
  const entries: [string, string][] = [
    ...graph.nodes.filter((n) => n.label).map((n): [string, string] => [n.id, n.label!]),
    ...graph.groups.flatMap((g) => g.nodes.filter((n) => n.label).map((n): [string, string] => [`${g.id}/${n.id}`, n.label!])),
  ];
  if (entries.length === 0) return;
  w.blank().doc(["The labels the blocks have in Tensorloom, by node id (inside a block body: body id/node id)."]);
  w.block(
    "export const LABELS: Record<string, string> = {",
    () => {
      // A computed key: a quoted "__proto__" key in an object literal would set the prototype instead.
      for (const [key, label] of entries)
        w.line(`[${stringLiteral(key, `the id of node ${key}`)}]: ${stringLiteral(label, `the label of node ${key}`)},`);
    },
    "};",
  );
}

/** Module sources, one blank line apart, each under a comment naming the app's file. */
function modules(w: Writer, list: { id: string; source: string }[]): void {
  for (const m of list) w.blank().line(`// ─── compiler/${m.id}.ts ───`).blank().source(m.source);
}

/**
 * The TypeScript source of a standalone program for `graph`; throws a CodegenError naming the
 * node (or field) and the fix when the graph has errors or a string or number it cannot emit.
 * @example writeFileSync("model.ts", emitTypeScript(buildPreset("gpt").graph));
 */
export function emitTypeScript(graph: GraphDocument, options: EmitOptions = {}): string {
  const analysis = analyse(graph);
  if (!isValid(analysis)) {
    const errors = analysis.diagnostics.filter((d) => d.severity === "error");
    const first = errors[0];
    const where = [first.groupId && `in block ${first.groupId}`, first.nodeId && `node ${first.nodeId}`].filter(Boolean).join(", ");
    throw new CodegenError(
      `the graph has ${errors.length} error${errors.length === 1 ? "" : "s"}; fix them to export (first${where ? `, ${where}` : ""}: ${first.message})`,
    );
  }
  const moduleNames = new Names(GENERATED_NAMES);
  const model = emitModel(graph, analysis, moduleNames);

  const spec = TrainingSpecSchema.safeParse(graph.meta.training ?? {});
  let data: DataSource | undefined;
  let left: string | undefined;
  if (options.train !== false) {
    if (!spec.success) left = "the document names no training data";
    else {
      try {
        const found = dataSource(spec.data.dataset, model.inputs, model.outputs, options.sampleText, options.table);
        if (typeof found === "string") left = found;
        else data = found;
      } catch (err) {
        if (!(err instanceof CodegenError)) throw err;
        left = err.message;
      }
    }
  }
  const training = emitTraining(data && spec.success ? spec.data.config : undefined, model, data);

  const layerNames = [...model.classes, ...(model.helpers.has("layerSeed") ? ["layerSeed"] : [])];
  const layerSource = layerCode(layerNames);
  // What the training code needs (mulberry32) and the layers did not bring already.
  const trainingSource = layerCode(training.needs, new Set(layerSource.flatMap((m) => m.names)));

  const w = new Writer();
  header(w, model, data, left);
  w.line('import * as tf from "@tensorflow/tfjs";').blank();
  w.doc(["The document's name in Tensorloom."]);
  w.line(`export const MODEL_NAME = ${stringLiteral(graph.name, "the document name")};`);
  labels(w, graph);
  if (layerSource.length > 0) {
    w.blank().line("// Tensorloom's own layer code, file by file as the app runs it: the same classes, configs,");
    w.line("// weights and kernels, so a model saved by either program loads in the other and trains alike.");
    modules(w, layerSource);
  }
  w.blank().line(
    `// The model. Shapes: B is the batch${model.inputs.some((i) => i.kind !== "features") ? ", T (or S) the sequence length" : ""}.`,
  );
  if (model.helpers.has("apply")) w.blank().source(APPLY);
  if (model.helpers.has("applyAll")) w.blank().source(APPLY_ALL);
  if (model.helpers.has("RESIDUAL_STDDEV")) {
    w.blank().doc([`GPT-2's init for residual projections: std-dev 0.02/√R for the model's R = ${model.residualLayers} of them.`]);
    w.line(`const RESIDUAL_STDDEV = 0.02 / Math.sqrt(${model.residualLayers});`);
  }
  w.blank().source(model.source);
  w.blank().line("// Weights trained in Tensorloom.");
  w.blank().source(LOAD_WEIGHTS);
  if (data) w.blank().line("// Training, with the document's settings.");
  modules(w, trainingSource);
  w.blank().source(training.source);
  return w.toString();
}
