/**
 * The long-range recall task ("delayed copy"): a stream of random symbols in which, from
 * position k on, the model must output the symbol it saw exactly k steps earlier:
 *
 *   x = s₀ s₁ … s_{k+span−1}         (uniform over `alphabet` symbols, ids 0 … alphabet−1)
 *   y[t] = x[t − k]  for k ≤ t < k + span   (scored; mask 1)
 *   y[t] = 0         for t < k               (not scored; mask 0)
 *
 * Every scored target lies exactly k steps back, so k is the dependency distance; chance
 * accuracy is 1/alphabet. A recurrent model must carry the last k symbols in its state; an
 * attention model can look k positions back directly. For a causal (decoder-only) model.
 */
import { RECALL_MAX_DISTANCE, RECALL_MIN_DISTANCE } from "../../graph";
import { createRng } from "./random";

export { RECALL_MAX_DISTANCE, RECALL_MIN_DISTANCE };

export interface RecallOptions {
  /** Samples. */
  n: number;
  /** Dependency distance k, 2 … 128. */
  distance: number;
  /** Scored positions after the first k (default 16). */
  span?: number;
  /** Symbols (default 8). */
  alphabet?: number;
  /** Seed (default 0); the same seed gives the same samples. */
  seed?: number;
}

/** A recall dataset, row-major: x and y [n, seqLen] int32 ids, mask [n, seqLen] 0/1. */
export interface RecallDataset {
  n: number;
  distance: number;
  seqLen: number;
  vocabSize: number;
  x: Int32Array;
  y: Int32Array;
  mask: Float32Array;
}

function checkInt(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new Error(`recall task: ${name} must be a whole number from ${lo} to ${hi}, got ${v}`);
}

/**
 * Generates the recall task for one distance k.
 * @example makeRecallTask({ n: 1000, distance: 32 }) // seqLen 48, 16 scored positions per row
 */
export function makeRecallTask(o: RecallOptions): RecallDataset {
  const { n, distance: k, span = 16, alphabet = 8, seed = 0 } = o;
  checkInt("n", n, 1, 10_000_000);
  checkInt("distance k", k, RECALL_MIN_DISTANCE, RECALL_MAX_DISTANCE);
  checkInt("span", span, 1, 1024);
  checkInt("alphabet", alphabet, 2, 1000);
  const seqLen = k + span;
  const rng = createRng(seed);
  const x = new Int32Array(n * seqLen);
  const y = new Int32Array(n * seqLen);
  const mask = new Float32Array(n * seqLen);
  for (let r = 0; r < n; r++) {
    const row = r * seqLen;
    for (let t = 0; t < seqLen; t++) x[row + t] = rng.int(alphabet);
    for (let t = k; t < seqLen; t++) {
      y[row + t] = x[row + t - k];
      mask[row + t] = 1;
    }
  }
  return { n, distance: k, seqLen, vocabSize: alphabet, x, y, mask };
}
