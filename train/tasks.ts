/**
 * Turns a document's dataset spec into a `Task` the trainer can draw batches from, checking
 * that the data fits the compiled model (feature count, classes, vocabulary, length).
 */
import * as tf from "@tensorflow/tfjs";
import type { DatasetSpec } from "../graph";
import type { CompiledModel } from "../compiler";
import {
  CharTokenizer,
  corpusTextDataset,
  createRng,
  createTextDataset,
  makePoints,
  makeRecallTask,
  makeSequenceTask,
  parseCsv,
  toDecoderOnly,
} from "./data";
import type { Rng, SequenceDataset, TextDataset } from "./data";
import { recallTask } from "./recall-task";
import type { Batch, Task } from "./trainer";

export interface TaskBundle {
  task: Task;
  /** A few examples as text, for a preview. */
  preview: string[];
  /** For language models: the tokenizer, to encode prompts and decode samples. */
  tokenizer?: CharTokenizer;
  /** For sequence tasks: the data and vocabulary, for exact-sequence accuracy. */
  sequence?: { data: SequenceDataset; valStart: number; format: "seq2seq" | "decoder" };
  /** For 2-D points: the raw arrays, to draw a decision boundary. */
  points?: { x: Float32Array; y: Int32Array; numClasses: number; valStart: number };
}

export type TaskResult = { ok: true; bundle: TaskBundle } | { ok: false; message: string };

const VAL_FRACTION = 0.1;

/** Rows `[from, to)` picked at random: `idx` are row numbers. */
function pickRows(rng: Rng, from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, () => from + rng.int(to - from));
}

function gatherRows<T extends Int32Array | Float32Array>(src: T, width: number, rows: number[], make: (n: number) => T): T {
  const out = make(rows.length * width);
  rows.forEach((r, i) => out.set(src.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

/**
 * Builds the task for `spec` and a compiled model.
 * @example const r = createTask({ kind: "points", name: "spirals", samples: 2000, noise: 0.1, classes: 2 }, compiled, 0);
 */
export function createTask(spec: DatasetSpec, compiled: Pick<CompiledModel, "inputs" | "outputs">, seed: number): TaskResult {
  try {
    return createTaskUnchecked(spec, compiled, seed);
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

function createTaskUnchecked(spec: DatasetSpec, compiled: Pick<CompiledModel, "inputs" | "outputs">, seed: number): TaskResult {
  const rng = createRng(seed ^ 0x5eed);
  const out = compiled.outputs[0];
  if (!out) return { ok: false, message: "the graph has no Output block" };
  const ins = compiled.inputs;
  const fail = (message: string): TaskResult => ({ ok: false, message });

  if (spec.kind === "points" || spec.kind === "csv") {
    const input = ins.find((i) => i.kind === "features");
    if (!input || ins.length !== 1)
      return fail(`${spec.kind === "points" ? "2-D points need" : "a table needs"} one Input of kind features`);
    let x: Float32Array, y: Int32Array | Float32Array, classes: number, features: number;
    const preview: string[] = [];
    if (spec.kind === "points") {
      const d = makePoints(spec.name, { n: spec.samples, noise: spec.noise, seed, classes: spec.classes });
      ({ x, y } = d);
      classes = d.numClasses;
      features = 2;
    } else {
      const regression = out.kind === "regression";
      const table = parseCsv(spec.text, { label: spec.label || undefined, mode: regression ? "regression" : "classification" });
      if (table.x.length === 0)
        return fail(`the CSV has no usable rows${table.errors[0] ? `: line ${table.errors[0].row}: ${table.errors[0].message}` : ""}`);
      x = table.x;
      y = table.y;
      features = table.featureNames.length;
      classes = "classes" in table ? table.classes.length : 1;
      for (const e of table.errors.slice(0, 3)) preview.push(`skipped line ${e.row}: ${e.message}`);
    }
    if (input.shape[0] !== features)
      return fail(`the data has ${features} features but the Input has ${input.shape[0]}: set its features to ${features}`);
    if (out.kind === "classification" && out.width !== classes) {
      return fail(`the data has ${classes} classes but the network outputs ${out.width} scores: set the last Linear's units to ${classes}`);
    }
    const n = y.length;
    const valStart = Math.floor(n * (1 - VAL_FRACTION));
    const perm = rng.permutation(n);
    const xs = gatherRows(x, features, Array.from(perm), (k) => new Float32Array(k));
    const ys = gatherRows(
      y as Int32Array,
      1,
      Array.from(perm),
      (k) => (y instanceof Int32Array ? new Int32Array(k) : new Float32Array(k)) as Int32Array,
    );
    for (let i = 0; i < 4 && preview.length < 6; i++)
      preview.push(`x = (${Array.from(xs.subarray(i * features, (i + 1) * features), (v) => v.toFixed(2)).join(", ")}) → ${ys[i]}`);
    const batch = (split: "train" | "val", batchSize: number): Batch => {
      const rows = split === "train" ? pickRows(rng, 0, valStart, batchSize) : pickRows(rng, valStart, n, batchSize);
      const bx = gatherRows(xs, features, rows, (k) => new Float32Array(k));
      const by = gatherRows(ys, 1, rows, (k) => (ys instanceof Int32Array ? new Int32Array(k) : new Float32Array(k)) as Int32Array);
      return {
        inputs: [tf.tensor2d(bx, [batchSize, features])],
        target: out.kind === "regression" ? tf.tensor2d(by, [batchSize, 1], "float32") : tf.tensor1d(by, "int32"),
        tokens: batchSize,
      };
    };
    return {
      ok: true,
      bundle: {
        task: { kind: out.kind, batch },
        preview,
        ...(spec.kind === "points" ? { points: { x: xs, y: ys as Int32Array, numClasses: classes, valStart } } : {}),
      },
    };
  }

  if (spec.kind === "corpus" || spec.kind === "text") {
    const input = ins.find((i) => i.kind === "tokens");
    if (!input || ins.length !== 1) return fail("a language model needs one Input of kind tokens");
    if (out.kind !== "language_model") return fail("text trains a language model: set the Output to language modelling");
    const ds: TextDataset = spec.kind === "corpus" ? corpusTextDataset({ seed, minChars: spec.chars }) : createTextDataset(spec.text);
    if (ds.vocabSize > (input.vocabSize ?? 0))
      return fail(
        `the text has ${ds.vocabSize} distinct characters but the Input's vocabulary is ${input.vocabSize}: set vocab to at least ${ds.vocabSize}`,
      );
    const T = input.shape[0];
    const batch = (split: "train" | "val", batchSize: number): Batch => {
      const b = ds.sampleBatch(rng, batchSize, T, split);
      return {
        inputs: [tf.tensor2d(b.x, [batchSize, T], "int32")],
        target: tf.tensor2d(b.y, [batchSize, T], "int32"),
        tokens: batchSize * T,
      };
    };
    const preview = [0, 1, 2].map((i) => JSON.stringify(ds.tokenizer.decode(ds.train.subarray(i * 997, i * 997 + 60))));
    return { ok: true, bundle: { task: { kind: "language_model", batch }, preview, tokenizer: ds.tokenizer } };
  }

  if (spec.kind === "recall") return recallBundle(spec, compiled, seed);

  // Sequence tasks.
  const data = makeSequenceTask(spec.task, { n: spec.samples, length: spec.length, seed, reversedAnswer: spec.task === "add" });
  const valStart = Math.floor(data.n * (1 - VAL_FRACTION));
  const vocab = data.vocab.length;
  const preview = [0, 1, 2].map(
    (i) =>
      `${data.vocab.length > 0 ? decodeRow(data.vocab, data.src, data.srcLen, i) : ""} → ${decodeRow(data.vocab, data.tgtOut, data.tgtLen, i)}`,
  );
  const rows = (split: "train" | "val", batchSize: number) =>
    split === "train" ? pickRows(rng, 0, valStart, batchSize) : pickRows(rng, valStart, data.n, batchSize);
  const tokenInputs = ins.filter((i) => i.kind === "tokens");
  for (const i of tokenInputs)
    if ((i.vocabSize ?? 0) < vocab)
      return fail(`the ${spec.task} task has ${vocab} tokens but Input ${i.nodeId} has vocabulary ${i.vocabSize}: set it to ${vocab}`);

  if (spec.format === "seq2seq") {
    if (tokenInputs.length !== 2 || ins.length !== 2)
      return fail("an encoder–decoder needs two token Inputs: the source (length symbol S) and the target (T)");
    // The source is the Input whose length symbol is S; otherwise the first Input.
    const order = ins[1].lengthName === "S" && ins[0].lengthName !== "S" ? [1, 0] : [0, 1];
    if (ins[order[0]].shape[0] !== data.srcLen || ins[order[1]].shape[0] !== data.tgtLen) {
      return fail(
        `the ${spec.task} task has source length ${data.srcLen} and target length ${data.tgtLen}; set the Inputs' lengths to match`,
      );
    }
    const batch = (split: "train" | "val", batchSize: number): Batch => {
      const r = rows(split, batchSize);
      const src = tf.tensor2d(
        gatherRows(data.src, data.srcLen, r, (k) => new Int32Array(k)),
        [batchSize, data.srcLen],
        "int32",
      );
      const tgtIn = tf.tensor2d(
        gatherRows(data.tgtIn, data.tgtLen, r, (k) => new Int32Array(k)),
        [batchSize, data.tgtLen],
        "int32",
      );
      const inputs = order[0] === 0 ? [src, tgtIn] : [tgtIn, src];
      return {
        inputs,
        target: tf.tensor2d(
          gatherRows(data.tgtOut, data.tgtLen, r, (k) => new Int32Array(k)),
          [batchSize, data.tgtLen],
          "int32",
        ),
        tokens: batchSize * data.tgtLen,
      };
    };
    return { ok: true, bundle: { task: { kind: out.kind, batch }, preview, sequence: { data, valStart, format: "seq2seq" } } };
  }
  const dec = toDecoderOnly(data);
  if (ins.length !== 1 || tokenInputs.length !== 1) return fail("a decoder-only model needs one token Input");
  if (ins[0].shape[0] !== dec.seqLen)
    return fail(`the ${spec.task} task as one stream has length ${dec.seqLen}: set the Input's length to ${dec.seqLen}`);
  const batch = (split: "train" | "val", batchSize: number): Batch => {
    const r = rows(split, batchSize);
    const pick = (a: Int32Array) =>
      tf.tensor2d(
        gatherRows(a, dec.seqLen, r, (k) => new Int32Array(k)),
        [batchSize, dec.seqLen],
        "int32",
      );
    return {
      inputs: [pick(dec.x)],
      target: pick(dec.y),
      weights: tf.tensor2d(
        gatherRows(dec.lossMask, dec.seqLen, r, (k) => new Float32Array(k)),
        [batchSize, dec.seqLen],
      ),
      tokens: batchSize * dec.seqLen,
    };
  };
  return { ok: true, bundle: { task: { kind: out.kind, batch }, preview, sequence: { data, valStart, format: "decoder" } } };
}

/** The recall task on a decoder-only model: one token Input of the sequence's length, a language-model Output. */
function recallBundle(
  spec: Extract<DatasetSpec, { kind: "recall" }>,
  compiled: Pick<CompiledModel, "inputs" | "outputs">,
  seed: number,
): TaskResult {
  const fail = (message: string): TaskResult => ({ ok: false, message });
  const [input] = compiled.inputs;
  if (compiled.inputs.length !== 1 || input.kind !== "tokens") return fail("the recall task needs one Input of kind tokens");
  if (compiled.outputs[0].kind !== "language_model")
    return fail("the recall task predicts a symbol at every position: set the Output to language modelling");
  if (spec.distance >= spec.length)
    return fail(`the recall distance k (${spec.distance}) must be below the sequence length (${spec.length}): raise length or lower k`);
  if (input.shape[0] !== spec.length)
    return fail(`the recall task has length ${spec.length} but the Input has ${input.shape[0]}: set its length to ${spec.length}`);
  if ((input.vocabSize ?? 0) < spec.vocab)
    return fail(`the recall task has ${spec.vocab} symbols but the Input's vocabulary is ${input.vocabSize}: set it to ${spec.vocab}`);
  const data = makeRecallTask({ n: spec.samples, distance: spec.distance, span: spec.length - spec.distance, alphabet: spec.vocab, seed });
  const L = data.seqLen;
  const preview = [0, 1, 2].map((r) => {
    const row = Array.from(data.x.subarray(r * L, (r + 1) * L));
    return `${row.join(" ")} → from t = ${spec.distance}: ${row.slice(0, L - spec.distance).join(" ")}`;
  });
  return { ok: true, bundle: { task: recallTask(data, seed, VAL_FRACTION), preview } };
}

function decodeRow(vocab: readonly string[], ids: Int32Array, width: number, row: number): string {
  return Array.from(ids.subarray(row * width, (row + 1) * width), (i) => vocab[i]).join("");
}
