/**
 * SwiGLU against its formula written out in plain JS loops, y = (SiLU(x·W1 + b1) ⊙ (x·W3 + b3))·W2 + b2
 * with SiLU(z) = z / (1 + e^−z); and the block's shape, parameter count and compiled model.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "@/compiler";
import { TLSwiGLU } from "@/compiler/layers/swiglu";
import { analyse, createBuilder } from "@/graph";
import { expectClose } from "./close";
import { seeded } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

/** The formula, one row of x at a time: x [N][C], W1/W3 [C][H], W2 [H][C]. */
function swigluRef(x: number[][], W1: number[][], W3: number[][], W2: number[][], b1: number[], b3: number[], b2: number[]): number[][] {
  const [C, H] = [W1.length, W1[0].length];
  return x.map((row) => {
    const h: number[] = [];
    for (let j = 0; j < H; j++) {
      let gate = b1[j];
      let up = b3[j];
      for (let i = 0; i < C; i++) {
        gate += row[i] * W1[i][j];
        up += row[i] * W3[i][j];
      }
      h.push((gate / (1 + Math.exp(-gate))) * up);
    }
    const y: number[] = [];
    for (let k = 0; k < C; k++) {
      let s = b2[k];
      for (let j = 0; j < H; j++) s += h[j] * W2[j][k];
      y.push(s);
    }
    return y;
  });
}

const nested = (t: tf.Tensor) => t.arraySync() as number[][];

describe("TLSwiGLU", () => {
  it("computes W2(SiLU(x·W1 + b1) ⊙ (x·W3 + b3)) + b2 on every position", () => {
    const [C, H] = [3, 5];
    const layer = new TLSwiGLU({ hidden: H, useBias: true, stddev: 0.02, seed: 1, name: "ffn" });
    const x = seeded([2, 4, C], 2, 2);
    layer.apply(x);
    const [W1, W3, W2, b1, b3, b2] = [
      seeded([C, H], 3),
      seeded([C, H], 4),
      seeded([H, C], 5),
      seeded([H], 6),
      seeded([H], 7),
      seeded([C], 8),
    ];
    layer.setWeights([W1, W3, W2, b1, b3, b2]); // the layer's weight order: w1, w3, w2, b1, b3, b2
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 4, C]);
    const rows = nested(tf.reshape(x, [8, C]));
    const ref = swigluRef(
      rows,
      nested(W1),
      nested(W3),
      nested(W2),
      Array.from(b1.dataSync()),
      Array.from(b3.dataSync()),
      Array.from(b2.dataSync()),
    );
    expectClose(tf.reshape(y, [8, C]), ref, 1e-5);
    expect(layer.getWeights().map((w) => w.shape)).toEqual([[C, H], [C, H], [H, C], [H], [H], [C]]);
  });

  it("has 3·C·H weights without biases, drawn from N(0, stddev²) reproducibly, three different matrices", () => {
    const make = () => new TLSwiGLU({ hidden: 64, useBias: false, stddev: 0.02, seed: 7 });
    const [a, b] = [make(), make()];
    a.apply(tf.zeros([1, 32]));
    b.apply(tf.zeros([1, 32]));
    expect(a.countParams()).toBe(3 * 32 * 64);
    const ws = a.getWeights();
    ws.forEach((w, i) => expect(w.dataSync()).toEqual(b.getWeights()[i].dataSync()));
    expect(ws[0].dataSync()).not.toEqual(ws[1].dataSync());
    const std = Math.sqrt(tf.moments(ws[2]).variance.dataSync()[0]);
    expect(std).toBeGreaterThan(0.018);
    expect(std).toBeLessThan(0.022);
  });
});

describe("the SwiGLU block", () => {
  const graph = (bias: boolean) => {
    const b = createBuilder("llama ffn");
    const x = b.node("Input", { kind: "sequence", seqLen: 6, features: 12 });
    const n = b.node("RMSNorm", {}, { x });
    const f = b.node("SwiGLU", { hidden: 32, bias }, { x: n }, { id: "mlp" });
    const r = b.node("Add", {}, { x: [x, f] });
    b.node("Output", { kind: "regression" }, { x: r });
    return b.build();
  };

  it.each([false, true])("keeps the width, and analysis, compile() and the formula agree on its parameters (bias %s)", (bias) => {
    const doc = graph(bias);
    const analysis = analyse(doc);
    expect(analysis.nodes.mlp.outputs.out.shape).toEqual(["B", "T", 12]);
    const expected = 3 * 12 * 32 + (bias ? 2 * 32 + 12 : 0);
    expect(analysis.nodes.mlp.cost.params).toBe(expected);
    const r = compile(doc, { seed: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.compiled.model.getLayer("mlp").countParams()).toBe(expected);
    expect(r.compiled.model.getLayer("mlp").getClassName()).toBe("TLSwiGLU");
  });
});
