/** createTask: the dataset must fit the model, and says how to fix it when it does not. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { CompiledModel, ModelInputInfo, ModelOutputInfo } from "@/compiler";
import type { DatasetSpec } from "@/graph";
import { buildPreset } from "@/presets";
import { corpusTextDataset, createSession, createTask } from "@/train";
import type { Batch, TaskBundle } from "@/train";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

type ModelInfo = Pick<CompiledModel, "inputs" | "outputs">;

const features = (n: number, nodeId = "input"): ModelInputInfo => ({
  nodeId,
  kind: "features",
  shape: [n],
  dtype: "float32",
  lengthName: "T",
});
const tokens = (length: number, vocabSize: number, nodeId = "tokens", lengthName: "S" | "T" = "T"): ModelInputInfo => ({
  nodeId,
  kind: "tokens",
  shape: [length],
  dtype: "int32",
  vocabSize,
  lengthName,
});
const output = (kind: ModelOutputInfo["kind"], width = 2): ModelOutputInfo[] => [{ nodeId: "loss", kind, width }];
const model = (inputs: ModelInputInfo[], kind: ModelOutputInfo["kind"] = "classification"): ModelInfo => ({
  inputs,
  outputs: output(kind),
});

const spirals: DatasetSpec = { kind: "points", name: "spirals", samples: 400, noise: 0.1, classes: 2 };
const corpus: DatasetSpec = { kind: "corpus", chars: 10_000 };
const reverse = (format: "seq2seq" | "decoder", length = 5): DatasetSpec => ({
  kind: "sequence",
  task: "reverse",
  length,
  samples: 200,
  format,
});

function failure(spec: DatasetSpec, info: ModelInfo): string {
  const r = createTask(spec, info, 0);
  expect(r.ok).toBe(false);
  return r.ok ? "" : r.message;
}

function bundle(spec: DatasetSpec, info: ModelInfo): TaskBundle {
  const r = createTask(spec, info, 0);
  if (!r.ok) throw new Error(r.message);
  return r.bundle;
}

function describeBatch(b: Batch) {
  const out = {
    inputs: b.inputs.map((t) => `${t.dtype}[${t.shape}]`),
    target: `${b.target.dtype}[${b.target.shape}]`,
    weights: b.weights ? `${b.weights.dtype}[${b.weights.shape}]` : undefined,
    tokens: b.tokens,
  };
  tf.dispose([...b.inputs, b.target, ...(b.weights ? [b.weights] : [])]);
  return out;
}

describe("createTask refuses data that does not fit the model", () => {
  it("points into a tokens Input", () => {
    expect(failure(spirals, model([tokens(8, 13)]))).toBe("2-D points need one Input of kind features");
  });

  it("points with the wrong feature count names both counts and the fix", () => {
    expect(failure(spirals, model([features(3)]))).toBe("the data has 2 features but the Input has 3: set its features to 2");
  });

  it("a CSV whose feature count differs from the Input", () => {
    const csv: DatasetSpec = { kind: "csv", text: "a,b,c,label\n1,2,3,x\n4,5,6,y\n", label: "label" };
    expect(failure(csv, model([features(2)]))).toBe("the data has 3 features but the Input has 2: set its features to 3");
    expect(failure({ kind: "csv", text: "a,label\nfoo,x\n", label: "label" }, model([features(1)]))).toMatch(
      /^the CSV has no usable rows: line 2: /,
    );
  });

  it("a vocabulary too small for the text", () => {
    const distinct = corpusTextDataset({ seed: 0, minChars: 10_000 }).vocabSize;
    expect(distinct).toBeGreaterThan(20);
    expect(failure(corpus, model([tokens(32, 20)], "language_model"))).toBe(
      `the text has ${distinct} distinct characters but the Input's vocabulary is 20: set vocab to at least ${distinct}`,
    );
  });

  it("a vocabulary too small for a sequence task", () => {
    expect(failure(reverse("decoder"), model([tokens(10, 10, "ids")], "language_model"))).toBe(
      "the reverse task has 13 tokens but Input ids has vocabulary 10: set it to 13",
    );
  });

  it("text into a features Input, or into a classifier", () => {
    expect(failure(corpus, model([features(2)], "language_model"))).toBe("a language model needs one Input of kind tokens");
    expect(failure(corpus, model([tokens(32, 65)], "classification"))).toBe(
      "text trains a language model: set the Output to language modelling",
    );
  });

  it("seq2seq with one token Input asks for two", () => {
    expect(failure(reverse("seq2seq"), model([tokens(5, 13)]))).toBe(
      "an encoder–decoder needs two token Inputs: the source (length symbol S) and the target (T)",
    );
  });

  it("seq2seq or decoder streams whose lengths do not match the task", () => {
    expect(failure(reverse("seq2seq"), model([tokens(5, 13, "src", "S"), tokens(6, 13, "tgt")]))).toBe(
      "the reverse task has source length 5 and target length 5; set the Inputs' lengths to match",
    );
    expect(failure(reverse("decoder"), model([tokens(11, 13)], "language_model"))).toBe(
      "the reverse task as one stream has length 10: set the Input's length to 10",
    );
    expect(failure(reverse("decoder"), model([tokens(5, 13, "a"), tokens(5, 13, "b")], "language_model"))).toBe(
      "a decoder-only model needs one token Input",
    );
  });

  it("a graph without an Output", () => {
    expect(failure(spirals, { inputs: [features(2)], outputs: [] })).toBe("the graph has no Output block");
  });

  it("createSession passes the message on for a real preset", () => {
    const built = buildPreset("mlp");
    if (!built.ok) throw new Error(built.message);
    const before = tf.memory().numTensors;
    const r = createSession(built.graph, { dataset: corpus });
    expect(r).toEqual({ ok: false, message: "a language model needs one Input of kind tokens" });
    // The compiled model is disposed again.
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("createTask builds batches and previews", () => {
  it("points: a preview of a few rows, and [B, 2] features with int labels", () => {
    const b = bundle(spirals, model([features(2)]));
    expect(b.preview.length).toBeGreaterThan(0);
    expect(b.preview[0]).toMatch(/^x = \(-?\d+\.\d\d, -?\d+\.\d\d\) → [01]$/);
    expect(b.points?.numClasses).toBe(2);
    expect(describeBatch(b.task.batch("train", 16))).toEqual({
      inputs: ["float32[16,2]"],
      target: "int32[16]",
      weights: undefined,
      tokens: 16,
    });
  });

  it("CSV regression: float targets [B, 1]", () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i % 3},${2 * i + 1}`).join("\n");
    const b = bundle({ kind: "csv", text: `a,b,y\n${rows}\n`, label: "y" }, model([features(2)], "regression"));
    expect(b.preview.length).toBeGreaterThan(0);
    expect(describeBatch(b.task.batch("val", 4))).toEqual({
      inputs: ["float32[4,2]"],
      target: "float32[4,1]",
      weights: undefined,
      tokens: 4,
    });
  });

  it("corpus: text previews, a tokenizer and [B, T] next-character batches", () => {
    const b = bundle(corpus, model([tokens(32, 65)], "language_model"));
    expect(b.preview).toHaveLength(3);
    for (const p of b.preview) expect(JSON.parse(p).length).toBeGreaterThan(20);
    expect(b.tokenizer).toBeDefined();
    expect(describeBatch(b.task.batch("train", 4))).toEqual({
      inputs: ["int32[4,32]"],
      target: "int32[4,32]",
      weights: undefined,
      tokens: 128,
    });
  });

  it("seq2seq: source and target-in in the model's input order", () => {
    const b = bundle(reverse("seq2seq"), model([tokens(5, 13, "tgt", "T"), tokens(5, 13, "src", "S")]));
    expect(b.preview).toHaveLength(3);
    const [src, tgt] = b.preview[0].split(" → ");
    expect(tgt).toBe([...src].reverse().join(""));
    const batch = b.task.batch("train", 3);
    // The source (length symbol S) is the second input here; the target-in starts with <bos>.
    const [tgtIn, source] = batch.inputs.map((t) => t.arraySync() as number[][]);
    const target = batch.target.arraySync() as number[][];
    for (let i = 0; i < 3; i++) {
      expect(target[i]).toEqual([...source[i]].reverse());
      expect(tgtIn[i]).toEqual([1, ...target[i].slice(0, 4)]);
    }
    expect(describeBatch(batch).tokens).toBe(15);
  });

  it("decoder: one stream with a loss mask over the answer", () => {
    const b = bundle(reverse("decoder"), model([tokens(10, 13)], "language_model"));
    expect(b.sequence?.format).toBe("decoder");
    const batch = b.task.batch("train", 2);
    expect((batch.weights?.arraySync() as number[][])[0]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(describeBatch(batch)).toEqual({ inputs: ["int32[2,10]"], target: "int32[2,10]", weights: "float32[2,10]", tokens: 20 });
  });
});

it("a classifier whose output width differs from the data's classes is refused", () => {
  const r = createTask(
    { kind: "points", name: "spirals", samples: 200, noise: 0.1, classes: 3 },
    { inputs: [features(2)], outputs: output("classification", 2) },
    0,
  );
  expect(r).toMatchObject({
    ok: false,
    message: "the data has 3 classes but the network outputs 2 scores: set the last Linear's units to 3",
  });
});
