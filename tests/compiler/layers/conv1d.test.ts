/**
 * TLConv1D on the wasm backend (the one the app trains on) against the block's equation in plain
 * JS loops (tests/compiler/reference/conv1d.ts): values and gradients, dilation 1 and 4, causal
 * and "same" padding, with and without bias; causality by perturbation; and the Conv1D block's
 * shape, parameter count, diagnostics and compiled model.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "@/compiler";
import { TLConv1D } from "@/compiler/layers/conv1d";
import { analyse, createBuilder } from "@/graph";
import { conv1dGradRef, conv1dRef, type Kernel, type Seq } from "../reference/conv1d";
import { expectClose } from "./close";
import { arr, seeded } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("wasm")).toBe(true);
});

const [B, T, C, F, K] = [2, 11, 3, 4, 3];

describe("TLConv1D", () => {
  const cases = [1, 4].flatMap((dilation) => [true, false].flatMap((causal) => [true, false].map((bias) => ({ dilation, causal, bias }))));
  it.each(cases)(
    "matches the equation, values and gradients (dilation $dilation, causal $causal, bias $bias)",
    ({ dilation, causal, bias }) => {
      const layer = new TLConv1D({ filters: F, kernelSize: K, dilation, causal, useBias: bias, stddev: 0.1, seed: 3 });
      const x = seeded([B, T, C], 1);
      layer.apply(x);
      const weights = [seeded([K, C, F], 2), ...(bias ? [seeded([F], 4)] : [])];
      layer.setWeights(weights);
      const g = seeded([B, T, F], 5);
      const spec = { dilation, causal };
      const [xs, W, gs] = [arr<Seq>(x), arr<Kernel>(weights[0]), arr<Seq>(g)];
      const b = bias ? arr<number[]>(weights[1]) : undefined;

      expectClose(layer.apply(x) as tf.Tensor, conv1dRef(xs, W, b, spec));
      const loss = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, g)) as tf.Scalar;
      const ref = conv1dGradRef(xs, W, gs, spec);
      expectClose(tf.grad(loss)(x), ref.dx);
      const { grads } = tf.variableGrads(() => loss(x));
      const [kernel, biasVar] = layer.trainableWeights.map((w) => grads[w.originalName]);
      expectClose(kernel, ref.dW);
      if (bias) expectClose(biasVar, ref.dBias);
      expect(layer.trainableWeights.length).toBe(bias ? 2 : 1);
    },
  );

  it.each([1, 4])("causal: y_t does not change when x_{t+1} does, and does when x_t does (dilation %i)", (dilation) => {
    const layer = new TLConv1D({ filters: F, kernelSize: K, dilation, causal: true, useBias: true, stddev: 0.3, seed: 9 });
    const x = seeded([1, T, C], 6);
    const base = arr<Seq>(layer.apply(x) as tf.Tensor)[0];
    for (const t of [0, 4, T - 2]) {
      const bumped = tf.tidy(() => tf.add(x, tf.mul(tf.oneHot([t + 1], T).reshape([1, T, 1]), 5)));
      const y = arr<Seq>(layer.apply(bumped) as tf.Tensor)[0];
      expect(y.slice(0, t + 1)).toEqual(base.slice(0, t + 1)); // exactly: steps ≤ t never read x_{t+1}
      expect(Math.abs(y[t + 1][0] - base[t + 1][0])).toBeGreaterThan(1e-3); // tap 0 reads x_{t+1} itself
    }
  });

  it("round-trips its config and draws the same kernel from the same seed", () => {
    const args = { filters: 5, kernelSize: 2, dilation: 8, causal: false, useBias: false, stddev: 0.02, seed: 11 };
    const a = new TLConv1D(args);
    const b = new TLConv1D(a.getConfig() as unknown as typeof args);
    a.apply(tf.zeros([1, 20, 6]));
    b.apply(tf.zeros([1, 20, 6]));
    expect(b.getConfig()).toMatchObject(args);
    expect(a.getWeights()[0].shape).toEqual([2, 6, 5]);
    expect(a.getWeights()[0].dataSync()).toEqual(b.getWeights()[0].dataSync());
    expect(a.countParams()).toBe(2 * 6 * 5);
  });
});

describe("the Conv1D block", () => {
  const graph = (params: Record<string, unknown>, seqLen = 16) => {
    const b = createBuilder("tcn");
    const x = b.node("Input", { kind: "sequence", seqLen, features: 6 });
    const c = b.node("Conv1D", params, { x }, { id: "conv" });
    b.node("Output", { kind: "regression" }, { x: c });
    return b.build();
  };

  it.each([false, true])("maps B×T×C to B×T×F, and analysis and compile() agree on k·C·F + F parameters (bias %s)", (bias) => {
    const doc = graph({ filters: 10, kernelSize: 3, dilation: 2, bias });
    const analysis = analyse(doc);
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.nodes.conv.outputs.out.shape).toEqual(["B", "T", 10]);
    const expected = 3 * 6 * 10 + (bias ? 10 : 0);
    expect(analysis.nodes.conv.cost.params).toBe(expected);
    const r = compile(doc, { seed: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.compiled.model.getLayer("conv").countParams()).toBe(expected);
    expect(r.compiled.model.getLayer("conv").getClassName()).toBe("TLConv1D");
  });

  it("warns, naming the node and the fix, when the kernel spans more steps than the sequence", () => {
    const messages = (params: Record<string, unknown>) =>
      analyse(graph(params, 16)).diagnostics.map((d) => `${d.severity} ${d.nodeId}: ${d.message}`);
    expect(messages({ kernelSize: 3, dilation: 8 })).toEqual([
      "warning conv: Conv1D's kernel spans (k−1)·d+1 = (3−1)·8+1 = 17 steps but the sequence has 16, so its far taps only read zero padding: lower dilation to at most 7, or lengthen the sequence",
    ]);
    expect(messages({ kernelSize: 20, dilation: 1 })[0]).toContain("lower kernelSize to at most 16");
    expect(messages({ kernelSize: 3, dilation: 7 })).toEqual([]); // (3−1)·7+1 = 15 ≤ 16
  });

  it("refuses dilation 0 with the range", () => {
    const d = analyse(graph({ dilation: 0 })).diagnostics;
    expect(d.map((x) => [x.code, x.nodeId])).toEqual([["invalid-param", "conv"]]);
    expect(d[0].message).toBe("conv: dilation: must be at least 1 (1 = adjacent steps, 2 = every other step)");
  });
});
