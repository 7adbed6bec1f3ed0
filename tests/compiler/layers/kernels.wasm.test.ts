/**
 * The kernels on the wasm backend, the one they exist for: same gradients as tf.matMul, no
 * transposed matmul in any backward pass, and an embedding gradient where tf.gather's throws.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { batchedMatMul, dense, matMul2d, oneHotLookup } from "../../../compiler/kernels";
import { TLEmbedding, TLMultiHeadAttention } from "../../../compiler/layers";
import { expectClose } from "./close";
import { recordMatMuls } from "./matmul-spy";
import { arr, seeded, seededIds, type Nested } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("wasm")).toBe(true);
  expect(tf.getBackend()).toBe("wasm");
});

/** Gradients of Σ w ⊙ f(a, b) w.r.t. a and b, as arrays. */
function gradsOf(f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, a: tf.Tensor, b: tf.Tensor): Nested[] {
  let grads: Nested[] = [];
  tf.tidy(() => {
    const w = seeded(f(a, b).shape, 99);
    grads = tf
      .grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(f(x, z), w)))([a, b])
      .map((g) => arr<Nested>(g));
  });
  return grads;
}

describe("kernels on wasm", () => {
  type Pair = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  const viaTfMatMul: Pair = (a, b) => tf.matMul(a, b);
  const denseViaTfMatMul: Pair = (x, w) => tf.reshape(tf.matMul(tf.reshape(x, [-1, 5]), w), [2, 3, 4]);
  it.each([
    ["matMul2d", matMul2d, viaTfMatMul, [6, 5], [5, 4]],
    ["dense", (x: tf.Tensor, w: tf.Tensor) => dense(x, w), denseViaTfMatMul, [2, 3, 5], [5, 4]],
    ["batchedMatMul", batchedMatMul, viaTfMatMul, [2, 3, 4, 5], [2, 3, 5, 6]],
  ] as const)("%s: gradients equal tf.matMul's, with no transposed matmul", (_name, f, ref, sa, sb) => {
    const a = seeded([...sa], 1);
    const b = seeded([...sb], 2);
    const expected = gradsOf(ref, a, b);
    let ours: Nested[] = [];
    const calls = recordMatMuls(() => {
      ours = gradsOf(f, a, b);
    });
    expectClose(ours[0], expected[0]);
    expectClose(ours[1], expected[1]);
    expect(calls.filter((c) => c.transposeA || c.transposeB)).toEqual([]);
  });

  it("oneHotLookup trains where tf.gather's gradient throws, without leaking", () => {
    const table = seeded([9, 4], 3);
    const ids = seededIds([2, 5], 9, 4);
    const w = seeded([2, 5, 4], 5);
    expect(() => tf.tidy(() => tf.grads((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), w)))([table]))).toThrow();
    const ref = tf.tidy(() => tf.matMul(tf.transpose(tf.oneHot(tf.reshape(ids, [-1]), 9).toFloat()), tf.reshape(w, [-1, 4])));
    const step = () => tf.tidy(() => arr(tf.grads((t: tf.Tensor) => tf.sum(tf.mul(oneHotLookup(ids, t), w)))([table])[0]));
    expectClose(step(), ref);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("a tied embedding + causal attention step has finite gradients and no transposed matmul", () => {
    const emb = new TLEmbedding({ vocabSize: 13, dim: 8, seed: 1, headBias: true, name: "wasm_wte" });
    const mha = new TLMultiHeadAttention({ heads: 2, rope: true, dropout: 0.1, seed: 2, name: "wasm_attn" });
    const ids = seededIds([2, 6], 13, 6);
    const loss = () => {
      const h = emb.apply(ids) as tf.Tensor;
      const [a] = mha.apply(h, { training: true }) as tf.Tensor[];
      return tf.mean(tf.square(emb.apply(tf.add(h, a)) as tf.Tensor)) as tf.Scalar;
    };
    tf.tidy(() => void loss()); // build the weights
    let norms: number[] = [];
    const calls = recordMatMuls(() => {
      norms = tf.tidy(() => Object.values(tf.variableGrads(loss).grads).map((g) => tf.norm(g).dataSync()[0]));
    });
    expect(norms).toHaveLength(1 + 1 + 4); // embeddings, head_bias, qkv and proj kernels and biases
    expect(norms.every((n) => Number.isFinite(n) && n > 0)).toBe(true);
    expect(calls.filter((c) => c.transposeA || c.transposeB)).toEqual([]);
  });
});
