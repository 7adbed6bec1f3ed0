/**
 * Training settings measured to learn on each kind of data (tests/train/defaults-learn.test.ts
 * and presets-learn.test.ts), stated once: the presets train with them, and a graph that names
 * no settings gets the one for its kind of data (train/data/defaults.ts).
 */
import { TrainConfigSchema } from "./training";
import type { TrainConfig } from "./training";

/** Every field of a recipe; the rest come from the schema's defaults. */
const recipe = (settings: Partial<TrainConfig>): TrainConfig => TrainConfigSchema.parse(settings);

/**
 * Classifiers of points and tables like the MLP preset (Adam at 1e-2 for 2,000 steps of 64, no
 * clipping); language models like the GPT preset (AdamW 2e-3, warmup, clipping); sequence tasks
 * like the Transformer preset.
 */
export const TRAIN_RECIPES: Readonly<Record<"rows" | "text" | "sequence", Readonly<TrainConfig>>> = {
  rows: recipe({ steps: 2000, batchSize: 64, lr: 0.01, warmupSteps: 0, minLrRatio: 0.05, weightDecay: 0, clipNorm: 0, evalEvery: 100 }),
  text: recipe({
    steps: 600,
    batchSize: 16,
    lr: 2e-3,
    optimizer: "adamw",
    warmupSteps: 50,
    minLrRatio: 0.1,
    weightDecay: 0.1,
    clipNorm: 1,
  }),
  sequence: recipe({ steps: 800, batchSize: 64, lr: 2e-3, warmupSteps: 50, minLrRatio: 0.05, weightDecay: 0, clipNorm: 1, evalEvery: 100 }),
};
