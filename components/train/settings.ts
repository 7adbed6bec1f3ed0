/**
 * The Train tab's settings: a dataset spec and a training config, taken from the document's
 * `meta.training` (the presets set it) and changed in the tab. Pure, so it is tested without a
 * browser; the form only renders what `settingsFields` returns.
 */
import { z } from "zod";
import { DatasetSpecSchema, TrainConfigSchema, TrainingSpecSchema } from "@/graph";
import type { DatasetSpec, TrainConfig } from "@/graph";
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
 * The settings a document asks for; the defaults where it says nothing or something invalid.
 * @example settingsFromDocument(buildPreset("gpt").graph.meta.training).dataset.kind // "corpus"
 */
export function settingsFromDocument(training: unknown): TrainSettings {
  const parsed = TrainingSpecSchema.safeParse(training ?? {});
  if (parsed.success) return { dataset: parsed.data.dataset, config: parsed.data.config };
  // Keep whatever part of it is valid.
  const raw = (training ?? {}) as { dataset?: unknown; config?: unknown };
  const dataset = z.object({ dataset: TrainingSpecSchema.shape.dataset }).safeParse({ dataset: raw.dataset });
  const config = TrainConfigSchema.safeParse(raw.config ?? {});
  return { dataset: dataset.success ? dataset.data.dataset : defaultDataset("points"), config: config.success ? config.data : DEFAULT_CONFIG };
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
const CONFIG_ORDER: (keyof TrainConfig)[] = ["optimizer", "lr", "schedule", "warmupSteps", "minLrRatio", "steps", "batchSize", "seed", "evalEvery", "evalBatches", "clipNorm", "weightDecay", "momentum"];

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
};

/** Fields that matter only for some settings: hidden otherwise so the grid stays short. */
export function fieldApplies(key: string, config: TrainConfig): boolean {
  if (key === "weightDecay") return config.optimizer === "adamw";
  if (key === "momentum") return config.optimizer === "sgd";
  if (key === "minLrRatio") return config.schedule === "cosine";
  return true;
}

/**
 * Why these settings cannot start a run (the first reason), or undefined when they can.
 * @example settingsProblem({ dataset: { kind: "text", text: "" }, config }) // "Paste or upload some text first"
 */
export function settingsProblem(s: TrainSettings): string | undefined {
  if (s.dataset.kind === "text" && s.dataset.text.length < 2) return "Paste or upload some text first";
  if (s.dataset.kind === "csv" && s.dataset.text.trim() === "") return "Upload a CSV file first";
  const d = datasetSchema(s.dataset.kind).safeParse(s.dataset);
  if (!d.success) return `dataset ${d.error.issues[0].path.join(".")}: ${d.error.issues[0].message}`;
  const c = TrainConfigSchema.safeParse(s.config);
  if (!c.success) return `${c.error.issues[0].path.join(".")}: ${c.error.issues[0].message}`;
  return undefined;
}

/** A one-line summary of the data, shown before a run gives a real preview. */
export function datasetSummary(d: DatasetSpec): string {
  switch (d.kind) {
    case "points":
      return `${d.samples.toLocaleString("en-US")} points, ${d.name}, ${d.classes} classes, noise ${d.noise}`;
    case "sequence":
      return `${d.task} ${d.length} digits, ${d.samples.toLocaleString("en-US")} examples, ${d.format === "seq2seq" ? "source → target" : "one stream"}`;
    case "corpus":
      return `${d.chars.toLocaleString("en-US")} characters of generated stories`;
    case "text":
      return d.text ? `${d.text.length.toLocaleString("en-US")} characters, ${new Set(d.text).size} distinct` : "no text yet";
    case "csv": {
      const lines = d.text.split(/\r?\n/).filter((l) => l.trim() !== "");
      return lines.length ? `${lines.length - 1} rows; columns ${lines[0]}` : "no table yet";
    }
  }
}
