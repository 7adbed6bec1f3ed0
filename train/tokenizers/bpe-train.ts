/**
 * Training byte-level BPE: start from the 256 bytes and repeatedly merge the most frequent
 * adjacent pair of tokens into a new token, until the vocabulary has `vocabSize` ids (or no
 * pair is left).
 *
 * Counting: a pair's count is the number of adjacent positions holding it, summed over the
 * pieces with their frequencies (so "aaa" holds (a, a) twice). Merging replaces occurrences
 * left to right ("aaa" → "Xa"). Ties: among pairs with the highest count, the one with the
 * smallest (first id, second id) wins.
 *
 * Speed: the text becomes its distinct pieces with counts (pre-split) laid out as linked lists
 * of symbols; pair counts, each pair's positions and a max-heap of counts are built once and
 * then updated only where a merge happens, so each merge costs the occurrences it touches,
 * not a rescan of the text.
 */
import { BpeTokenizer, MAX_BPE_VOCAB, pairKey } from "./bpe";
import type { BpeMerge } from "./bpe";
import { utf8Bytes } from "./bytes";
import { PairHeap } from "./heap";
import { pieceCounts } from "./pretokenize";

export interface BpeTrainOptions {
  /** 256 bytes + the number of merges to learn. */
  vocabSize: number;
  /** Cut the text into words, numbers and punctuation first (GPT-2's rule), so no token spans two words. */
  preSplit: boolean;
}

export interface BpeProgress {
  merges: number;
  /** `vocabSize - 256`: the merges asked for (training ends early if no pair is left). */
  targetMerges: number;
}

/** Thrown by `trainBpe` when `shouldCancel` returns true. */
export class BpeCancelledError extends Error {
  constructor(readonly merges: number) {
    super(`BPE training was cancelled after ${merges} merges.`);
    this.name = "BpeCancelledError";
  }
}

/** How many merges run between progress reports and cancel checks. */
const REPORT_EVERY = 32;

function checkOptions({ vocabSize }: BpeTrainOptions): void {
  if (!Number.isInteger(vocabSize) || vocabSize < 256 || vocabSize > MAX_BPE_VOCAB) {
    throw new RangeError(`BPE vocabulary size must be a whole number from 256 (the bytes alone) to ${MAX_BPE_VOCAB}, got ${vocabSize}.`);
  }
}

/**
 * The merges of BPE over `text`, as a generator that yields progress every few merges and
 * returns the merges: the one loop behind `trainBpe` and `trainBpeAsync`.
 */
export function* bpeMerges(text: string, options: BpeTrainOptions): Generator<BpeProgress, BpeMerge[], void> {
  checkOptions(options);
  const targetMerges = options.vocabSize - 256;
  const pieces = [...pieceCounts(text, options.preSplit)].map(([piece, count]) => [utf8Bytes(piece), count] as const);
  const total = pieces.reduce((n, [bytes]) => n + bytes.length, 0);
  // Position i holds a symbol (-1 once merged into its left neighbour) and links within its piece.
  const sym = new Int32Array(total);
  const next = new Int32Array(total);
  const prev = new Int32Array(total);
  const freq = new Float64Array(total);
  let at = 0;
  for (const [bytes, count] of pieces) {
    for (let i = 0; i < bytes.length; i++, at++) {
      sym[at] = bytes[i];
      prev[at] = i === 0 ? -1 : at - 1;
      next[at] = i === bytes.length - 1 ? -1 : at + 1;
      freq[at] = count;
    }
  }

  const counts = new Map<number, number>();
  /** Every position whose pair is the key, and some that no longer are (checked when used). */
  const where = new Map<number, number[]>();
  const add = (key: number, f: number, pos: number) => {
    counts.set(key, (counts.get(key) ?? 0) + f);
    const list = where.get(key);
    if (list) list.push(pos);
    else where.set(key, [pos]);
  };
  for (let i = 0; i < total; i++) if (next[i] !== -1) add(pairKey(sym[i], sym[next[i]]), freq[i], i);

  // Most frequent first; ties to the smaller pair (the key orders pairs like (a, b) tuples).
  const heap = new PairHeap((c1, k1, c2, k2) => c1 > c2 || (c1 === c2 && k1 < k2));
  for (const [key, c] of counts) heap.push(c, key);

  const merges: BpeMerge[] = [];
  while (merges.length < targetMerges) {
    let top = heap.pop();
    while (top && counts.get(top[1]) !== top[0]) top = heap.pop(); // skip stale entries
    if (!top) break;
    const key = top[1];
    const a = Math.floor(key / MAX_BPE_VOCAB);
    const b = key % MAX_BPE_VOCAB;
    const id = 256 + merges.length;
    merges.push([a, b]);

    const changed = new Set<number>();
    const sub = (k: number, f: number) => {
      counts.set(k, counts.get(k)! - f);
      changed.add(k);
    };
    // Left to right within each piece. The lists are already ascending (all positions of a pair
    // are added in one merge step, in order), so this sort is linear; it keeps the rule explicit.
    const positions = where.get(key)!.sort((x, y) => x - y);
    where.delete(key);
    for (const i of positions) {
      const j = next[i];
      if (sym[i] !== a || j === -1 || sym[j] !== b) continue; // stale, or taken by the previous occurrence
      const f = freq[i];
      const p = prev[i];
      const n = next[j];
      if (p !== -1) sub(pairKey(sym[p], a), f);
      sub(key, f);
      if (n !== -1) sub(pairKey(b, sym[n]), f);
      sym[i] = id;
      sym[j] = -1;
      next[i] = n;
      if (n !== -1) prev[n] = i;
      if (p !== -1) {
        add(pairKey(sym[p], id), f, p);
        changed.add(pairKey(sym[p], id));
      }
      if (n !== -1) {
        add(pairKey(id, sym[n]), f, i);
        changed.add(pairKey(id, sym[n]));
      }
    }
    counts.delete(key); // now 0, and no later merge can make the pair again
    changed.delete(key);
    for (const k of changed) {
      const c = counts.get(k)!;
      if (c > 0) heap.push(c, k);
      else {
        counts.delete(k);
        where.delete(k);
      }
    }
    if (merges.length % REPORT_EVERY === 0) yield { merges: merges.length, targetMerges };
  }
  return merges;
}

/**
 * Trains a byte-level BPE tokenizer on `text`. `onProgress` hears every few merges;
 * `shouldCancel` is asked as often and, when it returns true, training stops with a
 * `BpeCancelledError`.
 * @example
 * const tok = trainBpe(corpus, { vocabSize: 512, preSplit: true });
 * tok.decode(tok.encode("Once upon a time")); // "Once upon a time", in fewer ids than characters
 */
export function trainBpe(
  text: string,
  options: BpeTrainOptions,
  onProgress?: (p: BpeProgress) => void,
  shouldCancel?: () => boolean,
): BpeTokenizer {
  const run = bpeMerges(text, options);
  for (;;) {
    const step = run.next();
    if (step.done) return BpeTokenizer.fromMerges(step.value, options.preSplit);
    onProgress?.(step.value);
    if (shouldCancel?.()) throw new BpeCancelledError(step.value.merges);
  }
}

/**
 * `trainBpe` that hands the event loop a turn every `sliceMs` of work, so a worker can receive
 * a cancel message while it trains.
 */
export async function trainBpeAsync(
  text: string,
  options: BpeTrainOptions,
  onProgress?: (p: BpeProgress) => void,
  shouldCancel?: () => boolean,
  sliceMs = 20,
): Promise<BpeTokenizer> {
  const run = bpeMerges(text, options);
  let last = performance.now();
  for (;;) {
    const step = run.next();
    if (step.done) return BpeTokenizer.fromMerges(step.value, options.preSplit);
    if (performance.now() - last >= sliceMs) {
      onProgress?.(step.value);
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    }
    if (shouldCancel?.()) throw new BpeCancelledError(step.value.merges);
  }
}
