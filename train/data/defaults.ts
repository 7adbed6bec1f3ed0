/**
 * Training defaults for a graph that names none (`meta.training` absent): the data follows its
 * Inputs and Output, and the optimiser settings are ones measured to learn on that kind of data
 * (see tests/train/defaults-learn.test.ts), not one config for every graph.
 */
import { analyse, TRAIN_RECIPES } from "../../graph";
import type { Analysis, DatasetSpec, GraphDocument, TrainConfig } from "../../graph";
import { graphFacts } from "./graphFacts";

/** Which training recipe a kind of data trains with (recall, a token task, like the sequence tasks). */
const familyOf = (kind: DatasetSpec["kind"]): keyof typeof TRAIN_RECIPES =>
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
  return { dataset, config: { ...TRAIN_RECIPES[familyOf(dataset.kind)] } };
}

/** The optimiser defaults for a kind of data (the Train tab uses them when the data kind changes on a graph without settings). */
export function defaultConfigFor(kind: DatasetSpec["kind"]): TrainConfig {
  return { ...TRAIN_RECIPES[familyOf(kind)] };
}

/**
 * The document as it trains: itself when it names its training, otherwise with the defaults
 * written into `meta.training`, so an export trains on what the Train tab would.
 * @example emitTypeScript(withDefaultTraining(handBuilt)) // trains on the spirals, not "no training data"
 */
export function withDefaultTraining(doc: GraphDocument): GraphDocument {
  return doc.meta.training === undefined ? { ...doc, meta: { ...doc.meta, training: defaultTraining(doc) } } : doc;
}
