/** The recall task: exact samples for a seed, every scored target exactly k steps back, bad k named. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { makeRecallTask, recallTask } from "@/train";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const row = (a: Int32Array | Float32Array, r: number, L: number) => Array.from(a.subarray(r * L, (r + 1) * L));

describe("makeRecallTask", () => {
  it("gives exact targets for a seed: y[t] = x[t − k] from t = k on, masked before", () => {
    const d = makeRecallTask({ n: 3, distance: 3, span: 4, alphabet: 5, seed: 7 });
    expect([d.seqLen, d.vocabSize]).toEqual([7, 5]);
    const x = row(d.x, 1, 7);
    expect(row(d.y, 1, 7)).toEqual([0, 0, 0, x[0], x[1], x[2], x[3]]);
    expect(row(d.mask, 1, 7)).toEqual([0, 0, 0, 1, 1, 1, 1]);
    expect(makeRecallTask({ n: 3, distance: 3, span: 4, alphabet: 5, seed: 7 }).x).toEqual(d.x);
    expect(makeRecallTask({ n: 3, distance: 3, span: 4, alphabet: 5, seed: 8 }).x).not.toEqual(d.x);
  });

  it.each([2, 17, 128])("respects k = %i on every row: each scored target is the symbol exactly k steps back", (k) => {
    const d = makeRecallTask({ n: 50, distance: k, seed: 1 });
    expect(d.seqLen).toBe(k + 16);
    let scored = 0;
    for (let r = 0; r < d.n; r++) {
      for (let t = 0; t < d.seqLen; t++) {
        const i = r * d.seqLen + t;
        if (t < k) expect(d.mask[i]).toBe(0);
        else {
          expect(d.mask[i]).toBe(1);
          expect(d.y[i]).toBe(d.x[i - k]);
          scored++;
        }
      }
    }
    expect(scored).toBe(50 * 16);
    // Uniform symbols: every one of the 8 appears, so no constant guess beats chance.
    expect(new Set(d.x).size).toBe(8);
  });

  it.each([
    [{ distance: 1 }, /distance k must be a whole number from 2 to 128, got 1/],
    [{ distance: 129 }, /distance k must be a whole number from 2 to 128, got 129/],
    [{ distance: 8, alphabet: 1 }, /alphabet must be a whole number from 2/],
  ])("rejects %o with a message naming the setting", (o, message) => {
    expect(() => makeRecallTask({ n: 10, ...o } as { n: number; distance: number })).toThrow(message);
  });
});

describe("recallTask", () => {
  it("draws [B, k + span] batches whose loss weights cover only the recalled positions, train and validation apart", () => {
    const d = makeRecallTask({ n: 100, distance: 4, span: 2, seed: 3 });
    const task = recallTask(d, 0);
    expect(task.kind).toBe("language_model");
    const b = task.batch("val", 5);
    expect(b.inputs[0].shape).toEqual([5, 6]);
    expect(b.tokens).toBe(30);
    const [x, y, w] = [b.inputs[0].arraySync() as number[][], b.target.arraySync() as number[][], b.weights!.arraySync() as number[][]];
    const valRows = new Set(Array.from({ length: 10 }, (_, i) => row(d.x, 90 + i, 6).join(",")));
    for (let i = 0; i < 5; i++) {
      expect(valRows.has(x[i].join(","))).toBe(true);
      expect(w[i]).toEqual([0, 0, 0, 0, 1, 1]);
      expect(y[i].slice(4)).toEqual(x[i].slice(0, 2));
    }
  });
});
