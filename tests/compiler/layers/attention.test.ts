/**
 * Attention: SDPA against softmax(QKᵀ/√d)V in plain JS; causality; the fused block against the
 * same computation wired by hand from Linear, SplitHeads, RoPE, SDPA and MergeHeads.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { TLLinear, TLMergeHeads, TLMultiHeadAttention, TLRoPE, TLScaledDotProductAttention, TLSplitHeads } from "../../../compiler/layers";
import { expectClose } from "./close";
import { arr, attention4d, seeded } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const sliceCols = (w: tf.Tensor, from: number, width: number) =>
  w.rank === 1 ? tf.slice(w, [from], [width]) : tf.slice(w, [0, from], [w.shape[0], width]);

describe("TLScaledDotProductAttention", () => {
  it.each([
    ["causal, S = T", true, 5, 5],
    ["not causal, S = T", false, 5, 5],
    ["not causal, S ≠ T", false, 4, 7],
  ])("%s: equals softmax(QKᵀ/√d + M)·V", (_name, causal, T, S) => {
    const q = seeded([2, 3, T, 4], 1, 2);
    const k = seeded([2, 3, S, 4], 2, 2);
    const v = seeded([2, 3, S, 6], 3);
    const [out, weights] = new TLScaledDotProductAttention({ causal }).apply([q, k, v]) as tf.Tensor[];
    const ref = attention4d(arr(q), arr(k), arr(v), causal);
    expectClose(out, ref.out);
    expectClose(weights, ref.weights);
  });

  it("declares both outputs' shapes, symbolically too", () => {
    const layer = new TLScaledDotProductAttention({ causal: false });
    expect(
      layer.computeOutputShape([
        [null, 2, 5, 4],
        [null, 2, 7, 4],
        [null, 2, 7, 3],
      ]),
    ).toEqual([
      [null, 2, 5, 3],
      [null, 2, 5, 7],
    ]);
    const [q, k, v] = [tf.input({ shape: [2, 5, 4] }), tf.input({ shape: [2, 7, 4] }), tf.input({ shape: [2, 7, 3] })];
    const outs = layer.apply([q, k, v]) as tf.SymbolicTensor[];
    expect(outs.map((o) => o.shape)).toEqual([
      [null, 2, 5, 3],
      [null, 2, 5, 7],
    ]);
  });
});

describe("causal attention", () => {
  const T = 6;
  const mha = new TLMultiHeadAttention({ heads: 2, causal: true, rope: true, seed: 4, name: "causal_mha" });
  const input = () => seeded([2, T, 8], 5);

  it("gives zero weight to every later position", () => {
    const [, weights] = mha.apply(input()) as tf.Tensor[];
    const w = arr<number[][][][]>(weights);
    for (const b of w) for (const h of b) h.forEach((row, i) => row.forEach((p, j) => j > i && expect(p).toBe(0)));
    expectClose(tf.sum(weights, -1), tf.ones([2, 2, T]));
  });

  it("leaves earlier outputs unchanged when a later token changes", () => {
    const x = input();
    const changed = tf.concat([tf.slice(x, [0, 0, 0], [2, T - 2, 8]), seeded([2, 2, 8], 6, 5)], 1);
    const [before] = mha.apply(x) as tf.Tensor[];
    const [after] = mha.apply(changed) as tf.Tensor[];
    expectClose(tf.slice(after, [0, 0, 0], [2, T - 2, 8]), tf.slice(before, [0, 0, 0], [2, T - 2, 8]));
    expect(tf.max(tf.abs(tf.sub(after, before))).dataSync()[0]).toBeGreaterThan(1e-4);
  });

  it("stays finite for a fully masked row (S < T)", () => {
    const q = seeded([1, 1, 4, 2], 7);
    const kv = seeded([1, 1, 2, 2], 8);
    const [out] = new TLScaledDotProductAttention({ causal: true }).apply([q, kv, kv]) as tf.Tensor[];
    expect(Array.from(out.dataSync()).every(Number.isFinite)).toBe(true);
  });
});

describe("TLMultiHeadAttention (self)", () => {
  const [B, T, C, heads] = [2, 5, 8, 2];

  /** The fused layer with random (non-zero) weights, and its weights. */
  function fused(args: { causal: boolean; rope: boolean }) {
    const mha = new TLMultiHeadAttention({ heads, ...args, ropeBase: 100, seed: 9 });
    mha.apply(seeded([B, T, C], 0));
    const weights = [seeded([C, 3 * C], 10, 0.5), seeded([3 * C], 11, 0.5), seeded([C, C], 12, 0.5), seeded([C], 13, 0.5)];
    mha.setWeights(weights);
    return { mha, weights };
  }

  it.each([
    { causal: true, rope: false },
    { causal: false, rope: false },
    { causal: true, rope: true },
  ])("equals Linear q/k/v → SplitHeads → (RoPE) → SDPA → MergeHeads → Linear with the same weights (%o)", (args) => {
    const { mha, weights } = fused(args);
    const [qkvK, qkvB, projK, projB] = weights;
    // The hand-built graph, as a functional model: the fused kernel's columns are q | k | v.
    const input = tf.input({ shape: [T, C] });
    const heads4 = (i: number) => {
      const lin = new TLLinear({ units: C, name: `hand_${"qkv"[i]}_${args.causal}_${args.rope}` });
      const split = new TLSplitHeads({ heads }).apply(lin.apply(input)) as tf.SymbolicTensor;
      return { lin, out: args.rope && i < 2 ? (new TLRoPE({ base: 100 }).apply(split) as tf.SymbolicTensor) : split };
    };
    const [q, k, v] = [0, 1, 2].map(heads4);
    const [att, attWeights] = new TLScaledDotProductAttention({ causal: args.causal }).apply([q.out, k.out, v.out]) as tf.SymbolicTensor[];
    const proj = new TLLinear({ units: C });
    const y = proj.apply(new TLMergeHeads().apply(att)) as tf.SymbolicTensor;
    const hand = tf.model({ inputs: input, outputs: [y, attWeights] });
    [q, k, v].forEach(({ lin }, i) => lin.setWeights([sliceCols(qkvK, i * C, C), sliceCols(qkvB, i * C, C)]));
    proj.setWeights([projK, projB]);

    const x = seeded([B, T, C], 14);
    const [ours, ourWeights] = mha.apply(x) as tf.Tensor[];
    const [theirs, theirWeights] = hand.predict(x) as tf.Tensor[];
    expectClose(ours, theirs);
    expectClose(ourWeights, theirWeights);
  });

  it("has 4C² + 4C parameters with biases, 4C² without", () => {
    const { mha } = fused({ causal: true, rope: false });
    expect(mha.countParams()).toBe(4 * C * C + 4 * C);
    const noBias = new TLMultiHeadAttention({ heads, useBias: false });
    noBias.apply(tf.zeros([1, T, C]));
    expect(noBias.countParams()).toBe(4 * C * C);
    expect(mha.weights.map((w) => w.originalName.split("/").pop())).toEqual(["qkv_kernel", "qkv_bias", "proj_kernel", "proj_bias"]);
  });

  it("draws q/k/v from N(0, stddev²) and the output projection from N(0, outStddev²), reproducibly", () => {
    const build = (seed: number) => {
      const mha = new TLMultiHeadAttention({ heads: 4, stddev: 0.02, outStddev: 0.005, seed });
      mha.apply(tf.zeros([1, 1, 128]));
      return mha.getWeights();
    };
    const [qkv, , proj] = build(3);
    expect(tf.moments(qkv).variance.sqrt().dataSync()[0]).toBeCloseTo(0.02, 3);
    expect(tf.moments(proj).variance.sqrt().dataSync()[0]).toBeCloseTo(0.005, 3);
    expectClose(build(3)[0], qkv, 0);
    // The two kernels come from different random streams, not one stream rescaled.
    expect(tf.max(tf.abs(tf.sub(tf.mul(tf.slice(qkv, [0, 0], [128, 128]), 0.25), proj))).dataSync()[0]).toBeGreaterThan(1e-3);
  });

  it("applies dropout only when training", () => {
    const mha = new TLMultiHeadAttention({ heads, dropout: 0.5, seed: 15 });
    const x = seeded([B, T, C], 16);
    const [a] = mha.apply(x) as tf.Tensor[];
    const [b] = mha.apply(x, { training: false }) as tf.Tensor[];
    const [c] = mha.apply(x, { training: true }) as tf.Tensor[];
    expectClose(a, b, 0);
    expect(tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]).toBeGreaterThan(1e-6);
  });

  it("names the fix when heads do not divide the width or RoPE gets an odd head size", () => {
    expect(() => new TLMultiHeadAttention({ heads: 3 }).apply(tf.zeros([1, 2, 8]))).toThrow(
      /heads \(3\) must divide the model width \(8\)/,
    );
    expect(() => new TLMultiHeadAttention({ heads: 4, rope: true }).apply(tf.zeros([1, 2, 12]))).toThrow(/RoPE needs an even head size/);
  });
});

describe("TLMultiHeadAttention (cross)", () => {
  const [B, T, S, C, Cc, heads] = [2, 3, 7, 8, 6, 2];

  it("equals the hand-built cross-attention with S ≠ T and C ≠ Cc", () => {
    const mha = new TLMultiHeadAttention({ heads, cross: true, causal: false, seed: 17 });
    const [query, context] = [seeded([B, T, C], 18), seeded([B, S, Cc], 19)];
    mha.apply([query, context]);
    const weights = [
      seeded([C, C], 20),
      seeded([C], 21),
      seeded([Cc, 2 * C], 22),
      seeded([2 * C], 23),
      seeded([C, C], 24),
      seeded([C], 25),
    ];
    mha.setWeights(weights);
    const [qK, qB, kvK, kvB, projK, projB] = weights;
    expect(mha.countParams()).toBe(2 * C * C + 2 * Cc * C + 4 * C);

    const linear = (x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor) => {
      const layer = new TLLinear({ units: kernel.shape[1] as number });
      layer.apply(x);
      layer.setWeights([kernel, bias]);
      return layer.apply(x) as tf.Tensor;
    };
    const split = new TLSplitHeads({ heads });
    const q = split.apply(linear(query, qK, qB)) as tf.Tensor;
    const k = split.apply(linear(context, sliceCols(kvK, 0, C), sliceCols(kvB, 0, C))) as tf.Tensor;
    const v = split.apply(linear(context, sliceCols(kvK, C, C), sliceCols(kvB, C, C))) as tf.Tensor;
    const [att, attWeights] = new TLScaledDotProductAttention({ causal: false }).apply([q, k, v]) as tf.Tensor[];
    const expected = linear(new TLMergeHeads().apply(att) as tf.Tensor, projK, projB);

    const [out, w] = mha.apply([query, context]) as tf.Tensor[];
    expect(out.shape).toEqual([B, T, C]);
    expect(w.shape).toEqual([B, heads, T, S]);
    expectClose(out, expected);
    expectClose(w, attWeights);
    expect(
      mha.computeOutputShape([
        [null, T, C],
        [null, S, Cc],
      ]),
    ).toEqual([
      [null, T, C],
      [null, heads, T, S],
    ]);
  });

  it("wants exactly [query, context]", () => {
    const mha = new TLMultiHeadAttention({ heads, cross: true });
    expect(() => mha.apply(tf.zeros([1, T, C]))).toThrow(/cross-attention needs inputs \[query, context\]/);
  });
});
