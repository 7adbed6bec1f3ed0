/**
 * The Train tab's settings: a dataset spec and a training config, taken from the document's
 * `meta.training` (the presets set it) and changed in the tab. Pure, so it is tested without a
 * browser; the form only renders what `settingsFields` returns.
 */
import { z } from "zod";
import { DatasetSpecSchema, TrainConfigSchema, TrainingSpecSchema } from "@/graph";
import type { Analysis, DataFileRef, DatasetSpec, EditResult, GraphDocument, TrainConfig } from "@/graph";
import { applyDataFixes, defaultConfigFor, defaultTraining } from "@/train/data";
import type { DataFix } from "@/train/data";
import { describeFields } from "../inspector/fields";
import type { FieldSpec } from "../inspector/fields";

export type DatasetKind = DatasetSpec["kind"];

export interface TrainSettings {
  dataset: DatasetSpec;
  config: TrainConfig;
}

export const DATASET_KINDS: { kind: DatasetKind; label: string; doc: string }[] = [
  { kind: "points", label: "2-D points", doc: "Spirals, moons, circles, XOR or blobs: a classifier of two features" },
  { kind: "sequence", label: "Sequence task", doc: "Copy, reverse, sort, add or parity: a model learns an algorithm" },
  {
    kind: "recall",
    label: "Recall k steps back",
    doc: "Random symbols; output the one seen k steps earlier: how far back a model remembers",
  },
  { kind: "corpus", label: "Built-in corpus", doc: "Generated English-like stories for a character language model" },
  { kind: "text", label: "Your text", doc: "Paste or upload text for a character language model" },
  { kind: "csv", label: "CSV table", doc: "Upload a table: one column is the label, the others the features" },
];

/** The schema of one dataset kind: the member of the discriminated union with that `kind`. */
export function datasetSchema(kind: DatasetKind): z.ZodObject {
  const schema = DatasetSpecSchema.options.find((o) => o.shape.kind.value === kind);
  if (!schema) throw new Error(`unknown dataset kind ${kind}`);
  return schema as unknown as z.ZodObject;
}

/** Field docs the dataset schemas do not carry (they document themselves in comments). */
const DATASET_DOCS: Record<string, string> = {
  name: "Which 2-D dataset",
  samples: "Examples generated (a tenth is kept for validation)",
  noise: "Scatter of the points",
  classes: "Number of classes (spirals, blobs)",
  task: "What the model must learn to do with a row of digits",
  length: "Digits per example",
  format: "seq2seq: source and target apart (encoder–decoder); decoder: one stream",
  chars: "Characters of generated text",
  label: "Name of the label column (empty: the last column)",
};

/** A dataset of `kind` with every default filled in; text and CSV start empty (the user gives them). */
export function defaultDataset(kind: DatasetKind): DatasetSpec {
  if (kind === "text") return { kind, text: "" };
  if (kind === "csv") return { kind, text: "", label: "" };
  return datasetSchema(kind).parse({ kind }) as DatasetSpec;
}

export const DEFAULT_CONFIG: TrainConfig = TrainConfigSchema.parse({});

/**
 * The settings a document asks for; `fallback` (the plain defaults unless given) where it says
 * nothing or something invalid.
 * @example settingsFromDocument(buildPreset("gpt").graph.meta.training).dataset.kind // "corpus"
 */
export function settingsFromDocument(
  training: unknown,
  fallback: TrainSettings = { dataset: defaultDataset("points"), config: DEFAULT_CONFIG },
): TrainSettings {
  if (training === undefined) return fallback;
  const parsed = TrainingSpecSchema.safeParse(training);
  if (parsed.success) return { dataset: parsed.data.dataset, config: parsed.data.config };
  // Keep whatever part of it is valid.
  const raw = (training ?? {}) as { dataset?: unknown; config?: unknown };
  const dataset = z.object({ dataset: TrainingSpecSchema.shape.dataset }).safeParse({ dataset: raw.dataset });
  const config = TrainConfigSchema.safeParse(raw.config ?? {});
  return { dataset: dataset.success ? dataset.data.dataset : fallback.dataset, config: config.success ? config.data : fallback.config };
}

/**
 * The settings of a document: its `meta.training`, or for a graph without one the defaults
 * that fit its Inputs and Output (tokens + language model → the corpus, features → points).
 * @example settingsOf(handBuiltGpt).dataset.kind // "corpus"
 */
export function settingsOf(doc: GraphDocument, analysis?: Analysis): TrainSettings {
  return settingsFromDocument(doc.meta.training, doc.meta.training === undefined ? defaultTraining(doc, analysis) : undefined);
}

/** The document with `settings` as its `meta.training`: the data and settings travel with it. */
export function withSettings(doc: GraphDocument, settings: TrainSettings): GraphDocument {
  return { ...doc, meta: { ...doc.meta, training: { dataset: settings.dataset, config: settings.config } } };
}

/**
 * Another kind of data. An optimiser config still at the defaults of the old kind follows the
 * new kind (a classifier's Adam 1e-2 is not a language model's); one the user changed stays.
 */
export function changeKind(settings: TrainSettings, kind: DatasetKind): TrainSettings {
  const untouched = JSON.stringify(settings.config) === JSON.stringify(defaultConfigFor(settings.dataset.kind));
  return { dataset: changeDatasetKind(settings.dataset, kind), config: untouched ? defaultConfigFor(kind) : settings.config };
}

/**
 * Most characters of the user's text or CSV kept in the document: 2,000,000 (about 2 MB), a
 * fifth of a document's 10 MB limit, so autosave and Download stay quick. Larger data is named
 * by a reference and kept in memory for this page only.
 */
export const MAX_DOCUMENT_DATA_CHARS = 2_000_000;

/** What user data becomes in the document: the text itself, or (over the limit, given its `ref`) a reference to it. */
export function placeData(
  dataset: Extract<DatasetSpec, { kind: "text" | "csv" }>,
  text: string,
  ref?: DataFileRef,
): Extract<DatasetSpec, { kind: "text" | "csv" }> {
  const { file: _old, ...rest } = dataset;
  return text.length <= MAX_DOCUMENT_DATA_CHARS || !ref ? { ...rest, text } : { ...rest, text: "", file: ref };
}

/**
 * The edit "Apply fix" makes: the fixes' param (and dataset) changes, with the settings in force
 * written to the document first when it had none, so the data stays what the user saw.
 * @example editor.edit((d) => fixSettings(d, [vocabFix], settings)) // one undo step
 */
export function fixSettings(doc: GraphDocument, fixes: readonly DataFix[], settings: TrainSettings): EditResult {
  return applyDataFixes(doc.meta.training === undefined ? withSettings(doc, settings) : doc, fixes, settings);
}

/** The dataset with the text of a referenced file filled in from `files` (by hash) when this page has it. */
export function resolveData(dataset: DatasetSpec, files: Readonly<Record<string, string>>): DatasetSpec {
  if (
    (dataset.kind === "text" || dataset.kind === "csv") &&
    dataset.text === "" &&
    dataset.file &&
    files[dataset.file.hash] !== undefined
  ) {
    return { ...dataset, text: files[dataset.file.hash] };
  }
  return dataset;
}

/** Switches the dataset kind, keeping nothing of the old one but the sample count where both have one. */
export function changeDatasetKind(current: DatasetSpec, kind: DatasetKind): DatasetSpec {
  if (current.kind === kind) return current;
  const next = defaultDataset(kind);
  if ("samples" in current && "samples" in next) {
    const tried = datasetSchema(kind).safeParse({ ...next, samples: current.samples });
    if (tried.success) return tried.data as DatasetSpec;
  }
  return next;
}

/** The editable fields of a dataset kind: everything but `kind`, and the text of text/CSV (it has its own box). */
export function datasetFields(kind: DatasetKind): FieldSpec[] {
  return describeFields(datasetSchema(kind))
    .filter((f) => f.key !== "kind" && f.key !== "text")
    .map((f) => (f.doc || !DATASET_DOCS[f.key] ? f : { ...f, doc: DATASET_DOCS[f.key] }));
}

/** The training config's fields, in the order people think about them. */
const CONFIG_ORDER: (keyof TrainConfig)[] = [
  "optimizer",
  "lr",
  "schedule",
  "warmupSteps",
  "minLrRatio",
  "steps",
  "batchSize",
  "seed",
  "evalEvery",
  "evalBatches",
  "clipNorm",
  "weightDecay",
  "momentum",
];

export function configFields(): FieldSpec[] {
  const fields = describeFields(TrainConfigSchema);
  return CONFIG_ORDER.flatMap((k) => fields.find((f) => f.key === k) ?? []);
}

/** Labels short enough for a dense grid; the schema's doc stays the tooltip. */
export const SHORT_LABELS: Record<string, string> = {
  lr: "Learning rate",
  warmupSteps: "Warmup",
  minLrRatio: "Final lr ×",
  batchSize: "Batch",
  evalEvery: "Eval every",
  evalBatches: "Eval batches",
  clipNorm: "Clip norm",
  weightDecay: "Weight decay",
  samples: "Samples",
  name: "Dataset",
  distance: "Distance k",
  vocab: "Symbols",
};

/** Fields that matter only for some settings: hidden otherwise so the grid stays short. */
export function fieldApplies(key: string, config: TrainConfig): boolean {
  if (key === "weightDecay") return config.optimizer === "adamw";
  if (key === "momentum") return config.optimizer === "sgd";
  if (key === "minLrRatio") return config.schedule === "cosine";
  return true;
}

/** A one-line summary of the data, shown before a run gives a real preview. */
export function datasetSummary(d: DatasetSpec): string {
  switch (d.kind) {
    case "points":
      return `${d.samples.toLocaleString("en-US")} points, ${d.name}, ${d.classes} classes, noise ${d.noise}`;
    case "sequence":
      return `${d.task} ${d.length} digits, ${d.samples.toLocaleString("en-US")} examples, ${d.format === "seq2seq" ? "source → target" : "one stream"}`;
    case "recall":
      return `recall k = ${d.distance} of length ${d.length}, ${d.vocab} symbols, ${d.samples.toLocaleString("en-US")} sequences`;
    case "corpus":
      return `${d.chars.toLocaleString("en-US")} characters of generated stories`;
    case "text":
      if (!d.text && d.file) return `${d.file.name}: not in this page (upload it again)`;
      return d.text ? `${d.text.length.toLocaleString("en-US")} characters, ${new Set(d.text).size} distinct` : "no text yet";
    case "csv": {
      if (!d.text && d.file) return `${d.file.name}: not in this page (upload it again)`;
      const lines = d.text.split(/\r?\n/).filter((l) => l.trim() !== "");
      return lines.length ? `${lines.length - 1} rows; columns ${lines[0]}` : "no table yet";
    }
  }
}
