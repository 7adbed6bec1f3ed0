/**
 * What the BPE worker does, without the worker: train on a text with progress, and cancel.
 * Plain functions over a closure (no module state), so Node tests call it directly and the
 * worker file only exposes it with Comlink.
 */
import { BpeCancelledError, trainBpeAsync } from "./bpe-train";
import type { BpeProgress, BpeTrainOptions } from "./bpe-train";
import type { BpeTokenizerJSON } from "./bpe";

export interface BpeWorkerApi {
  /** Trains and returns the saved form; rejects with a "cancelled" message after `cancel()`. */
  train(text: string, options: BpeTrainOptions, onProgress?: (p: BpeProgress) => void): Promise<BpeTokenizerJSON>;
  /** Stops the training under way (if any) at its next check, within a few milliseconds of work. */
  cancel(): void;
}

/**
 * A fresh BPE worker core; one training at a time (a new `train` cancels the previous one).
 * @example const core = createBpeWorkerCore(); const json = await core.train(text, { vocabSize: 512, preSplit: true });
 */
export function createBpeWorkerCore(): BpeWorkerApi {
  let current = { cancelled: false };
  return {
    async train(text, options, onProgress) {
      current.cancelled = true;
      const run = { cancelled: false };
      current = run;
      try {
        const tok = await trainBpeAsync(text, options, onProgress, () => run.cancelled);
        return tok.toJSON();
      } catch (err) {
        // Across a worker boundary only the message survives: keep it the one a person reads.
        if (err instanceof BpeCancelledError) throw new Error(err.message, { cause: err });
        throw err;
      }
    },
    cancel() {
      current.cancelled = true;
    },
  };
}
