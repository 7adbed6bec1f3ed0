/**
 * Language-model data tokenized with byte-level BPE: the text is split 90/10 by position, the
 * tokenizer is trained on the training part only (the validation text stays unseen), and both
 * parts are encoded with it. Batches are random windows of token ids, as for characters.
 */
import { BpeTokenizer, trainBpe } from "../tokenizers";
import type { Rng } from "./random";
import { sampleWindows } from "./text";
import type { TextBatch, TextSplit } from "./text";

export interface BpeTextDataset {
  tokenizer: BpeTokenizer;
  vocabSize: number;
  train: Int32Array;
  val: Int32Array;
  /** Characters (code points) of each part: a loss per token × tokens / characters is a loss per character. */
  trainChars: number;
  valChars: number;
  maxBlockSize: number;
  sampleBatch(rng: Rng, batchSize: number, blockSize: number, split?: TextSplit): TextBatch;
}

export interface BpeTextOptions {
  /** 256 bytes + merges (ignored when `tokenizer` is given). */
  vocabSize: number;
  preSplit?: boolean;
  valFraction?: number;
  /** Reuse a trained tokenizer instead of training one on the training part. */
  tokenizer?: BpeTokenizer;
}

/** The cut at about `fraction` of the text, moved off the middle of a surrogate pair. */
function cutAt(text: string, fraction: number): number {
  const cut = Math.round(text.length * fraction);
  const c = text.charCodeAt(cut - 1);
  return c >= 0xd800 && c <= 0xdbff ? cut + 1 : cut;
}

const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * Builds a BPE-tokenized dataset from text.
 * @example
 * const ds = createBpeTextDataset(corpus, { vocabSize: 512 });
 * ds.train.length < corpus.length * 0.9; // about 2.3 characters a token
 */
export function createBpeTextDataset(text: string, options: BpeTextOptions): BpeTextDataset {
  const { valFraction = 0.1, preSplit = true } = options;
  if (text.length === 0) throw new RangeError("The text is empty: paste or load some text to train on.");
  if (!(valFraction > 0 && valFraction < 1)) throw new RangeError(`valFraction must lie between 0 and 1, got ${valFraction}.`);
  const cut = cutAt(text, 1 - valFraction);
  const trainText = text.slice(0, cut);
  const valText = text.slice(cut);
  const tokenizer = options.tokenizer ?? trainBpe(trainText, { vocabSize: options.vocabSize, preSplit });
  const train = tokenizer.encode(trainText);
  const val = tokenizer.encode(valText);
  const maxBlockSize = Math.max(0, Math.min(train.length, val.length) - 1);
  return {
    tokenizer,
    vocabSize: tokenizer.vocabSize,
    train,
    val,
    trainChars: codePoints(trainText),
    valChars: codePoints(valText),
    maxBlockSize,
    sampleBatch(rng, batchSize, blockSize, split = "train") {
      const data = split === "train" ? train : val;
      if (data.length < blockSize + 1) {
        throw new RangeError(
          `The ${split === "train" ? "training" : "validation"} split has ${data.length} BPE tokens, but block size ${blockSize} needs at least ${blockSize + 1}; use a longer text${maxBlockSize >= 1 ? ` or a block size of at most ${maxBlockSize}` : ""}.`,
        );
      }
      return sampleWindows(data, rng, batchSize, blockSize);
    },
  };
}
