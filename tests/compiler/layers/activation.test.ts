/** TLActivation against each function's formula in plain JS. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { ACTIVATION_FNS, TLActivation, type ActivationFn } from "../../../compiler/layers";
import { expectClose } from "./close";
import { arr, mapLast, seeded, softmax, type Vec } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const REFERENCE: Record<ActivationFn, (row: Vec) => Vec> = {
  relu: (r) => r.map((v) => Math.max(0, v)),
  // GPT-2's tanh approximation of x·Φ(x).
  gelu: (r) => r.map((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))),
  tanh: (r) => r.map(Math.tanh),
  sigmoid: (r) => r.map(sigmoid),
  silu: (r) => r.map((v) => v * sigmoid(v)),
  softmax,
};

describe("TLActivation", () => {
  it.each(ACTIVATION_FNS)("%s matches its formula", (fn) => {
    const x = seeded([2, 3, 7], 1, 4);
    const y = new TLActivation({ fn }).apply(x) as tf.Tensor;
    expectClose(y, mapLast(arr(x), REFERENCE[fn]) as number[]);
  });

  it("gelu is the tanh approximation, not the exact erf form", () => {
    // At x = 1: tanh form 0.841192, erf form 0.841345.
    const y = new TLActivation({ fn: "gelu" }).apply(tf.tensor1d([1, -1, 3])) as tf.Tensor;
    expectClose(y, [0.841192, -0.158808, 2.9963627]);
  });

  it("softmax runs over the last axis: each row sums to 1", () => {
    const y = new TLActivation({ fn: "softmax" }).apply(seeded([3, 5], 2, 5)) as tf.Tensor;
    expectClose(tf.sum(y, -1), [1, 1, 1]);
  });

  it("defaults to relu and rejects unknown functions", () => {
    expect(new TLActivation().fn).toBe("relu");
    expect(() => new TLActivation({ fn: "swish" as never })).toThrow(/fn must be one of relu, gelu/);
  });
});
