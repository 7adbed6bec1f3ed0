/**
 * Character-level language-model data from any text: a tokenizer, a 90/10 split by position
 * (the last tenth is validation, so no validation window overlaps training text), and random
 * next-character batches.
 */
import { generateCorpus, type CorpusOptions } from "./corpus";
import type { Rng } from "./random";
import { CharTokenizer } from "./tokenizer";

/** One batch, row-major `[batchSize, blockSize]`; `y[b, t]` is the character after `x[b, t]`. */
export interface TextBatch {
  x: Int32Array;
  y: Int32Array;
  batchSize: number;
  blockSize: number;
}

export type TextSplit = "train" | "val";

export interface TextDataset {
  tokenizer: CharTokenizer;
  vocabSize: number;
  /** Token ids of the first 90% of the text. */
  train: Int32Array;
  /** Token ids of the last 10% of the text. */
  val: Int32Array;
  /** The largest block size both splits can serve (`min(train, val) - 1`). */
  maxBlockSize: number;
  /**
   * Random windows from one split (default train): each row starts at a uniformly random
   * offset. Throws naming the split if it is shorter than `blockSize + 1` tokens.
   */
  sampleBatch(rng: Rng, batchSize: number, blockSize: number, split?: TextSplit): TextBatch;
}

export interface TextDatasetOptions {
  /** Share of the text, taken from the end, held out for validation (default 0.1). */
  valFraction?: number;
  /** Reuse a saved vocabulary instead of building one; the text must only use its characters. */
  tokenizer?: CharTokenizer;
}

/**
 * `batchSize` windows of `blockSize + 1` ids at uniformly random offsets of `data` (which must
 * hold at least `blockSize + 1` ids): x the first `blockSize`, y the same shifted by one.
 */
export function sampleWindows(data: Int32Array, rng: Rng, batchSize: number, blockSize: number): TextBatch {
  const x = new Int32Array(batchSize * blockSize);
  const y = new Int32Array(batchSize * blockSize);
  for (let b = 0; b < batchSize; b++) {
    const start = rng.int(data.length - blockSize);
    x.set(data.subarray(start, start + blockSize), b * blockSize);
    y.set(data.subarray(start + 1, start + blockSize + 1), b * blockSize);
  }
  return { x, y, batchSize, blockSize };
}

/**
 * Builds a char-level dataset from user text.
 *
 * @example
 * const ds = createTextDataset(myText);
 * const { x, y } = ds.sampleBatch(createRng(0), 16, 64); // x, y: [16, 64], y = x shifted by one
 */
export function createTextDataset(text: string, options: TextDatasetOptions = {}): TextDataset {
  const { valFraction = 0.1 } = options;
  if (text.length === 0) throw new RangeError("The text is empty: paste or load some text to train on.");
  if (!(valFraction > 0 && valFraction < 1)) throw new RangeError(`valFraction must lie between 0 and 1, got ${valFraction}.`);
  const tokenizer = options.tokenizer ?? CharTokenizer.fromText(text);
  const ids = tokenizer.encode(text);
  const cut = Math.round(ids.length * (1 - valFraction));
  const train = ids.subarray(0, cut);
  const val = ids.subarray(cut);
  const maxBlockSize = Math.max(0, Math.min(train.length, val.length) - 1);

  const sampleBatch = (rng: Rng, batchSize: number, blockSize: number, split: TextSplit = "train"): TextBatch => {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Batch size must be a positive integer, got ${batchSize}.`);
    if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`Block size must be a positive integer, got ${blockSize}.`);
    const data = split === "train" ? train : val;
    if (data.length < blockSize + 1) {
      const name = split === "train" ? "training" : "validation";
      const smaller = maxBlockSize >= 1 ? ` or a block size of at most ${maxBlockSize}` : "";
      throw new RangeError(
        `The ${name} split has ${data.length} characters, but block size ${blockSize} needs at least ${blockSize + 1}; use a longer text (${text.length} characters now)${smaller}.`,
      );
    }
    return sampleWindows(data, rng, batchSize, blockSize);
  };

  return {
    tokenizer,
    vocabSize: tokenizer.vocabSize,
    train,
    val,
    maxBlockSize,
    sampleBatch,
  };
}

/**
 * The char-level dataset over the built-in story corpus (`generateCorpus`).
 *
 * @example
 * const ds = corpusTextDataset({ seed: 1 });
 * ds.vocabSize; // about 60
 */
export function corpusTextDataset(options: CorpusOptions & TextDatasetOptions = {}): TextDataset {
  const { seed, minChars, ...rest } = options;
  return createTextDataset(generateCorpus({ seed, minChars }), rest);
}
