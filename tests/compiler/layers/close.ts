/** Comparing tensors and plain arrays numerically, with a readable failure message. */
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";

type Nested = number | Nested[];
export type Numeric = tf.Tensor | Nested | Float32Array;

function shapeOf(x: Numeric): number[] {
  if (x instanceof tf.Tensor) return x.shape;
  if (x instanceof Float32Array) return [x.length];
  return Array.isArray(x) ? [x.length, ...(x.length > 0 ? shapeOf(x[0]) : [])] : [];
}

function flatten(x: Numeric): number[] {
  if (x instanceof tf.Tensor) return Array.from(x.dataSync());
  if (x instanceof Float32Array) return Array.from(x);
  return Array.isArray(x) ? x.flatMap((v) => flatten(v)) : [x];
}

/**
 * Asserts equal shapes (tensor against tensor or nested array) and |a − e| ≤ tol·max(1, |e|)
 * element-wise. Float32Array inputs are compared as flat lists.
 */
export function expectClose(actual: Numeric, expected: Numeric, tol = 1e-5): void {
  const flatInputs = actual instanceof Float32Array || expected instanceof Float32Array;
  if (!flatInputs) expect(shapeOf(actual), "shape").toEqual(shapeOf(expected));
  const a = flatten(actual);
  const e = flatten(expected);
  expect(a.length, "element count").toBe(e.length);
  let worst = { i: -1, diff: 0 };
  a.forEach((v, i) => {
    const diff = Math.abs(v - e[i]) / Math.max(1, Math.abs(e[i]));
    if (!(diff <= worst.diff)) worst = { i, diff: Number.isNaN(diff) ? Infinity : diff };
  });
  if (worst.diff > tol) {
    expect.fail(`element ${worst.i}: got ${a[worst.i]}, expected ${e[worst.i]} (relative diff ${worst.diff} > ${tol})`);
  }
}
