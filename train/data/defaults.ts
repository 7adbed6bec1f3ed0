/**
 * Training defaults for a graph that names none (`meta.training` absent): the data follows its
 * Inputs and Output, and the optimiser settings are ones measured to learn on that kind of data
 * (see tests/train/defaults-learn.test.ts), not one config for every graph.
 */
import { analyse, TrainConfigSchema } from "../../graph";
import type { Analysis, DatasetSpec, GraphDocument, TrainConfig } from "../../graph";
import { graphFacts } from "./graphFacts";

/**
 * Per kind of data: classifiers of points and tables like the MLP preset (Adam at 1e-2 for
 * 2,000 steps of 64, no clipping); language models like the GPT preset (AdamW 2e-3, warmup,
 * clipping); sequence tasks like the Transformer preset.
 */
const CONFIGS: Record<"rows" | "text" | "sequence", Partial<TrainConfig>> = {
  rows: {
    steps: 2000,
    batchSize: 64,
    lr: 0.01,
    optimizer: "adam",
    warmupSteps: 0,
    schedule: "cosine",
    minLrRatio: 0.05,
    weightDecay: 0,
    clipNorm: 0,
    evalEvery: 100,
  },
  text: {
    steps: 600,
    batchSize: 16,
    lr: 2e-3,
    optimizer: "adamw",
    warmupSteps: 50,
    schedule: "cosine",
    minLrRatio: 0.1,
    weightDecay: 0.1,
    clipNorm: 1,
    evalEvery: 50,
  },
  sequence: {
    steps: 800,
    batchSize: 64,
    lr: 2e-3,
    optimizer: "adam",
    warmupSteps: 50,
    schedule: "cosine",
    minLrRatio: 0.05,
    weightDecay: 0,
    clipNorm: 1,
    evalEvery: 100,
  },
};

/** Which of CONFIGS a kind of data trains with (recall, a token task, like the sequence tasks). */
const familyOf = (kind: DatasetSpec["kind"]): keyof typeof CONFIGS =>
  kind === "points" || kind === "csv" ? "rows" : kind === "sequence" || kind === "recall" ? "sequence" : "text";

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The dataset that fits a graph's Inputs and Output best. */
function defaultDataset(doc: GraphDocument, analysis: Analysis): DatasetSpec {
  const { inputs, outputs } = graphFacts(doc, analysis);
  const out = outputs[0];
  const tokens = inputs.filter((i) => i.kind === "tokens");
  if (inputs.length === 2 && tokens.length === 2) {
    const src = tokens.find((i) => i.lengthName === "S") ?? tokens[0];
    return { kind: "sequence", task: "reverse", length: clamp(src.seqLen, 2, 64), samples: 20_000, format: "seq2seq" };
  }
  if (inputs.length === 1 && tokens.length === 1) {
    if (out?.kind === "language_model" || !out) return { kind: "corpus", chars: 250_000 };
    // A token classifier: a sequence task as one stream ("source | target", 2L positions).
    return {
      kind: "sequence",
      task: "reverse",
      length: clamp(Math.floor(tokens[0].seqLen / 2), 2, 64),
      samples: 20_000,
      format: "decoder",
    };
  }
  if (out?.kind === "regression") return { kind: "csv", text: "", label: "" };
  const classes = out?.width !== undefined && out.width >= 2 && out.width <= 10 ? out.width : 2;
  return { kind: "points", name: "spirals", samples: 2000, noise: 0.05, classes };
}

/**
 * The settings a graph without `meta.training` trains with.
 * @example defaultTraining(handBuiltGpt).dataset // { kind: "corpus", chars: 250000 }
 */
export function defaultTraining(doc: GraphDocument, analysis: Analysis = analyse(doc)): { dataset: DatasetSpec; config: TrainConfig } {
  const dataset = defaultDataset(doc, analysis);
  return { dataset, config: TrainConfigSchema.parse(CONFIGS[familyOf(dataset.kind)]) };
}

/** The optimiser defaults for a kind of data (the Train tab uses them when the data kind changes on a graph without settings). */
export function defaultConfigFor(kind: DatasetSpec["kind"]): TrainConfig {
  return TrainConfigSchema.parse(CONFIGS[familyOf(kind)]);
}

/**
 * The document as it trains: itself when it names its training, otherwise with the defaults
 * written into `meta.training`, so an export trains on what the Train tab would.
 * @example emitTypeScript(withDefaultTraining(handBuilt)) // trains on the spirals, not "no training data"
 */
export function withDefaultTraining(doc: GraphDocument): GraphDocument {
  return doc.meta.training === undefined ? { ...doc, meta: { ...doc.meta, training: defaultTraining(doc) } } : doc;
}
