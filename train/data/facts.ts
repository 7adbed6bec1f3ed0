/**
 * What a dataset spec amounts to before any tensor is made: features, classes, vocabulary,
 * lengths and token counts, computed the way `train/tasks.ts` builds the real data (the same
 * parsers, tokenizer, split and generators). `checkTraining` compares these with the graph.
 */
import type { DatasetSpec } from "../../graph";
import { generateCorpus } from "./corpus";
import { parseCsv } from "./csv";
import type { CsvError } from "./csv";
import { makeSequenceTask, toDecoderOnly } from "./sequences";
import { CharTokenizer } from "./tokenizer";

/** Share of the data held out for validation, as train/tasks.ts and createTextDataset use it. */
export const VAL_FRACTION = 0.1;

/** Rows of features and a label each (2-D points, a CSV table). */
export interface RowFacts {
  kind: "rows";
  features: number;
  /** Distinct classes (classification); 1 for a regression table. */
  classes: number;
  rows: number;
  /** For a CSV: the feature columns, the label column and rows it skipped. */
  featureNames?: string[];
  labelName?: string;
  errors?: CsvError[];
  skippedRows?: number;
  /** A regression table: numeric labels. */
  regression?: boolean;
}

/** A character stream for a language model (the built-in corpus, the user's text). */
export interface TextFacts {
  kind: "text";
  /** Distinct characters: the vocabulary the Input, Embedding and head need at least. */
  vocab: number;
  /** Tokens (characters) in all, in the training split and in the validation split. */
  tokens: number;
  trainTokens: number;
  valTokens: number;
}

/** A sequence task: its vocabulary and lengths in both formats. */
export interface SequenceFacts {
  kind: "sequence";
  vocab: number;
  srcLen: number;
  tgtLen: number;
  /** Length of one "source | target" stream for a decoder-only model. */
  streamLen: number;
}

/** The recall task: one stream of `seqLen` symbols, scored from position `distance` on. */
export interface RecallFacts {
  kind: "recall";
  vocab: number;
  seqLen: number;
  distance: number;
}

export type DataFacts = RowFacts | TextFacts | SequenceFacts | RecallFacts;

/** Characters of train and validation text for `tokens` tokens (createTextDataset's split). */
export function splitSizes(tokens: number): { train: number; val: number } {
  const train = Math.round(tokens * (1 - VAL_FRACTION));
  return { train, val: tokens - train };
}

/**
 * The fewest tokens whose validation split holds a block of `blockSize` and its next token.
 * @example minTokensFor(64) // 650: 65 validation characters
 */
export function minTokensFor(blockSize: number): number {
  let n = Math.ceil((blockSize + 1) / VAL_FRACTION) - 20;
  while (splitSizes(n).val < blockSize + 1) n++;
  return n;
}

function textFacts(text: string): TextFacts {
  if (text.length === 0) return { kind: "text", vocab: 0, tokens: 0, trainTokens: 0, valTokens: 0 };
  const tokenizer = CharTokenizer.fromText(text);
  const tokens = tokenizer.encode(text).length;
  const { train, val } = splitSizes(tokens);
  return { kind: "text", vocab: tokenizer.vocabSize, tokens, trainTokens: train, valTokens: val };
}

/**
 * The facts of a dataset. `seed` matters for the generated corpus (it is the run's seed);
 * `regression` reads a CSV's label column as numbers.
 * @example describeData({ kind: "points", name: "spirals", samples: 2000, noise: 0.1, classes: 3 }) // { kind: "rows", features: 2, classes: 3, rows: 2000 }
 */
export function describeData(spec: DatasetSpec, options: { seed?: number; regression?: boolean } = {}): DataFacts {
  switch (spec.kind) {
    case "points":
      return {
        kind: "rows",
        features: 2,
        classes: spec.name === "spirals" || spec.name === "blobs" ? spec.classes : 2,
        rows: spec.samples,
      };
    case "csv": {
      const regression = options.regression === true;
      const table = parseCsv(spec.text, { label: spec.label || undefined, mode: regression ? "regression" : "classification" });
      return {
        kind: "rows",
        features: table.featureNames.length,
        classes: table.mode === "classification" ? table.numClasses : 1,
        rows: table.n,
        featureNames: table.featureNames,
        labelName: table.labelName,
        errors: table.errors,
        skippedRows: table.skippedRows,
        regression,
      };
    }
    case "corpus":
      return textFacts(generateCorpus({ seed: options.seed ?? 0, minChars: spec.chars }));
    case "text":
      return textFacts(spec.text);
    case "recall":
      return { kind: "recall", vocab: spec.vocab, seqLen: spec.length, distance: spec.distance };
    case "sequence": {
      const data = makeSequenceTask(spec.task, { n: 1, length: spec.length, seed: 0, reversedAnswer: spec.task === "add" });
      return {
        kind: "sequence",
        vocab: data.vocab.length,
        srcLen: data.srcLen,
        tgtLen: data.tgtLen,
        streamLen: toDecoderOnly(data).seqLen,
      };
    }
  }
}
