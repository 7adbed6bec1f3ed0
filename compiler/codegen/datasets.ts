/**
 * The built-in data of an exported file's train(): a `trainingBatch(rng)` for each dataset kind
 * Tensorloom has that a short program can generate (2-D points, sequence tasks, recall, text from an
 * embedded sample), checked against the model's inputs and outputs the way train/tasks.ts is.
 */
import type { DatasetSpec } from "../../graph";
import type { ModelInput, ModelOutput } from "./model";
import { CodegenError, numberLiteral, stringLiteral } from "./source";

export interface DataSource {
  /** Source of the data constants and `trainingBatch`, at indentation 0. */
  source: string;
  /** Snippets it needs (`mulberry32`). */
  needs: string[];
  /** What the program trains on, for the header: "2-D spirals". */
  description: string;
  /** Language models on text get `generate()`. */
  text: boolean;
}

const BATCH_TYPE = String.raw`
/** A training batch: the model's inputs, the targets and, optionally, loss weights. */
type Batch = { inputs: tf.Tensor[]; target: tf.Tensor; weights?: tf.Tensor };`;

/** The 2-D point sets: how one noise-free point of class `label` is drawn (as in train/data/points.ts). */
const POINT_SAMPLERS: Record<string, string> = {
  spirals: String.raw`
  const t = rng();
  const angle = (2 * Math.PI * label) / CLASSES + t * 1.75 * 2 * Math.PI;
  return [(0.1 + 0.9 * t) * Math.cos(angle), (0.1 + 0.9 * t) * Math.sin(angle)];`,
  moons: String.raw`
  const t = Math.PI * rng();
  const [px, py] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  return [(px - 0.5) / 1.5, (py - 0.25) / 1.5];`,
  circles: String.raw`
  const angle = 2 * Math.PI * rng();
  const r = label === 0 ? 1 : 0.5;
  return [r * Math.cos(angle), r * Math.sin(angle)];`,
  xor: String.raw`
  const a = (0.05 + 0.95 * rng()) * (rng() < 0.5 ? -1 : 1);
  const b = (0.05 + 0.95 * rng()) * Math.sign(a) * (label === 0 ? 1 : -1);
  return rng() < 0.5 ? [a, b] : [b, a];`,
  blobs: String.raw`
  const angle = (2 * Math.PI * label) / CLASSES + Math.PI / 4;
  return [0.8 * Math.cos(angle), 0.8 * Math.sin(angle)];`,
};

const POINT_TEXT: Record<string, string> = {
  spirals: "interleaved spiral arms, one per class",
  moons: "two interleaving half circles",
  circles: "a disc (class 1) inside a ring (class 0)",
  xor: "the four quadrants: class 0 where both coordinates share a sign",
  blobs: "gaussian blobs on a circle, one per class",
};

function pointsData(spec: Extract<DatasetSpec, { kind: "points" }>, inputs: ModelInput[], output: ModelOutput): DataSource {
  const input = inputs[0];
  if (inputs.length !== 1 || input.kind !== "features") throw new CodegenError("2-D points need one Input of kind features");
  if (input.shape[0] !== 2) throw new CodegenError(`the points have 2 features but the Input has ${input.shape[0]}: set its features to 2`);
  const classes = spec.name === "spirals" || spec.name === "blobs" ? spec.classes : 2;
  if (output.kind !== "classification" || output.width !== classes) {
    throw new CodegenError(
      `the points have ${classes} classes but the network outputs ${output.width} scores: set the last Linear's units to ${classes}`,
    );
  }
  const random = spec.name !== "blobs"; // a blob's centre is fixed: only the noise is random
  const source = String.raw`
/** Classes of the points, and the std-dev of the noise added to each coordinate. */
const CLASSES = ${classes};
const NOISE = ${numberLiteral(spec.noise, "the dataset's noise")};

/** A standard normal sample (Box–Muller). */
function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** One noise-free point of class label: ${POINT_TEXT[spec.name]}. */
function point(label: number${random ? ", rng: () => number" : ""}): [number, number] {
${POINT_SAMPLERS[spec.name].replace(/^\n/, "")}
}
${BATCH_TYPE}

/** Fresh random points with noise: x [B, 2] and their classes [B], balanced. */
function trainingBatch(rng: () => number): Batch {
  const size = TRAINING.batchSize;
  const x = new Float32Array(size * 2);
  const y = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    y[i] = i % CLASSES;
    const [px, py] = point(y[i]${random ? ", rng" : ""});
    x.set([px + NOISE * normal(rng), py + NOISE * normal(rng)], 2 * i);
  }
  return { inputs: [tf.tensor2d(x, [size, 2])], target: tf.tensor1d(y, "int32") };
}`;
  return { source, needs: ["mulberry32"], description: `2-D points (${spec.name})`, text: false };
}

interface TaskText {
  vocab: string[];
  source: (L: number) => number;
  target: (L: number) => number;
  doc: string;
  body: string;
}

const DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
const symbols = (doc: string, order: string): TaskText => ({
  vocab: ["<pad>", "<bos>", "|", ...DIGITS],
  source: (L) => L,
  target: (L) => L,
  doc,
  body: String.raw`
  const source = Array.from({ length: LENGTH }, () => 3 + Math.floor(rng() * 10));
  return { source, target: ${order} };`,
});

/** The sequence tasks of train/data/sequences.ts (ids: 0 <pad>, 1 <bos>, 2 the separator). */
const TASKS: Record<string, TaskText> = {
  copy: symbols("L random digits, and the same digits", "[...source]"),
  reverse: symbols("L random digits, and them in reverse order", "[...source].reverse()"),
  sort: symbols("L random digits, and them sorted", "[...source].sort((a, b) => a - b)"),
  add: {
    vocab: ["<pad>", "<bos>", "=", "+", ...DIGITS],
    source: (L) => 2 * L + 1,
    target: (L) => L + 1,
    doc: "a+b with L digits each, and the L+1 digits of the sum, least significant first",
    body: String.raw`
  const a = Array.from({ length: LENGTH }, () => Math.floor(rng() * 10));
  const b = Array.from({ length: LENGTH }, () => Math.floor(rng() * 10));
  const sum: number[] = [];
  let carry = 0;
  for (let i = LENGTH - 1; i >= 0; i--) {
    sum.push((a[i] + b[i] + carry) % 10);
    carry = a[i] + b[i] + carry >= 10 ? 1 : 0;
  }
  sum.push(carry);
  const digit = (d: number) => 4 + d;
  return { source: [...a.map(digit), 3, ...b.map(digit)], target: sum.map(digit) };`,
  },
  parity: {
    vocab: ["<pad>", "<bos>", "|", "0", "1"],
    source: (L) => L,
    target: (L) => L,
    doc: "L random bits, and the running parity after each",
    body: String.raw`
  const source = Array.from({ length: LENGTH }, () => 3 + Math.floor(rng() * 2));
  const target: number[] = [];
  let parity = 0;
  for (const bit of source) {
    parity ^= bit - 3;
    target.push(3 + parity);
  }
  return { source, target };`,
  },
};

function sequenceData(spec: Extract<DatasetSpec, { kind: "sequence" }>, inputs: ModelInput[], output: ModelOutput): DataSource {
  if (output.kind === "regression")
    throw new CodegenError("a sequence task predicts tokens: set the Output to classification or language modelling");
  const task = TASKS[spec.task];
  const L = spec.length;
  const [S, T] = [task.source(L), task.target(L)];
  const tokens = inputs.filter((i) => i.kind === "tokens");
  for (const i of tokens) {
    if ((i.vocabSize ?? 0) < task.vocab.length)
      throw new CodegenError(
        `the ${spec.task} task has ${task.vocab.length} tokens but an Input has vocabulary ${i.vocabSize}: set it to ${task.vocab.length}`,
      );
  }
  const head = String.raw`
// The ${spec.task} task's tokens, by id: ${task.vocab.join(" ")}.
/** The task's length L. */
const LENGTH = ${L};

/** One example: ${task.doc}. */
function example(rng: () => number): { source: number[]; target: number[] } {
${task.body.replace(/^\n/, "")}
}
${BATCH_TYPE}`;
  const description = `the ${spec.task} task (length ${L})`;
  if (spec.format === "seq2seq") {
    if (tokens.length !== 2 || inputs.length !== 2)
      throw new CodegenError("an encoder–decoder needs two token Inputs: the source (length symbol S) and the target (T)");
    const sourceFirst = !(inputs[1].lengthName === "S" && inputs[0].lengthName !== "S");
    const [src, tgt] = sourceFirst ? inputs : [inputs[1], inputs[0]];
    if (src.shape[0] !== S || tgt.shape[0] !== T)
      throw new CodegenError(`the ${spec.task} task has source length ${S} and target length ${T}; set the Inputs' lengths to match`);
    const ordered = sourceFirst
      ? "ids(source, SOURCE_LENGTH), ids(previous, TARGET_LENGTH)"
      : "ids(previous, TARGET_LENGTH), ids(source, SOURCE_LENGTH)";
    const source = String.raw`${head}

/** Lengths of the source (S) and the target (T). */
const SOURCE_LENGTH = ${S};
const TARGET_LENGTH = ${T};

/** Sources [B, S], targets shifted right after <bos> [B, T] (teacher forcing), targets [B, T]. */
function trainingBatch(rng: () => number): Batch {
  const size = TRAINING.batchSize;
  const source = new Int32Array(size * SOURCE_LENGTH);
  const previous = new Int32Array(size * TARGET_LENGTH);
  const target = new Int32Array(size * TARGET_LENGTH);
  for (let b = 0; b < size; b++) {
    const ex = example(rng);
    source.set(ex.source, b * SOURCE_LENGTH);
    previous.set([1, ...ex.target.slice(0, -1)], b * TARGET_LENGTH);
    target.set(ex.target, b * TARGET_LENGTH);
  }
  const ids = (values: Int32Array, length: number) => tf.tensor2d(values, [size, length], "int32");
  return {
    inputs: [${ordered}],
    target: ids(target, TARGET_LENGTH),
  };
}`;
    return { source, needs: ["mulberry32"], description, text: false };
  }
  if (inputs.length !== 1 || tokens.length !== 1) throw new CodegenError("a decoder-only model needs one token Input");
  if (inputs[0].shape[0] !== S + T)
    throw new CodegenError(`the ${spec.task} task as one stream has length ${S + T}: set the Input's length to ${S + T}`);
  const source = String.raw`${head}

/** Length of a "source | target" stream without its last token: the model's T. */
const STREAM_LENGTH = ${S + T};

/** Streams x [B, L], next tokens y [B, L], and loss weights [B, L]: 1 on the answer only. */
function trainingBatch(rng: () => number): Batch {
  const size = TRAINING.batchSize;
  const [x, y] = [new Int32Array(size * STREAM_LENGTH), new Int32Array(size * STREAM_LENGTH)];
  const weights = new Float32Array(size * STREAM_LENGTH);
  for (let b = 0; b < size; b++) {
    const { source, target } = example(rng);
    const tokens = [...source, 2, ...target];
    x.set(tokens.slice(0, -1), b * STREAM_LENGTH);
    y.set(tokens.slice(1), b * STREAM_LENGTH);
    weights.fill(1, b * STREAM_LENGTH + source.length, (b + 1) * STREAM_LENGTH);
  }
  return {
    inputs: [tf.tensor2d(x, [size, STREAM_LENGTH], "int32")],
    target: tf.tensor2d(y, [size, STREAM_LENGTH], "int32"),
    weights: tf.tensor2d(weights, [size, STREAM_LENGTH]),
  };
}`;
  return { source, needs: ["mulberry32"], description, text: false };
}

/** The recall task (as train/data/recall.ts): uniform random symbols; from position k on, the target is the symbol k steps back. */
function recallData(spec: Extract<DatasetSpec, { kind: "recall" }>, inputs: ModelInput[], output: ModelOutput): DataSource {
  const input = inputs[0];
  if (inputs.length !== 1 || input.kind !== "tokens") throw new CodegenError("the recall task needs one Input of kind tokens");
  if (output.kind !== "language_model")
    throw new CodegenError("the recall task predicts a symbol at every position: set the Output to language modelling");
  const [k, T, V] = [spec.distance, spec.length, spec.vocab];
  if (k >= T) throw new CodegenError(`the recall distance k (${k}) must be below the sequence length (${T}): raise length or lower k`);
  if (input.shape[0] !== T) throw new CodegenError(`the recall task has length ${T}: set the Input's length to ${T}`);
  if ((input.vocabSize ?? 0) < V)
    throw new CodegenError(`the recall task has ${V} symbols but the Input's vocabulary is ${input.vocabSize}: set it to ${V}`);
  const source = String.raw`
/** The recall task: the distance k, the sequence length T and the number of symbols. */
const DISTANCE = ${k};
const LENGTH = ${T};
const SYMBOLS = ${V};
${BATCH_TYPE}

/** Random symbols x [B, T]; targets y[t] = x[t − k], weighted 1 for t ≥ k only (the recalled symbols). */
function trainingBatch(rng: () => number): Batch {
  const size = TRAINING.batchSize;
  const [x, y] = [new Int32Array(size * LENGTH), new Int32Array(size * LENGTH)];
  const weights = new Float32Array(size * LENGTH);
  for (let b = 0; b < size; b++) {
    const row = b * LENGTH;
    for (let t = 0; t < LENGTH; t++) x[row + t] = Math.floor(rng() * SYMBOLS);
    for (let t = DISTANCE; t < LENGTH; t++) y[row + t] = x[row + t - DISTANCE];
    weights.fill(1, row + DISTANCE, row + LENGTH);
  }
  return {
    inputs: [tf.tensor2d(x, [size, LENGTH], "int32")],
    target: tf.tensor2d(y, [size, LENGTH], "int32"),
    weights: tf.tensor2d(weights, [size, LENGTH]),
  };
}`;
  return { source, needs: ["mulberry32"], description: `the recall task (distance k = ${k}, length ${T}, ${V} symbols)`, text: false };
}

/** At most this many characters of a document's own text are embedded. */
const MAX_TEXT_CHARS = 8_000;

function textData(text: string, from: string, inputs: ModelInput[], output: ModelOutput): DataSource {
  const input = inputs[0];
  if (inputs.length !== 1 || input.kind !== "tokens") throw new CodegenError("a language model needs one Input of kind tokens");
  if (output.kind !== "language_model") throw new CodegenError("text trains a language model: set the Output to language modelling");
  const chars = Array.from(text).slice(0, MAX_TEXT_CHARS);
  const vocab = new Set(chars).size;
  const T = input.shape[0];
  if (vocab > (input.vocabSize ?? 0))
    throw new CodegenError(
      `the text has ${vocab} distinct characters but the Input's vocabulary is ${input.vocabSize}: set vocab to at least ${vocab}`,
    );
  if (chars.length <= T)
    throw new CodegenError(`the text has ${chars.length} characters, fewer than the context length ${T} + 1: use a longer text`);
  const lines = chars
    .join("")
    .split("\n")
    .map((l) => `  ${stringLiteral(l, "the training text")},`);
  const source = String.raw`
/** The training text: ${from}, one line per string. */
const TEXT = [
${lines.join("\n")}
].join("\n");

/** Its characters: token id i stands for CHARS[i]. */
const CHARS = [...new Set(TEXT)].sort();
const TOKENS = Int32Array.from(Array.from(TEXT), (c) => CHARS.indexOf(c));
/** The model's context length T. */
const BLOCK_SIZE = ${T};
${BATCH_TYPE}

/** Random windows of the text: x [B, T] and the next characters y [B, T]. */
function trainingBatch(rng: () => number): Batch {
  const size = TRAINING.batchSize;
  const [x, y] = [new Int32Array(size * BLOCK_SIZE), new Int32Array(size * BLOCK_SIZE)];
  for (let b = 0; b < size; b++) {
    const start = Math.floor(rng() * (TOKENS.length - BLOCK_SIZE));
    x.set(TOKENS.subarray(start, start + BLOCK_SIZE), b * BLOCK_SIZE);
    y.set(TOKENS.subarray(start + 1, start + BLOCK_SIZE + 1), b * BLOCK_SIZE);
  }
  const ids = (values: Int32Array) => tf.tensor2d(values, [size, BLOCK_SIZE], "int32");
  return { inputs: [ids(x)], target: ids(y) };
}`;
  return { source, needs: ["mulberry32"], description: from, text: true };
}

/** A few sentences in the corpus's style, for when no sample of the corpus is given. */
const FALLBACK_TEXT = [
  "Once upon a time, there was a little fox named Tom. He lived near the old mill by the river.",
  "One sunny morning, Tom looked for his red ball, but it was gone. He felt sad.",
  '"Have you seen my ball?" asked Tom. "No, but I can help you look for it," said Lily the owl.',
  "They looked under the bridge and behind the big tree. At last, they found the ball near the pond.",
  'Tom was so happy that he danced in the grass. "Thank you, Lily!" he said. They played until dark.',
  "The next day, Tom and Lily walked to the market. They bought bread, apples and a jar of honey.",
  "On the way home it began to rain, so they sat under a tree and told stories until the sun came out.",
].join("\n");

/** A classification table, parsed by the caller: features row-major `[rows, featureNames.length]`, a class id per row. */
export interface EmbeddedTable {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  featureNames: string[];
  /** Class names by id. */
  classes: string[];
}

/** At most this many rows of a document's table are embedded. */
const MAX_TABLE_ROWS = 5_000;

/** Shortest text of a float32 value (what the app trains on): 5.099999904632812 → 5.1. */
const float32Literal = (v: number) => numberLiteral(Number(Math.fround(v).toPrecision(7)), "a value of the table");

function tableData(table: EmbeddedTable, inputs: ModelInput[], output: ModelOutput): DataSource {
  const input = inputs[0];
  const F = table.featureNames.length;
  if (inputs.length !== 1 || input.kind !== "features") throw new CodegenError("a table needs one Input of kind features");
  if (input.shape[0] !== F)
    throw new CodegenError(`the table has ${F} features but the Input has ${input.shape[0]}: set its features to ${F}`);
  if (output.kind !== "classification" || output.width !== table.classes.length) {
    throw new CodegenError(
      `the table has ${table.classes.length} classes but the network outputs ${output.width} scores: set the last Linear's units to ${table.classes.length}`,
    );
  }
  const rows = Math.min(table.y.length, MAX_TABLE_ROWS);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(`  ${Array.from({ length: F }, (_, j) => float32Literal(table.x[r * F + j])).join(", ")},`);
  const ids = Array.from({ length: rows }, (_, r) => String(table.y[r]));
  const source = String.raw`
/** The feature columns of the document's table, and how many there are per row. */
const FEATURE_NAMES = [${table.featureNames.map((n) => stringLiteral(n, "a column name")).join(", ")}];
const FEATURES = FEATURE_NAMES.length;
/** Its classes by id: the model's score i is for CLASS_NAMES[i]. */
export const CLASS_NAMES = [${table.classes.map((c) => stringLiteral(c, "a class name")).join(", ")}];
/** The ${rows === table.y.length ? "" : `first ${rows} of ${table.y.length} `}rows of the table, row-major [${rows}, FEATURES], and the class of each. */
const TABLE_X = new Float32Array([
${lines.join("\n")}
]);
const TABLE_Y = new Int32Array([${ids.join(", ")}]);
${BATCH_TYPE}

/** Random rows of the table (with replacement): x [B, FEATURES] and their classes [B]. */
function trainingBatch(rng: () => number): Batch {
  const size = TRAINING.batchSize;
  const x = new Float32Array(size * FEATURES);
  const y = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const row = Math.floor(rng() * TABLE_Y.length);
    x.set(TABLE_X.subarray(row * FEATURES, (row + 1) * FEATURES), i * FEATURES);
    y[i] = TABLE_Y[row];
  }
  return { inputs: [tf.tensor2d(x, [size, FEATURES])], target: tf.tensor1d(y, "int32") };
}`;
  return {
    source,
    needs: ["mulberry32"],
    description: `the document's table (${rows} rows, ${F} features, ${table.classes.length} classes)`,
    text: false,
  };
}

/**
 * The data for `spec`, or the reason the file cannot include it. `sampleText` stands in for the
 * built-in corpus (too big to embed); `table` is the document's CSV, parsed.
 */
export function dataSource(
  spec: DatasetSpec,
  inputs: ModelInput[],
  outputs: ModelOutput[],
  sampleText: string | undefined,
  table?: EmbeddedTable,
): DataSource | string {
  const output = outputs[0];
  switch (spec.kind) {
    case "points":
      return pointsData(spec, inputs, output);
    case "sequence":
      return sequenceData(spec, inputs, output);
    case "recall":
      return recallData(spec, inputs, output);
    case "corpus":
      return textData(sampleText ?? FALLBACK_TEXT, "a sample of Tensorloom's built-in story corpus", inputs, output);
    case "text":
      if (spec.text === "" && spec.file)
        return `its training text, ${spec.file.name}, is too big to keep in the document, which names it only`;
      return textData(spec.text, "the start of the document's own text", inputs, output);
    case "csv":
      if (output.kind === "regression") return "its training data is a regression table, which this file does not embed";
      if (!table || table.y.length === 0)
        return spec.file && spec.text === ""
          ? `its training table, ${spec.file.name}, is too big to keep in the document, which names it only`
          : "its CSV table has no usable rows";
      return tableData(table, inputs, output);
  }
}
