/**
 * The recall task as a dataset of a document: its spec and defaults, the batches createTask
 * builds from it (targets k steps back, weighted only where scored), and the checks before
 * Start (k ≥ the length, the Input's length and vocabulary, the Output's kind), each with its fix.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { analyse, DatasetSpecSchema, TrainConfigSchema } from "@/graph";
import type { DatasetSpec, GraphDocument } from "@/graph";
import { buildPreset } from "@/presets";
import { createTask } from "@/train";
import { applyDataFixes, checkTraining } from "@/train/data";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const config = TrainConfigSchema.parse({});
const recall = (distance: number, length: number, vocab = 8): DatasetSpec => ({ kind: "recall", distance, length, vocab, samples: 400 });
const lstm = (params: Record<string, unknown> = {}): GraphDocument => {
  const r = buildPreset("lstm", { units: 8, embd: 4, ...params });
  if (!r.ok) throw new Error(r.message);
  return r.graph;
};
const tokens = (length: number, vocabSize: number) => ({
  nodeId: "tokens",
  kind: "tokens" as const,
  shape: [length],
  dtype: "int32" as const,
  vocabSize,
  lengthName: "T" as const,
});
const lm = [{ nodeId: "loss", kind: "language_model" as const, width: 65 }];

describe("the recall spec", () => {
  it("defaults to k = 8 over 24 positions of 8 symbols, and keeps k within 2 … 128", () => {
    expect(DatasetSpecSchema.parse({ kind: "recall" })).toEqual({ kind: "recall", distance: 8, length: 24, vocab: 8, samples: 8000 });
    expect(DatasetSpecSchema.safeParse({ kind: "recall", distance: 1 }).success).toBe(false);
    expect(DatasetSpecSchema.safeParse({ kind: "recall", distance: 129, length: 200 }).success).toBe(false);
  });
});

describe("createTask on the recall task", () => {
  it("gives ids [B, T], targets y[t] = x[t − k] weighted 1 from t = k on and 0 before", () => {
    const [k, T] = [5, 12];
    const r = createTask(recall(k, T), { inputs: [tokens(T, 65)], outputs: lm }, 0);
    if (!r.ok) throw new Error(r.message);
    const b = r.bundle.task.batch("train", 6);
    expect(r.bundle.task.kind).toBe("language_model");
    expect([b.inputs[0].shape, b.target.shape, b.weights!.shape]).toEqual([
      [6, T],
      [6, T],
      [6, T],
    ]);
    const [x, y, w] = [b.inputs[0].arraySync(), b.target.arraySync(), b.weights!.arraySync()] as number[][][];
    for (let i = 0; i < 6; i++) {
      expect(w[i]).toEqual(Array.from({ length: T }, (_, t) => (t >= k ? 1 : 0)));
      for (let t = k; t < T; t++) expect(y[i][t]).toBe(x[i][t - k]);
      expect(x[i].every((v) => Number.isInteger(v) && v >= 0 && v < 8)).toBe(true);
    }
    expect(r.bundle.preview).toHaveLength(3);
    tf.dispose([...b.inputs, b.target, b.weights!]);
  });

  it("refuses k ≥ the length, another length and a smaller vocabulary, each with the fix", () => {
    const fail = (spec: DatasetSpec, T: number, V: number) => {
      const r = createTask(spec, { inputs: [tokens(T, V)], outputs: lm }, 0);
      return r.ok ? "" : r.message;
    };
    expect(fail(recall(12, 12), 12, 65)).toBe("the recall distance k (12) must be below the sequence length (12): raise length or lower k");
    expect(fail(recall(4, 12), 16, 65)).toBe("the recall task has length 12 but the Input has 16: set its length to 12");
    expect(fail(recall(4, 12, 20), 12, 13)).toBe("the recall task has 20 symbols but the Input's vocabulary is 13: set it to 20");
  });
});

describe("checkTraining with the recall task", () => {
  it("flags k ≥ the sequence length before Start, naming the field and the fix, which makes it pass", () => {
    const doc = lstm({ blockSize: 8 });
    const dataset = recall(8, 8);
    const problems = checkTraining(doc, { dataset, config });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "setting", field: "dataset.distance" });
    expect(problems[0].message).toBe(
      "The recall distance k (8) must be below the sequence length (8), or no position has a symbol k steps back to recall: set length to at least 9, or lower k.",
    );
    const r = applyDataFixes(doc, [problems[0].fix!], { dataset, config });
    if (!r.ok) throw new Error(r.message);
    const fixed = (r.graph.meta.training as { dataset: DatasetSpec }).dataset;
    expect(fixed).toMatchObject({ kind: "recall", distance: 8, length: 9 });
    // The Input's context (8) now differs from the length (9): the next check says so, and its fix clears it.
    const next = checkTraining(r.graph, { dataset: fixed, config });
    expect(next.map((p) => p.code)).toEqual(["length"]);
    const r2 = applyDataFixes(r.graph, [next[0].fix!], { dataset: fixed, config });
    if (!r2.ok) throw new Error(r2.message);
    expect(checkTraining(r2.graph, { dataset: fixed, config })).toEqual([]);
    expect(analyse(r2.graph).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("on the LSTM preset (context 64), k = 8 of length 24 asks to set the Input's length to 24", () => {
    const problems = checkTraining(lstm(), { dataset: recall(8, 24), config });
    expect(problems.map((p) => [p.code, p.nodeId, p.field])).toEqual([["length", "tokens", "seqLen"]]);
    expect(problems[0].message).toBe(
      "The recall task has length 24 but Input tokens has 64: set its length to 24, or the recall length to 64.",
    );
    expect(checkTraining(lstm({ blockSize: 24 }), { dataset: recall(8, 24), config })).toEqual([]);
  });

  it("flags a vocabulary below the symbols and a classification Output", () => {
    const doc = lstm({ blockSize: 24, vocabSize: 4 });
    expect(checkTraining(doc, { dataset: recall(8, 24), config }).map((p) => [p.code, p.nodeId])).toEqual([["vocab", "tokens"]]);
    const mlp = buildPreset("mlp", {});
    if (!mlp.ok) throw new Error(mlp.message);
    expect(checkTraining(mlp.graph, { dataset: recall(8, 24), config }).map((p) => p.code)).toEqual(["input-kind"]);
  });
});
