/** Sampling: temperature and top-k in pickToken, and the context handling of generate. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createRng, generate, pickToken } from "@/train";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const LOGITS = new Float32Array([0.3, 2.5, -1.0, 2.4, 0.0, 1.9, -3.0, 2.45]); // sorted ids: 1, 7, 3, 5, 0, 4, 2, 6

function draws(logits: Float32Array, temperature: number, topK: number, n: number, seed = 0): Map<number, number> {
  const rng = createRng(seed);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const id = pickToken(logits, temperature, topK, rng);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe("pickToken", () => {
  it("is the arg-max at temperature 0, whatever top-k and the random stream say", () => {
    for (const topK of [0, 1, 3]) expect([...draws(LOGITS, 0, topK, 200, topK).keys()]).toEqual([1]);
  });

  it("is the arg-max with top-k 1 at any temperature", () => {
    for (const temperature of [0.5, 1, 5]) expect([...draws(LOGITS, temperature, 1, 200).keys()]).toEqual([1]);
  });

  it("with top-k k only ever returns the k most likely ids", () => {
    const counts = draws(LOGITS, 1, 3, 5000);
    expect([...counts.keys()].sort()).toEqual([1, 3, 7]);
    // At a high temperature the three are nearly uniform, and still nothing else appears.
    const hot = draws(LOGITS, 100, 3, 3000);
    expect([...hot.keys()].sort()).toEqual([1, 3, 7]);
    for (const c of hot.values()) expect(c).toBeGreaterThan(800);
  });

  it("without top-k reaches every id, in proportion to softmax(logits / temperature)", () => {
    const n = 20_000;
    const counts = draws(LOGITS, 1, 0, n, 3);
    expect(counts.size).toBe(LOGITS.length);
    const z = Array.from(LOGITS).reduce((s, x) => s + Math.exp(x), 0);
    // id 1 has p ≈ 0.30; with 20,000 draws the standard error is ~0.003.
    expect((counts.get(1) ?? 0) / n).toBeCloseTo(Math.exp(LOGITS[1]) / z, 1);
  });

  it("is deterministic for a seed", () => {
    const seq = (seed: number) =>
      Array.from(
        { length: 50 },
        (
          (rng) => () =>
            pickToken(LOGITS, 1, 0, rng)
        )(createRng(seed)),
      );
    expect(seq(7)).toEqual(seq(7));
  });
});

/**
 * A stand-in language model over vocabulary V with context T: it records each input window
 * and puts all its weight on (token + 1) mod V at every position, so the next id shows which
 * position generate read.
 */
function countingModel(V: number) {
  const inputs: number[][] = [];
  const model = {
    predict(x: tf.Tensor) {
      const ids = Array.from(x.dataSync());
      inputs.push(ids);
      const T = x.shape[1] as number;
      return tf.tidy(() =>
        tf
          .oneHot(
            tf.tensor2d(
              ids.map((i) => (i + 1) % V),
              [1, T],
              "int32",
            ),
            V,
          )
          .toFloat()
          .mul(10),
      ); // [1, T, V]
    },
  };
  return { model: model as unknown as tf.LayersModel, inputs };
}

describe("generate", () => {
  it("returns maxTokens ids, reading the last real position of a right-padded window", async () => {
    const { model, inputs } = countingModel(20);
    const out = await generate(model, [5, 6], { maxTokens: 4, temperature: 0, topK: 0, blockSize: 8 }, createRng(0));
    expect(out).toEqual([7, 8, 9, 10]);
    expect(inputs[0]).toEqual([5, 6, 0, 0, 0, 0, 0, 0]);
    expect(inputs[3]).toEqual([5, 6, 7, 8, 9, 0, 0, 0]);
  });

  it("crops the context to the last blockSize tokens", async () => {
    const { model, inputs } = countingModel(50);
    const context = Array.from({ length: 10 }, (_, i) => i + 1); // 1 … 10
    const out = await generate(model, context, { maxTokens: 5, temperature: 0, topK: 0, blockSize: 4 }, createRng(0));
    expect(out).toEqual([11, 12, 13, 14, 15]);
    expect(inputs.map((w) => w.length)).toEqual([4, 4, 4, 4, 4]);
    expect(inputs[0]).toEqual([7, 8, 9, 10]);
    expect(inputs[4]).toEqual([11, 12, 13, 14]);
  });

  it("streams each id through onToken and disposes what it makes", async () => {
    const { model } = countingModel(10);
    const before = tf.memory().numTensors;
    const streamed: number[] = [];
    const out = await generate(model, [], { maxTokens: 12, temperature: 0.8, topK: 1, blockSize: 6 }, createRng(1), (id) => {
      streamed.push(id);
    });
    expect(out).toHaveLength(12);
    expect(streamed).toEqual(out);
    // An empty context starts from id 0; top-k 1 follows the model's arg-max: 1, 2, …, 9, 0, 1, 2.
    expect(out).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
