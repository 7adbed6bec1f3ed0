/** The recall dataset (train/data/recall.ts) as a Task the Trainer draws batches from. */
import * as tf from "@tensorflow/tfjs";
import { createRng } from "./data";
import type { RecallDataset } from "./data";
import type { Batch, Task } from "./trainer";

/**
 * Train batches come from the first rows, validation batches from the last `valFraction`;
 * only positions t ≥ k carry loss weight, so accuracy is over the recalled symbols alone.
 * @example new Trainer(model, recallTask(makeRecallTask({ n: 20_000, distance: 32 }), 0), config)
 */
export function recallTask(data: RecallDataset, seed: number, valFraction = 0.1): Task {
  const rng = createRng(seed);
  const valStart = Math.floor(data.n * (1 - valFraction));
  if (valStart < 1 || valStart >= data.n) throw new Error(`recall task: ${data.n} samples cannot be split into train and validation rows`);
  const L = data.seqLen;
  const batch = (split: "train" | "val", batchSize: number): Batch => {
    const [lo, hi] = split === "train" ? [0, valStart] : [valStart, data.n];
    const x = new Int32Array(batchSize * L);
    const y = new Int32Array(batchSize * L);
    const w = new Float32Array(batchSize * L);
    for (let b = 0; b < batchSize; b++) {
      const r = (lo + rng.int(hi - lo)) * L;
      x.set(data.x.subarray(r, r + L), b * L);
      y.set(data.y.subarray(r, r + L), b * L);
      w.set(data.mask.subarray(r, r + L), b * L);
    }
    return {
      inputs: [tf.tensor2d(x, [batchSize, L], "int32")],
      target: tf.tensor2d(y, [batchSize, L], "int32"),
      weights: tf.tensor2d(w, [batchSize, L]),
      tokens: batchSize * L,
    };
  };
  return { kind: "language_model", batch };
}
