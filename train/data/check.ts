/**
 * Check before Start: the data against the graph, all at once. Every mismatch a run would hit
 * (features, classes, vocabulary, lengths, a split too short for the context, an invalid
 * setting) is returned together, each naming the block and field and, where one exists, a fix
 * that `applyDataFix` makes in one edit — including the edits it implies (a vocabulary on the
 * Input, its Embedding and a tied head).
 */
import { analyse, DatasetSpecSchema, TrainConfigSchema } from "../../graph";
import type { Analysis, DatasetSpec, GraphDocument, TrainConfig } from "../../graph";
import { describeData, minTokensFor } from "./facts";
import type { DataFacts, RecallFacts, RowFacts, SequenceFacts, TextFacts } from "./facts";
import { downstream, graphFacts, nameOf, paramsOf } from "./graphFacts";
import type { GraphFacts, InputFacts, OutputFacts } from "./graphFacts";

export type DataProblemCode =
  | "no-data"
  | "data-missing"
  | "csv-rows"
  | "input-kind"
  | "output-kind"
  | "features"
  | "classes"
  | "vocab"
  | "length"
  | "val-split"
  | "setting";

/** Params to merge into one node (`scope`: the group body it lives in, top level when absent). */
export interface ParamEdit {
  nodeId: string;
  scope?: string;
  params: Record<string, unknown>;
}

/** A fix as data: param edits and/or another dataset, made together as one undo step. */
export interface DataFix {
  /** What the button says: "Set vocab to 126 on tokens, wte and lmHead". */
  label: string;
  edits: ParamEdit[];
  dataset?: DatasetSpec;
}

export interface DataProblem {
  code: DataProblemCode;
  nodeId?: string;
  /** The param of that node, or the setting (`config.lr`, `dataset.text`) at fault. */
  field?: string;
  message: string;
  fix?: DataFix;
}

export interface CheckInput {
  dataset: DatasetSpec;
  config: TrainConfig;
  /** The data's facts, when the caller keeps them (they cost a parse); computed otherwise. */
  facts?: DataFacts;
  analysis?: Analysis;
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** The settings' own ranges: every invalid field, not just the first. */
function settingProblems(dataset: DatasetSpec, config: TrainConfig): DataProblem[] {
  const out: DataProblem[] = [];
  const d = DatasetSpecSchema.safeParse(dataset);
  if (!d.success)
    for (const i of d.error.issues)
      out.push({ code: "setting", field: `dataset.${i.path.join(".")}`, message: `Data setting ${i.path.join(".")}: ${i.message}` });
  const c = TrainConfigSchema.safeParse(config);
  if (!c.success)
    for (const i of c.error.issues)
      out.push({ code: "setting", field: `config.${i.path.join(".")}`, message: `Training setting ${i.path.join(".")}: ${i.message}` });
  return out;
}

/** Position tables after an Input whose maxLen must cover a new length. */
function positionEdits(doc: GraphDocument, input: InputFacts, length: number): ParamEdit[] {
  return downstream(doc, input.node.id, new Set(["PositionEmbedding"]), new Set(["Embedding", "Dropout"]))
    .filter((n) => paramsOf<{ maxLen: number }>(n).maxLen < length)
    .map((n) => ({ nodeId: n.id, params: { maxLen: length } }));
}

/**
 * Vocabulary `vocab` for the token Inputs given, the Embeddings they feed and the heads of
 * `outputs` (a tied head needs units = its Embedding's rows): every edit that raising the
 * vocabulary implies, so the graph analyses clean afterwards.
 */
function vocabFix(doc: GraphDocument, inputs: InputFacts[], outputs: OutputFacts[], vocab: number): DataFix | undefined {
  const edits: ParamEdit[] = [];
  const raised = new Map<string, number>();
  for (const input of inputs) {
    const v = Math.max(vocab, input.vocabSize);
    if (input.vocabSize < v) edits.push({ nodeId: input.node.id, params: { vocabSize: v } });
    for (const e of downstream(doc, input.node.id, new Set(["Embedding"]), new Set())) {
      const rows = paramsOf<{ vocabSize: number }>(e).vocabSize;
      if (rows < v) edits.push({ nodeId: e.id, params: { vocabSize: v } });
      raised.set(e.id, Math.max(rows, v));
    }
  }
  for (const out of outputs) {
    if (!out.head) continue;
    const head = paramsOf<{ units: number; tieTo: string }>(out.head);
    const units = head.tieTo && raised.has(head.tieTo) ? raised.get(head.tieTo)! : Math.max(head.units, vocab);
    if (units !== head.units) edits.push({ nodeId: out.head.id, params: { units } });
  }
  if (edits.length === 0) return undefined;
  const values = [...new Set(edits.map((e) => Object.values(e.params)[0]))];
  return { label: `Set vocab to ${values.join("/")} on ${edits.map((e) => e.nodeId).join(", ")}`, edits };
}

function rowProblems(doc: GraphDocument, g: GraphFacts, dataset: DatasetSpec, facts: RowFacts): DataProblem[] {
  const [what, has] = dataset.kind === "points" ? ["The points", "have"] : ["The table", "has"];
  if (dataset.kind === "csv" && facts.rows < 2) {
    const why = facts.errors?.[0] ? `: line ${facts.errors[0].row}: ${facts.errors[0].message}` : "";
    return [
      {
        code: "csv-rows",
        field: "dataset.text",
        message: `The table has ${facts.rows} usable row${facts.rows === 1 ? "" : "s"}${why}. Give a header row and at least two rows of numbers and a label.`,
      },
    ];
  }
  const out: DataProblem[] = [];
  const features = g.inputs.filter((i) => i.kind === "features");
  if (g.inputs.length !== 1 || features.length !== 1) {
    const first = g.inputs[0];
    out.push({
      code: "input-kind",
      nodeId: first?.node.id,
      field: "kind",
      message: `${what} ${dataset.kind === "points" ? "need" : "needs"} one Input of kind features; the graph has ${g.inputs.length === 0 ? "none" : g.inputs.map((i) => `${nameOf(i.node)} (${i.kind})`).join(", ")}. Set the Input's kind to features, or pick data for this graph.`,
    });
  } else if (features[0].features !== facts.features) {
    const input = features[0];
    const cols = facts.featureNames ? ` (${facts.featureNames.join(", ")})` : "";
    out.push({
      code: "features",
      nodeId: input.node.id,
      field: "features",
      message: `${what} ${has} ${facts.features} features${cols} but ${nameOf(input.node)} has ${input.features}: set its features to ${facts.features}.`,
      fix: {
        label: `Set features to ${facts.features} on ${input.node.id}`,
        edits: [{ nodeId: input.node.id, params: { features: facts.features } }],
      },
    });
  }
  const output = g.outputs[0];
  if (!output)
    return [...out, { code: "output-kind", message: "The graph has no Output block: add an Output / loss after the last Linear." }];
  if (output.kind === "language_model") {
    out.push({
      code: "output-kind",
      nodeId: output.node.id,
      field: "kind",
      message: `${what} ${dataset.kind === "points" ? "are" : "is"} classified, but ${nameOf(output.node)} does language modelling: set its kind to classification.`,
      fix: { label: `Set ${output.node.id} to classification`, edits: [{ nodeId: output.node.id, params: { kind: "classification" } }] },
    });
    return out;
  }
  const want = output.kind === "regression" ? 1 : facts.classes;
  if (output.width !== undefined && output.width !== want) {
    const head = output.head;
    const scores =
      output.kind === "regression"
        ? `a regression target needs 1 output, the network gives ${output.width}`
        : `${what.toLowerCase()} ${has} ${facts.classes} classes but the network outputs ${output.width} scores`;
    out.push({
      code: "classes",
      nodeId: head?.id ?? output.node.id,
      field: head ? "units" : undefined,
      message: `${scores.charAt(0).toUpperCase()}${scores.slice(1)}: set the units of ${head ? nameOf(head) : "the last Linear"} to ${want}.`,
      fix: head ? { label: `Set units to ${want} on ${head.id}`, edits: [{ nodeId: head.id, params: { units: want } }] } : undefined,
    });
  }
  return out;
}

/**
 * A stream of tokens for a language model (text, the recall task): one token Input and an Output
 * set to language modelling. `say` starts the two messages. The Input is undefined when missing.
 */
function streamProblems(
  g: GraphFacts,
  say: { inputs: string; output: string },
): { out: DataProblem[]; input?: InputFacts; output?: OutputFacts } {
  const out: DataProblem[] = [];
  const tokens = g.inputs.filter((i) => i.kind === "tokens");
  const output = g.outputs[0];
  if (g.inputs.length !== 1 || tokens.length !== 1) {
    out.push({
      code: "input-kind",
      nodeId: g.inputs[0]?.node.id,
      field: "kind",
      message: `${say.inputs}; the graph has ${g.inputs.length === 0 ? "none" : g.inputs.map((i) => `${nameOf(i.node)} (${i.kind})`).join(", ")}. Pick data for this graph, or build it from tokens.`,
    });
    return { out, output };
  }
  if (!output)
    out.push({
      code: "output-kind",
      message: "The graph has no Output block: add an Output / loss set to language modelling after the head.",
    });
  else if (output.kind !== "language_model") {
    out.push({
      code: "output-kind",
      nodeId: output.node.id,
      field: "kind",
      message: `${say.output}, but ${nameOf(output.node)} does ${output.kind}: set its kind to language modelling.`,
      fix: {
        label: `Set ${output.node.id} to language modelling`,
        edits: [{ nodeId: output.node.id, params: { kind: "language_model" } }],
      },
    });
  }
  return { out, input: tokens[0], output };
}

function textProblems(doc: GraphDocument, g: GraphFacts, dataset: DatasetSpec, facts: TextFacts): DataProblem[] {
  const what = dataset.kind === "corpus" ? "The corpus" : "The text";
  if (facts.tokens < 2)
    return [
      { code: "no-data", field: "dataset.text", message: "Paste or upload some text to learn from (a few thousand characters or more)." },
    ];
  const { out, input, output } = streamProblems(g, {
    inputs: "A language model needs one Input of kind tokens",
    output: "Text trains a language model",
  });
  if (!input) return out;
  const headShort = output?.width !== undefined && output.width < facts.vocab;
  if (input.vocabSize < facts.vocab || headShort) {
    const where =
      input.vocabSize < facts.vocab
        ? `the vocabulary of ${nameOf(input.node)} is ${fmt(input.vocabSize)}`
        : `the head gives ${output!.width} scores`;
    out.push({
      code: "vocab",
      nodeId: input.vocabSize < facts.vocab ? input.node.id : (output?.head?.id ?? output?.node.id),
      field: input.vocabSize < facts.vocab ? "vocabSize" : "units",
      message: `${what} has ${fmt(facts.vocab)} distinct characters but ${where}: set vocab to at least ${fmt(facts.vocab)} (on the Input, its Embedding and the head).`,
      fix: vocabFix(doc, [input], output ? [output] : [], facts.vocab),
    });
  }
  const T = input.seqLen;
  const shortest = Math.min(facts.trainTokens, facts.valTokens);
  if (shortest < T + 1) {
    const split = facts.valTokens <= facts.trainTokens ? "validation split (the last tenth)" : "training split";
    const fit = shortest - 1;
    out.push({
      code: "val-split",
      nodeId: input.node.id,
      field: "seqLen",
      message: `${what} is too short for the context of ${nameOf(input.node)} (${fmt(T)}): its ${split} has ${fmt(shortest)} characters and a block needs ${fmt(T + 1)}. Use a text of at least ${fmt(minTokensFor(T))} characters${fit >= 1 ? `, or set the context (seqLen) to ${fit}` : ""}.`,
      fix:
        fit >= 1
          ? { label: `Set seqLen to ${fit} on ${input.node.id}`, edits: [{ nodeId: input.node.id, params: { seqLen: fit } }] }
          : undefined,
    });
  }
  return out;
}

function sequenceProblems(
  doc: GraphDocument,
  g: GraphFacts,
  dataset: Extract<DatasetSpec, { kind: "sequence" }>,
  facts: SequenceFacts,
): DataProblem[] {
  const out: DataProblem[] = [];
  const tokens = g.inputs.filter((i) => i.kind === "tokens");
  const output = g.outputs[0];
  if (!output) out.push({ code: "output-kind", message: "The graph has no Output block: add an Output / loss after the head." });
  else if (output.kind === "regression") {
    out.push({
      code: "output-kind",
      nodeId: output.node.id,
      field: "kind",
      message: `A sequence task predicts tokens, but ${nameOf(output.node)} does regression: set its kind to classification.`,
      fix: { label: `Set ${output.node.id} to classification`, edits: [{ nodeId: output.node.id, params: { kind: "classification" } }] },
    });
  }
  const short = tokens.filter((i) => i.vocabSize < facts.vocab);
  const headShort = output?.width !== undefined && output.width < facts.vocab;
  if (short.length > 0 || headShort) {
    out.push({
      code: "vocab",
      nodeId: short[0]?.node.id ?? output?.head?.id,
      field: short.length > 0 ? "vocabSize" : "units",
      message: `The ${dataset.task} task has ${facts.vocab} tokens but ${short.length > 0 ? short.map((i) => `${nameOf(i.node)} has vocabulary ${i.vocabSize}`).join(" and ") : `the head gives ${output!.width} scores`}: set vocab to at least ${facts.vocab}.`,
      fix: vocabFix(doc, tokens, output ? [output] : [], facts.vocab),
    });
  }
  const lengthFix = (pairs: [InputFacts, number][]): DataFix => {
    const edits: ParamEdit[] = pairs
      .filter(([i, L]) => i.seqLen !== L)
      .flatMap(([i, L]) => [{ nodeId: i.node.id, params: { seqLen: L } }, ...positionEdits(doc, i, L)]);
    return { label: `Set ${pairs.map(([i, L]) => `${i.node.id} length to ${L}`).join(", ")}`, edits };
  };
  if (dataset.format === "seq2seq") {
    if (g.inputs.length !== 2 || tokens.length !== 2) {
      const asStream = g.inputs.length === 1 && tokens.length === 1;
      out.push({
        code: "input-kind",
        nodeId: g.inputs[0]?.node.id,
        field: "dataset.format",
        message: `An encoder–decoder (seq2seq) needs two token Inputs, the source (length symbol S) and the target (T); the graph has ${tokens.length}.${asStream ? " Train it as one stream (format decoder) instead." : ""}`,
        fix: asStream ? { label: "Use format decoder", edits: [], dataset: { ...dataset, format: "decoder" } } : undefined,
      });
      return out;
    }
    const [src, tgt] = tokens[1].lengthName === "S" && tokens[0].lengthName !== "S" ? [tokens[1], tokens[0]] : [tokens[0], tokens[1]];
    if (src.seqLen !== facts.srcLen || tgt.seqLen !== facts.tgtLen) {
      out.push({
        code: "length",
        nodeId: src.seqLen !== facts.srcLen ? src.node.id : tgt.node.id,
        field: "seqLen",
        message: `The ${dataset.task} task (length ${dataset.length}) has source length ${facts.srcLen} and target length ${facts.tgtLen}, but ${nameOf(src.node)} has ${src.seqLen} and ${nameOf(tgt.node)} ${tgt.seqLen}: set the Inputs' lengths to match.`,
        fix: lengthFix([
          [src, facts.srcLen],
          [tgt, facts.tgtLen],
        ]),
      });
    }
    return out;
  }
  if (g.inputs.length !== 1 || tokens.length !== 1) {
    out.push({
      code: "input-kind",
      nodeId: g.inputs[0]?.node.id,
      field: "dataset.format",
      message: `A decoder-only model takes one token Input; the graph has ${g.inputs.length} Inputs.${tokens.length === 2 ? " Train it as an encoder–decoder (format seq2seq) instead." : ""}`,
      fix:
        tokens.length === 2 && g.inputs.length === 2
          ? { label: "Use format seq2seq", edits: [], dataset: { ...dataset, format: "seq2seq" } }
          : undefined,
    });
    return out;
  }
  if (tokens[0].seqLen !== facts.streamLen) {
    out.push({
      code: "length",
      nodeId: tokens[0].node.id,
      field: "seqLen",
      message: `The ${dataset.task} task as one stream has length ${facts.streamLen} but ${nameOf(tokens[0].node)} has ${tokens[0].seqLen}: set its length to ${facts.streamLen}.`,
      fix: lengthFix([[tokens[0], facts.streamLen]]),
    });
  }
  return out;
}

/** The recall task on a decoder-only model: k below the length, one token Input of that length and vocabulary, a language-model Output. */
function recallProblems(
  doc: GraphDocument,
  g: GraphFacts,
  dataset: Extract<DatasetSpec, { kind: "recall" }>,
  facts: RecallFacts,
): DataProblem[] {
  const out: DataProblem[] = [];
  if (facts.distance >= facts.seqLen) {
    const length = facts.distance + 1;
    out.push({
      code: "setting",
      field: "dataset.distance",
      message: `The recall distance k (${facts.distance}) must be below the sequence length (${facts.seqLen}), or no position has a symbol k steps back to recall: set length to at least ${length}, or lower k.`,
      fix: { label: `Set the recall length to ${length}`, edits: [], dataset: { ...dataset, length } },
    });
  }
  const stream = streamProblems(g, {
    inputs: "The recall task feeds one stream of symbols to one Input of kind tokens",
    output: "The recall task predicts a symbol at every position",
  });
  out.push(...stream.out);
  const { input, output } = stream;
  if (!input) return out;
  const headShort = output?.width !== undefined && output.width < facts.vocab;
  if (input.vocabSize < facts.vocab || headShort) {
    out.push({
      code: "vocab",
      nodeId: input.vocabSize < facts.vocab ? input.node.id : output?.head?.id,
      field: input.vocabSize < facts.vocab ? "vocabSize" : "units",
      message: `The recall task has ${facts.vocab} symbols but ${input.vocabSize < facts.vocab ? `${nameOf(input.node)} has vocabulary ${input.vocabSize}` : `the head gives ${output!.width} scores`}: set vocab to at least ${facts.vocab}.`,
      fix: vocabFix(doc, [input], output ? [output] : [], facts.vocab),
    });
  }
  if (input.seqLen !== facts.seqLen) {
    const edits = [{ nodeId: input.node.id, params: { seqLen: facts.seqLen } }, ...positionEdits(doc, input, facts.seqLen)];
    out.push({
      code: "length",
      nodeId: input.node.id,
      field: "seqLen",
      message: `The recall task has length ${facts.seqLen} but ${nameOf(input.node)} has ${input.seqLen}: set its length to ${facts.seqLen}, or the recall length to ${input.seqLen}.`,
      fix: { label: `Set ${input.node.id} length to ${facts.seqLen}`, edits },
    });
  }
  return out;
}

/**
 * Every problem that would stop a run of `dataset` and `config` on `doc`, or make it fail
 * later; empty when Start can go. Pure: no tensors, no compile.
 * @example checkTraining(mlp, { dataset: csvOf4Features3Classes, config }).map((p) => p.code) // ["features", "classes"]
 */
export function checkTraining(doc: GraphDocument, input: CheckInput): DataProblem[] {
  const { dataset, config } = input;
  const problems = settingProblems(dataset, config);
  if ((dataset.kind === "text" || dataset.kind === "csv") && dataset.text === "") {
    const file = dataset.file;
    problems.unshift(
      file
        ? {
            code: "data-missing",
            field: "dataset.text",
            message: `This document trains on ${file.name} (${(file.size / 1e6).toFixed(1)} MB), which is too big to keep in the document: upload ${file.name} again.`,
          }
        : {
            code: "no-data",
            field: "dataset.text",
            message:
              dataset.kind === "text"
                ? "Paste or upload some text to learn from (a few thousand characters or more)."
                : "Paste or upload a CSV table: a header row, then one example per line.",
          },
    );
    return problems;
  }
  const analysis = input.analysis ?? analyse(doc);
  const g = graphFacts(doc, analysis);
  const regression = g.outputs[0]?.kind === "regression";
  const facts = input.facts ?? describeData(dataset, { seed: config.seed, regression });
  if (facts.kind === "rows") problems.push(...rowProblems(doc, g, dataset, facts));
  else if (facts.kind === "text") problems.push(...textProblems(doc, g, dataset, facts));
  else if (facts.kind === "recall" && dataset.kind === "recall") problems.push(...recallProblems(doc, g, dataset, facts));
  else if (facts.kind === "sequence" && dataset.kind === "sequence") problems.push(...sequenceProblems(doc, g, dataset, facts));
  return problems;
}
