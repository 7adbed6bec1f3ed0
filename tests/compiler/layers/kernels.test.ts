/** compiler/kernels.ts: same values and gradients as tf.matMul / tf.gather, on cpu. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { batchedMatMul, dense, matMul2d, oneHotLookup } from "../../../compiler/kernels";
import { expectClose } from "./close";
import { recordMatMuls } from "./matmul-spy";
import { arr, denseRef, seeded, seededIds, type Nested } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

/** Value and gradients (w.r.t. both inputs, under a weighted-sum loss) of f(a, b). */
function valueAndGrads(f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, a: tf.Tensor, b: tf.Tensor, seed: number) {
  let result: { y: Nested; da: Nested; db: Nested } | undefined;
  tf.tidy(() => {
    const y = f(a, b);
    const w = seeded(y.shape, seed); // a non-uniform upstream gradient
    const [da, db] = tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(f(x, z), w)))([a, b]);
    result = { y: arr(y), da: arr(da), db: arr(db) };
  });
  return result!;
}

describe("matMul2d", () => {
  it("equals tf.matMul in value and in both gradients", () => {
    const a = seeded([5, 7], 1);
    const b = seeded([7, 3], 2);
    const ours = valueAndGrads(matMul2d, a, b, 3);
    const ref = valueAndGrads((x, z) => tf.matMul(x, z), a, b, 3);
    expectClose(ours.y, ref.y);
    expectClose(ours.da, ref.da);
    expectClose(ours.db, ref.db);
  });

  it("rejects operands that are not 2-D or do not chain", () => {
    expect(() => matMul2d(tf.ones([2, 3, 4]), tf.ones([2, 4, 5]))).toThrow(/rank 2/);
    expect(() => matMul2d(tf.ones([2, 3]), tf.ones([4, 5]))).toThrow(/inner sizes/);
  });
});

describe("batchedMatMul", () => {
  it.each([
    [
      [3, 4, 5],
      [3, 5, 2],
    ],
    [
      [2, 3, 4, 5],
      [2, 3, 5, 6],
    ],
  ])("equals tf.matMul for %j · %j in value and gradients", (sa, sb) => {
    const a = seeded(sa, 4);
    const b = seeded(sb, 5);
    const ours = valueAndGrads(batchedMatMul, a, b, 6);
    const ref = valueAndGrads((x, z) => tf.matMul(x, z), a, b, 6);
    expectClose(ours.y, ref.y);
    expectClose(ours.da, ref.da);
    expectClose(ours.db, ref.db);
  });

  it("refuses to broadcast batch axes", () => {
    expect(() => batchedMatMul(tf.ones([2, 3, 4]), tf.ones([1, 4, 5]))).toThrow(/batch axes/);
  });
});

describe("dense", () => {
  it.each([[[6, 4]], [[2, 3, 4]], [[2, 2, 3, 4]]])("acts on the last axis of %j like x·W + b, with tf.matMul's gradients", (shape) => {
    const x = seeded(shape, 7);
    const W = seeded([4, 5], 8);
    const b = seeded([5], 9);
    expectClose(dense(x, W, b), denseRef(arr(x), arr(W), arr(b)) as number[]);
    const ref = (xx: tf.Tensor, ww: tf.Tensor) => tf.add(tf.reshape(tf.matMul(tf.reshape(xx, [-1, 4]), ww), [...shape.slice(0, -1), 5]), b);
    const ours = valueAndGrads((xx, ww) => dense(xx, ww, b), x, W, 10);
    const theirs = valueAndGrads(ref, x, W, 10);
    expectClose(ours.da, theirs.da);
    expectClose(ours.db, theirs.db);
  });
});

describe("oneHotLookup", () => {
  it("equals tf.gather, and its table gradient equals tf.gather's", () => {
    const table = seeded([11, 4], 11);
    const ids = seededIds([3, 5], 11, 12);
    expectClose(oneHotLookup(ids, table), tf.gather(table, ids));
    const w = seeded([3, 5, 4], 13);
    const [ours] = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(oneHotLookup(ids, t), w)))([table]);
    const [ref] = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), w)))([table]);
    expectClose(ours, ref);
  });

  it("accepts float ids and any rank", () => {
    const table = seeded([5, 3], 14);
    expectClose(oneHotLookup(tf.tensor1d([4, 0, 4]), table), tf.gather(table, tf.tensor1d([4, 0, 4], "int32")));
  });
});

describe("kernel memory", () => {
  it("does not keep tensors across repeated forward and backward passes", () => {
    const a = seeded([4, 6], 15);
    const b = seeded([6, 3], 16);
    const ids = seededIds([2, 3], 6, 17);
    const step = () =>
      tf.tidy(() => {
        const f = (x: tf.Tensor, z: tf.Tensor) =>
          tf.add(tf.sum(dense(x, z)), tf.sum(batchedMatMul(tf.reshape(x, [2, 2, 6]), tf.reshape(tf.tile(z, [2, 1]), [2, 6, 3]))));
        tf.grads(f)([a, b]);
        tf.grads((t: tf.Tensor) => tf.sum(oneHotLookup(ids, t)))([tf.transpose(a)]);
      });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("transpose flags (what keeps wasm on its fast matmul)", () => {
  const grads = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, a: tf.Tensor, b: tf.Tensor) =>
    recordMatMuls(() => tf.tidy(() => void tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(f(x, z)))([a, b])));

  it("tf.matMul's own gradient transposes by flag (the spy sees it)", () => {
    const calls = grads((x, z) => tf.matMul(x, z), seeded([4, 5], 1), seeded([5, 3], 2));
    expect(calls.some((c) => c.transposeA || c.transposeB)).toBe(true);
  });

  it.each([
    ["matMul2d", matMul2d, [4, 5], [5, 3]],
    ["dense", (x: tf.Tensor, w: tf.Tensor) => dense(x, w), [2, 4, 5], [5, 3]],
    ["batchedMatMul", batchedMatMul, [2, 3, 4, 5], [2, 3, 5, 6]],
  ] as const)("%s: forward and backward never set transposeA/B", (_name, f, sa, sb) => {
    const calls = grads(f, seeded([...sa], 1), seeded([...sb], 2));
    expect(calls.length).toBe(3);
    expect(calls.filter((c) => c.transposeA || c.transposeB)).toEqual([]);
  });

  it("oneHotLookup's backward is one untransposed matmul", () => {
    const ids = seededIds([2, 3], 7, 3);
    const calls = recordMatMuls(() => tf.tidy(() => void tf.grads((t: tf.Tensor) => tf.sum(oneHotLookup(ids, t)))([seeded([7, 4], 4)])));
    expect(calls).toEqual([{ transposeA: false, transposeB: false, rank: 2 }]);
  });
});
