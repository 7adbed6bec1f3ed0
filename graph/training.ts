/**
 * What a document says about how to train it: the dataset and the optimiser settings, as
 * plain, validated data (stored in `meta.training`). `train/` turns these into batches.
 */
import { z } from "zod";

export const PointsDatasetSchema = z.object({
  kind: z.literal("points"),
  name: z.enum(["spirals", "moons", "circles", "xor", "blobs"]).default("spirals"),
  samples: z.number().int().min(20).max(100_000).default(2000),
  noise: z.number().min(0).max(2).default(0.1),
  classes: z.number().int().min(2).max(10).default(2),
});

export const SequenceDatasetSchema = z.object({
  kind: z.literal("sequence"),
  task: z.enum(["copy", "reverse", "sort", "add", "parity"]).default("reverse"),
  length: z.number().int().min(2).max(64).default(8),
  samples: z.number().int().min(100).max(1_000_000).default(20_000),
  /** How the model sees it: source and target apart (encoder–decoder) or one stream (decoder-only). */
  format: z.enum(["seq2seq", "decoder"]).default("seq2seq"),
});

/** The recall task's dependency distances k (train/data/recall.ts generates it). */
export const RECALL_MIN_DISTANCE = 2;
export const RECALL_MAX_DISTANCE = 128;

/**
 * Long-range recall: random symbols, and from position k on the model outputs the symbol it saw
 * exactly k steps earlier (accuracy is over those positions). k < length, checked before Start.
 */
export const RecallDatasetSchema = z.object({
  kind: z.literal("recall"),
  distance: z
    .number()
    .int()
    .min(RECALL_MIN_DISTANCE)
    .max(RECALL_MAX_DISTANCE)
    .default(8)
    .describe(`Distance k (${RECALL_MIN_DISTANCE}–${RECALL_MAX_DISTANCE}): at position t the target is the symbol at t − k`),
  length: z
    .number()
    .int()
    .min(RECALL_MIN_DISTANCE + 1)
    .max(1024)
    .default(24)
    .describe("Sequence length T: positions k … T−1 are scored, so k must be below T"),
  vocab: z.number().int().min(2).max(1000).default(8).describe("Symbols (chance accuracy is 1 / symbols)"),
  samples: z.number().int().min(100).max(1_000_000).default(8_000).describe("Sequences generated (a tenth is kept for validation)"),
});

export const CorpusDatasetSchema = z.object({
  kind: z.literal("corpus"),
  /** Characters of the generated corpus. */
  chars: z.number().int().min(10_000).max(5_000_000).default(250_000),
});

/**
 * A file the document names but does not hold (it was over the size limit for data kept in
 * the document): the Train tab asks for it again and compares the hash.
 */
export const DataFileRefSchema = z.object({
  name: z.string().max(500),
  /** Characters of the file's text (UTF-16 code units). */
  size: z.number().int().min(0),
  /** SHA-256 of the text (UTF-8), hex. */
  hash: z.string().max(128),
});
export type DataFileRef = z.infer<typeof DataFileRefSchema>;

/** The user's own text. Empty while none is given, or when it lives in the file `file` names. */
export const TextDatasetSchema = z.object({
  kind: z.literal("text"),
  text: z.string().max(20_000_000).default(""),
  file: DataFileRefSchema.optional(),
});

export const CsvDatasetSchema = z.object({
  kind: z.literal("csv"),
  text: z.string().max(20_000_000).default(""),
  label: z.string().max(200).default(""),
  file: DataFileRefSchema.optional(),
});

export const DatasetSpecSchema = z.discriminatedUnion("kind", [
  PointsDatasetSchema,
  SequenceDatasetSchema,
  RecallDatasetSchema,
  CorpusDatasetSchema,
  TextDatasetSchema,
  CsvDatasetSchema,
]);
export type DatasetSpec = z.infer<typeof DatasetSpecSchema>;

export const TrainConfigSchema = z.object({
  steps: z.number().int().min(1).max(1_000_000).default(500).describe("Optimisation steps"),
  batchSize: z.number().int().min(1).max(4096).default(32).describe("Examples per step"),
  lr: z.number().min(0).max(100).default(1e-3).describe("Peak learning rate"),
  optimizer: z.enum(["adam", "adamw", "sgd"]).default("adam").describe("Adam, AdamW (decay on ≥2-D weights) or SGD with momentum"),
  warmupSteps: z.number().int().min(0).max(100_000).default(0).describe("Linear warmup steps"),
  schedule: z.enum(["constant", "cosine"]).default("cosine").describe("Learning-rate decay after warmup"),
  minLrRatio: z.number().min(0).max(1).default(0.1).describe("Final learning rate as a fraction of the peak (cosine)"),
  weightDecay: z.number().min(0).max(1).default(0.1).describe("AdamW weight decay"),
  momentum: z.number().min(0).max(0.999).default(0.9).describe("SGD momentum"),
  clipNorm: z.number().min(0).max(1000).default(1).describe("Clip gradients to this global norm (0: off)"),
  evalEvery: z.number().int().min(1).max(100_000).default(50).describe("Evaluate on validation data every N steps"),
  evalBatches: z.number().int().min(1).max(100).default(4).describe("Validation batches per evaluation"),
  seed: z.number().int().min(0).max(2_147_483_647).default(0).describe("Seed for weights and batches"),
});
export type TrainConfig = z.infer<typeof TrainConfigSchema>;

export const TrainingSpecSchema = z.object({
  dataset: DatasetSpecSchema,
  config: TrainConfigSchema.default(TrainConfigSchema.parse({})),
});
export type TrainingSpec = z.infer<typeof TrainingSpecSchema>;
