/**
 * Algorithmic sequence tasks for RNNs, encoder–decoders and small GPTs: copy, reverse, sort,
 * add and parity. Every sample has a fixed length, so no padding is ever needed.
 *
 * Vocabulary layout, the same for every task: id 0 is `<pad>` (reserved, never emitted here),
 * id 1 is `<bos>`, id 2 is the task's separator (`|`, or `=` for add), then the task's symbols.
 *
 * | task    | source (length S)          | target (length T)                        |
 * |---------|----------------------------|------------------------------------------|
 * | copy    | L random symbols           | the same L symbols                       |
 * | reverse | L random symbols           | them in reverse order                    |
 * | sort    | L random symbols           | them sorted ascending                    |
 * | add     | `a+b`, each L digits       | a+b as L+1 digits, zero-padded (`0579`)  |
 * | parity  | L random bits              | running parity: `t[i] = s[0] xor … s[i]` |
 *
 * Parity uses the running form so every target position is defined; its last token is the
 * parity of the whole string.
 */
import { createRng, type Rng } from "./random";

export type SequenceTaskName = "copy" | "reverse" | "sort" | "add" | "parity";

/** The names of all sequence tasks, in the order a picker shows them. */
export const SEQUENCE_TASKS: readonly SequenceTaskName[] = ["copy", "reverse", "sort", "add", "parity"];

export const PAD_ID = 0;
export const BOS_ID = 1;
export const SEP_ID = 2;

export interface SequenceTaskOptions {
  /** Number of samples. */
  n: number;
  /** The task's length L: symbols to copy/reverse/sort, digits per operand, bits for parity. */
  length: number;
  /** Seed; the same seed gives the same samples (default 0). */
  seed?: number;
  /** Alphabet size for copy, reverse and sort: symbols `0 … alphabet-1` (2 to 10, default 10). */
  alphabet?: number;
  /** For add: write the answer least-significant digit first (`579` → `9750`), which is easier to learn. */
  reversedAnswer?: boolean;
}

/**
 * An encoder–decoder dataset, all arrays row-major:
 * - `src`    `[n, srcLen]`  the input sequence,
 * - `tgtIn`  `[n, tgtLen]`  `<bos>` then the target shifted right by one (teacher forcing),
 * - `tgtOut` `[n, tgtLen]`  the target the decoder must predict at each position.
 */
export interface SequenceDataset {
  task: SequenceTaskName;
  /** Token strings by id; `vocab.length` is the vocabulary size. */
  vocab: readonly string[];
  n: number;
  srcLen: number;
  tgtLen: number;
  src: Int32Array;
  tgtIn: Int32Array;
  tgtOut: Int32Array;
}

/**
 * The same samples as one sequence for a decoder-only model: `tokens = src, sep, target`.
 * - `tokens`   `[n, srcLen + 1 + tgtLen]`
 * - `x`        `[n, seqLen]` = `tokens[:, :-1]`, with `seqLen = srcLen + tgtLen`
 * - `y`        `[n, seqLen]` = `tokens[:, 1:]` (next-token targets)
 * - `lossMask` `[n, seqLen]` 1 where `y` is an answer token, 0 where it is part of the question.
 * `answerStart` (= `srcLen`) is the first position whose `y` is an answer token.
 */
export interface DecoderOnlyDataset {
  task: SequenceTaskName;
  vocab: readonly string[];
  n: number;
  seqLen: number;
  answerStart: number;
  tokens: Int32Array;
  x: Int32Array;
  y: Int32Array;
  lossMask: Float32Array;
}

interface TaskSpec {
  vocab: string[];
  srcLen: number;
  tgtLen: number;
  /** Writes one sample's source and target token ids. */
  fill(rng: Rng, src: Int32Array, tgt: Int32Array): void;
}

const DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

function symbolTask(alphabet: number, L: number, order: (symbols: Int32Array) => Int32Array): TaskSpec {
  const first = 3; // id of symbol "0"
  return {
    vocab: ["<pad>", "<bos>", "|", ...DIGITS.slice(0, alphabet)],
    srcLen: L,
    tgtLen: L,
    fill(rng, src, tgt) {
      for (let i = 0; i < L; i++) src[i] = first + rng.int(alphabet);
      tgt.set(order(src.slice()));
    },
  };
}

function addTask(L: number, reversedAnswer: boolean): TaskSpec {
  const zero = 4; // vocab: <pad> <bos> = + 0 … 9
  return {
    vocab: ["<pad>", "<bos>", "=", "+", ...DIGITS],
    srcLen: 2 * L + 1,
    tgtLen: L + 1,
    fill(rng, src, tgt) {
      for (let i = 0; i < L; i++) {
        src[i] = zero + rng.int(10);
        src[L + 1 + i] = zero + rng.int(10);
      }
      src[L] = 3; // "+"
      // Digit-wise addition, so any length works without overflowing a double.
      let carry = 0;
      for (let i = L - 1; i >= 0; i--) {
        const s = src[i] - zero + (src[L + 1 + i] - zero) + carry;
        tgt[i + 1] = zero + (s % 10);
        carry = s >= 10 ? 1 : 0;
      }
      tgt[0] = zero + carry;
      if (reversedAnswer) tgt.reverse();
    },
  };
}

function parityTask(L: number): TaskSpec {
  const zero = 3; // vocab: <pad> <bos> | 0 1
  return {
    vocab: ["<pad>", "<bos>", "|", "0", "1"],
    srcLen: L,
    tgtLen: L,
    fill(rng, src, tgt) {
      let parity = 0;
      for (let i = 0; i < L; i++) {
        const bit = rng.int(2);
        parity ^= bit;
        src[i] = zero + bit;
        tgt[i] = zero + parity;
      }
    },
  };
}

function taskSpec(task: SequenceTaskName, options: SequenceTaskOptions): TaskSpec {
  const L = options.length;
  const alphabet = options.alphabet ?? 10;
  if (!Number.isInteger(L) || L < 1 || L > 1024) throw new RangeError(`${task}: length must be an integer from 1 to 1024, got ${L}.`);
  if (!Number.isInteger(alphabet) || alphabet < 2 || alphabet > 10) {
    throw new RangeError(`${task}: alphabet must be an integer from 2 to 10, got ${alphabet}.`);
  }
  switch (task) {
    case "copy":
      return symbolTask(alphabet, L, (s) => s);
    case "reverse":
      return symbolTask(alphabet, L, (s) => s.reverse());
    case "sort":
      return symbolTask(alphabet, L, (s) => s.sort());
    case "add":
      return addTask(L, options.reversedAnswer ?? false);
    case "parity":
      return parityTask(L);
  }
}

/**
 * Generates `n` samples of a task in encoder–decoder form.
 *
 * @example
 * const ds = makeSequenceTask("add", { n: 1000, length: 3, seed: 1 });
 * decodeTokens(ds.vocab, ds.src.subarray(0, ds.srcLen));       // e.g. "123+456"
 * decodeTokens(ds.vocab, ds.tgtOut.subarray(0, ds.tgtLen));    // "0579"
 */
export function makeSequenceTask(task: SequenceTaskName, options: SequenceTaskOptions): SequenceDataset {
  const { n, seed = 0 } = options;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${task}: n must be a positive integer, got ${n}.`);
  const spec = taskSpec(task, options);
  const { srcLen, tgtLen } = spec;
  const rng = createRng(seed);
  const src = new Int32Array(n * srcLen);
  const tgtIn = new Int32Array(n * tgtLen);
  const tgtOut = new Int32Array(n * tgtLen);
  for (let i = 0; i < n; i++) {
    const out = tgtOut.subarray(i * tgtLen, (i + 1) * tgtLen);
    spec.fill(rng, src.subarray(i * srcLen, (i + 1) * srcLen), out);
    // tgtIn = [<bos>, tgtOut[0 … T-2]]
    tgtIn[i * tgtLen] = BOS_ID;
    tgtIn.set(out.subarray(0, tgtLen - 1), i * tgtLen + 1);
  }
  return { task, vocab: spec.vocab, n, srcLen, tgtLen, src, tgtIn, tgtOut };
}

/**
 * Recasts an encoder–decoder dataset as `question sep answer` sequences for a decoder-only
 * model; train with `lossMask` so only the answer is scored.
 *
 * @example
 * const gpt = toDecoderOnly(makeSequenceTask("reverse", { n: 64, length: 5 }));
 * gpt.seqLen; // 10: five question tokens and the separator predict five answer tokens
 */
export function toDecoderOnly(ds: SequenceDataset): DecoderOnlyDataset {
  const { n, srcLen, tgtLen } = ds;
  const full = srcLen + 1 + tgtLen;
  const seqLen = full - 1;
  const tokens = new Int32Array(n * full);
  const x = new Int32Array(n * seqLen);
  const y = new Int32Array(n * seqLen);
  const lossMask = new Float32Array(n * seqLen);
  for (let i = 0; i < n; i++) {
    const row = tokens.subarray(i * full, (i + 1) * full);
    row.set(ds.src.subarray(i * srcLen, (i + 1) * srcLen), 0);
    row[srcLen] = SEP_ID;
    row.set(ds.tgtOut.subarray(i * tgtLen, (i + 1) * tgtLen), srcLen + 1);
    x.set(row.subarray(0, seqLen), i * seqLen);
    y.set(row.subarray(1), i * seqLen);
    lossMask.fill(1, i * seqLen + srcLen, (i + 1) * seqLen);
  }
  return { task: ds.task, vocab: ds.vocab, n, seqLen, answerStart: srcLen, tokens, x, y, lossMask };
}

/**
 * Token ids → display string; every token's text is joined without spaces.
 *
 * @example
 * decodeTokens(["<pad>", "<bos>", "|", "0", "1"], [3, 4, 2, 4]); // "01|1"
 */
export function decodeTokens(vocab: readonly string[], ids: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < ids.length; i++) {
    const token = vocab[ids[i]];
    if (token === undefined) throw new RangeError(`Token id ${ids[i]} at position ${i} is outside the vocabulary of ${vocab.length}.`);
    out += token;
  }
  return out;
}

/**
 * A typed question (one character per token) → token ids, e.g. a prompt for a trained model.
 * Throws naming the first character that is not in the task's vocabulary.
 *
 * @example
 * encodeTokens(makeSequenceTask("add", { n: 1, length: 3 }).vocab, "123+456="); // ids of each char
 */
export function encodeTokens(vocab: readonly string[], text: string): Int32Array {
  const chars = Array.from(text);
  const ids = new Int32Array(chars.length);
  chars.forEach((ch, i) => {
    const id = vocab.indexOf(ch);
    if (id < 0) {
      const allowed = vocab.filter((t) => t.length === 1).join(" ");
      throw new RangeError(`Character ${JSON.stringify(ch)} at position ${i} is not in this task's vocabulary (${allowed}).`);
    }
    ids[i] = id;
  });
  return ids;
}
