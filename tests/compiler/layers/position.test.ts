/** Learned positions, sinusoids and RoPE against plain-JS references (graph/blocks/sequence.ts). */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { applyRope, mergeHeads, splitHeads, TLPositionEmbedding, TLRoPE, TLSinusoidal } from "../../../compiler/layers";
import { expectClose } from "./close";
import { arr, dot, ropeRef, seeded, type Mat } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

describe("TLPositionEmbedding", () => {
  it("adds row t of the table to position t, using only the first T rows", () => {
    const layer = new TLPositionEmbedding({ maxLen: 10, seed: 1 });
    const x = seeded([2, 4, 3], 2);
    layer.apply(x);
    const P = seeded([10, 3], 3);
    layer.setWeights([P]);
    const [xs, ps] = [arr<number[][][]>(x), arr<Mat>(P)];
    expectClose(
      layer.apply(x) as tf.Tensor,
      xs.map((seq) => seq.map((row, t) => row.map((v, c) => v + ps[t][c]))),
    );
    expect(layer.countParams()).toBe(30);
  });

  it("refuses a sequence longer than maxLen, naming the fix", () => {
    const layer = new TLPositionEmbedding({ maxLen: 4 });
    expect(() => layer.apply(tf.zeros([1, 5, 2]))).toThrow(/covers 4 positions but the sequence has 5: raise maxLen to 5/);
    expect(() => layer.computeOutputShape([null, 6, 2])).toThrow(/raise maxLen to 6/);
  });

  it("draws its table from N(0, 0.02²) by default, reproducibly by seed", () => {
    const table = (seed: number) => {
      const layer = new TLPositionEmbedding({ maxLen: 64, seed });
      layer.apply(tf.zeros([1, 1, 64]));
      return layer.getWeights()[0];
    };
    expectClose(table(5), table(5), 0);
    expect(tf.moments(table(5)).variance.sqrt().dataSync()[0]).toBeCloseTo(0.02, 3);
  });
});

describe("TLSinusoidal", () => {
  it("adds sin(t/10000^(2i/C)) on even and cos on odd features", () => {
    const [T, C] = [7, 6];
    const pe = Array.from({ length: T }, (_, t) =>
      Array.from({ length: C }, (_, c) => {
        const i = Math.floor(c / 2);
        const angle = t / 10000 ** ((2 * i) / C);
        return c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
      }),
    );
    expectClose(new TLSinusoidal().apply(tf.zeros([1, T, C])) as tf.Tensor, [pe]);
    const x = seeded([2, T, C], 1);
    expectClose(
      new TLSinusoidal().apply(x) as tf.Tensor,
      arr<number[][][]>(x).map((seq) => seq.map((row, t) => row.map((v, c) => v + pe[t][c]))),
    );
  });

  it("has no weights and works at any length", () => {
    const layer = new TLSinusoidal();
    expect((layer.apply(tf.zeros([1, 300, 4])) as tf.Tensor).shape).toEqual([1, 300, 4]);
    expect(layer.countParams()).toBe(0);
  });
});

describe("RoPE", () => {
  it("applyRope rotates interleaved pairs of [B, h, T, d] by t·base^(−2i/d)", () => {
    const x = seeded([2, 3, 5, 8], 1, 2);
    const expected = arr<number[][][][]>(x).map((b) => b.map((h) => h.map((row, t) => ropeRef(row, t, 10000))));
    expectClose(applyRope(x, 10000), expected);
    expectClose(new TLRoPE({ base: 10000 }).apply(x) as tf.Tensor, expected);
  });

  it("on [B, T, C] with heads, rotates each head's d = C/h features on its own", () => {
    const [heads, base] = [2, 500];
    const x = seeded([2, 6, 8], 2);
    const expected = arr<number[][][]>(x).map((seq) =>
      seq.map((row, t) => [...ropeRef(row.slice(0, 4), t, base), ...ropeRef(row.slice(4), t, base)]),
    );
    expectClose(new TLRoPE({ heads, base }).apply(x) as tf.Tensor, expected);
    expectClose(mergeHeads(applyRope(splitHeads(x, heads), base)), expected);
  });

  it("makes q·k depend only on the offset between positions", () => {
    // The same query and key vectors placed at every position: score(t_q, t_k) = f(t_q − t_k).
    const [T, d] = [9, 8];
    const q = seeded([1, 1, 1, d], 3);
    const k = seeded([1, 1, 1, d], 4);
    const rq = arr<number[][][][]>(applyRope(tf.tile(q, [1, 1, T, 1]), 10000))[0][0];
    const rk = arr<number[][][][]>(applyRope(tf.tile(k, [1, 1, T, 1]), 10000))[0][0];
    const score = (i: number, j: number) => dot(rq[i], rk[j]);
    for (const offset of [0, 1, 3, -2]) {
      const pairs = Array.from({ length: T }, (_, i) => [i, i - offset]).filter(([, j]) => j >= 0 && j < T);
      const scores = pairs.map(([i, j]) => score(i, j));
      scores.forEach((s) => expect(s).toBeCloseTo(scores[0], 5));
    }
    expect(Math.abs(score(4, 4) - score(4, 1))).toBeGreaterThan(1e-3); // and it does depend on the offset
  });

  it("keeps norms (a rotation) and leaves position 0 unchanged", () => {
    const x = seeded([1, 2, 4, 6], 5);
    const y = applyRope(x, 10000);
    expectClose(tf.norm(y, "euclidean", -1), tf.norm(x, "euclidean", -1));
    expectClose(tf.slice(y, [0, 0, 0, 0], [1, 2, 1, 6]), tf.slice(x, [0, 0, 0, 0], [1, 2, 1, 6]));
  });

  it("rejects an odd head size", () => {
    expect(() => new TLRoPE({ heads: 2 }).apply(tf.zeros([1, 3, 6]))).toThrow(/head size 3 must be even/);
    expect(() => applyRope(tf.zeros([1, 1, 2, 5]), 10000)).toThrow(/even d/);
  });
});
