/** TLLayerNorm and TLRMSNorm against their formulas in plain JS (graph/blocks/normalisation.ts). */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { TLLayerNorm, TLRMSNorm } from "../../../compiler/layers";
import { expectClose } from "./close";
import { arr, mapLast, seeded, sum, type Vec } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const layerNormRef = (eps: number, gamma?: Vec, beta?: Vec) => (row: Vec) => {
  const mu = sum(row) / row.length;
  const variance = sum(row.map((v) => (v - mu) ** 2)) / row.length;
  return row.map((v, i) => ((v - mu) / Math.sqrt(variance + eps)) * (gamma ? gamma[i] : 1) + (beta ? beta[i] : 0));
};

const rmsNormRef = (eps: number, gain?: Vec) => (row: Vec) => {
  const rms = Math.sqrt(sum(row.map((v) => v * v)) / row.length + eps);
  return row.map((v, i) => (v / rms) * (gain ? gain[i] : 1));
};

describe("TLLayerNorm", () => {
  it("normalises each vector and applies γ, β (shifted, scaled input)", () => {
    const x = tf.add(seeded([2, 3, 8], 1, 3), 5);
    const layer = new TLLayerNorm({ eps: 1e-5 });
    layer.apply(x);
    const [gamma, beta] = [seeded([8], 2), seeded([8], 3)];
    layer.setWeights([gamma, beta]);
    expectClose(layer.apply(x) as tf.Tensor, mapLast(arr(x), layerNormRef(1e-5, arr(gamma), arr(beta))) as number[]);
  });

  it("without affine has no weights and gives zero mean, unit variance per vector", () => {
    const x = seeded([4, 6], 4, 2);
    const layer = new TLLayerNorm({ eps: 1e-3, affine: false });
    const y = layer.apply(x) as tf.Tensor;
    expect(layer.countParams()).toBe(0);
    expectClose(y, mapLast(arr(x), layerNormRef(1e-3)) as number[]);
    expectClose(tf.mean(y, -1), [0, 0, 0, 0]);
  });

  it("needs its ε (the block's schema holds the default)", () => {
    expect(() => new TLLayerNorm({} as never)).toThrow(/TLLayerNorm: eps must be a finite number > 0, got undefined/);
  });

  it("starts as γ = 1, β = 0 with 2C weights", () => {
    const layer = new TLLayerNorm({ eps: 1e-5 });
    layer.apply(tf.zeros([1, 5]));
    expect(layer.countParams()).toBe(10);
    expect(layer.getWeights().map((w) => w.arraySync())).toEqual([
      [1, 1, 1, 1, 1],
      [0, 0, 0, 0, 0],
    ]);
  });
});

describe("TLRMSNorm", () => {
  it("divides by the root mean square and applies the gain", () => {
    const x = seeded([2, 3, 8], 5, 4);
    const layer = new TLRMSNorm({ eps: 1e-6 });
    layer.apply(x);
    const gain = seeded([8], 6);
    layer.setWeights([gain]);
    expect(layer.countParams()).toBe(8);
    expectClose(layer.apply(x) as tf.Tensor, mapLast(arr(x), rmsNormRef(1e-6, arr(gain))) as number[]);
  });

  it("does not centre: a constant vector stays constant, scaled to ±1", () => {
    const layer = new TLRMSNorm({ affine: false, eps: 1e-8 });
    expectClose(
      layer.apply(
        tf.tensor2d([
          [3, 3, 3],
          [-2, -2, -2],
        ]),
      ) as tf.Tensor,
      [
        [1, 1, 1],
        [-1, -1, -1],
      ],
    );
    expect(layer.countParams()).toBe(0);
  });
});
