/** TLEmbedding: lookup = gather, tied head = x·Eᵀ (+ b), one table shared by both, saved once. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { TLEmbedding, TLLayerNorm, TLMultiHeadAttention, TLPositionEmbedding } from "../../../compiler/layers";
import { expectClose } from "./close";
import { arr, denseRef, seeded, seededIds, transpose } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const [V, C, B, T] = [11, 6, 2, 5];

/** A built embedding with a known table (and head bias). */
function embedding(headBias = false, idsRank = 2) {
  const layer = new TLEmbedding({ vocabSize: V, dim: C, seed: 1, headBias, idsRank });
  layer.apply(tf.zeros(Array(idsRank).fill(1), "int32"));
  const weights = headBias ? [seeded([V, C], 2), seeded([V], 3)] : [seeded([V, C], 2)];
  layer.setWeights(weights);
  return { layer, table: weights[0], bias: weights[1] };
}

describe("TLEmbedding lookup", () => {
  it("returns row E[id] for each id, like tf.gather", () => {
    const { layer, table } = embedding();
    const ids = seededIds([B, T], V, 4);
    const out = layer.apply(ids) as tf.Tensor;
    expect(out.shape).toEqual([B, T, C]);
    expectClose(out, tf.gather(table, ids));
    const rows = arr<number[][]>(table);
    expectClose(
      out,
      arr<number[][]>(ids).map((seq) => seq.map((id) => rows[id])),
    );
  });

  it("gives the table the same gradient as tf.gather", () => {
    const { layer, table } = embedding();
    const ids = seededIds([B, T], V, 5);
    const w = seeded([B, T, C], 6);
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(layer.apply(ids) as tf.Tensor, w)) as tf.Scalar,
      layer.trainableWeights.map((v) => v.read() as tf.Variable),
    );
    const [ref] = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), w)))([table]);
    expectClose(Object.values(grads)[0], ref);
  });

  it("with idsRank 1 maps [B] ids to [B, C] and [B, C] vectors to [B, V]", () => {
    const { layer } = embedding(false, 1);
    expect((layer.apply(tf.tensor1d([3, 0, 10], "int32")) as tf.Tensor).shape).toEqual([3, C]);
    expect((layer.apply(tf.zeros([3, C])) as tf.Tensor).shape).toEqual([3, V]);
  });
});

describe("TLEmbedding as the tied LM head", () => {
  it.each([false, true])("returns logits x·Eᵀ (headBias %s)", (headBias) => {
    const { layer, table, bias } = embedding(headBias);
    const x = seeded([B, T, C], 7);
    const logits = layer.apply(x) as tf.Tensor;
    expect(logits.shape).toEqual([B, T, V]);
    expectClose(logits, denseRef(arr(x), transpose(arr(table)), bias ? arr(bias) : undefined) as number[]);
    expect(layer.countParams()).toBe(V * C + (headBias ? V : 0));
  });

  it("decides by rank, and says which ranks it takes", () => {
    const layer = new TLEmbedding({ vocabSize: V, dim: C });
    expect(layer.computeOutputShape([null, T])).toEqual([null, T, C]);
    expect(layer.computeOutputShape([null, T, C])).toEqual([null, T, V]);
    expect(() => layer.computeOutputShape([null, T, C, 1])).toThrow(/rank 2 or 3/);
    expect(() => layer.computeOutputShape([null, T, C + 1])).toThrow(/vectors of size 6/);
  });

  it("sums the gradients of both uses into the one table", () => {
    const { layer, table } = embedding();
    const ids = seededIds([B, T], V, 8);
    const x = seeded([B, T, C], 9);
    const [w1, w2] = [seeded([B, T, C], 10), seeded([B, T, V], 11)];
    const loss = (lookup: tf.Tensor, logits: tf.Tensor) => tf.add(tf.sum(tf.mul(lookup, w1)), tf.sum(tf.mul(logits, w2))) as tf.Scalar;
    const { grads } = tf.variableGrads(() => loss(layer.apply(ids) as tf.Tensor, layer.apply(x) as tf.Tensor));
    // Reference through 2-D matmuls: tf.matMul's gradient does not reduce a broadcast batch axis.
    const headRef = (t: tf.Tensor) => tf.reshape(tf.matMul(tf.reshape(x, [-1, C]), t, false, true), [B, T, V]);
    const [ref] = tf.grads((t: tf.Tensor) => loss(tf.gather(t, ids), headRef(t)))([table]);
    expect(Object.keys(grads)).toHaveLength(1);
    expectClose(Object.values(grads)[0], ref);
  });
});

describe("a weight-tied model", () => {
  /** ids → wte → positions → attention → LN → wte (tied head): the shape of a tiny GPT. */
  function tinyGpt() {
    const ids = tf.input({ shape: [T], dtype: "int32", name: "ids" });
    const wte = new TLEmbedding({ vocabSize: V, dim: C, seed: 1, headBias: true, name: "wte" });
    const h = new TLPositionEmbedding({ maxLen: 8, seed: 2, name: "wpe" }).apply(wte.apply(ids)) as tf.SymbolicTensor;
    const [a] = new TLMultiHeadAttention({ heads: 2, rope: false, seed: 3, name: "attn" }).apply(h) as tf.SymbolicTensor[];
    const hn = new TLLayerNorm({ name: "ln_f", eps: 1e-5 }).apply(tf.layers.add().apply([h, a]) as tf.SymbolicTensor);
    return tf.model({ inputs: ids, outputs: wte.apply(hn) as tf.SymbolicTensor, name: "tiny_gpt" });
  }

  it("counts the tied table once and survives model.save → tf.loadLayersModel", async () => {
    const model = tinyGpt();
    expect(model.countParams()).toBe(V * C + V + 8 * C + (4 * C * C + 4 * C) + 2 * C);
    expect(model.outputs[0].shape).toEqual([null, T, V]);
    const summary: string[] = [];
    model.summary(120, undefined, (line: string) => summary.push(line));
    expect(summary.filter((line) => line.startsWith("wte (TLEmbedding)"))).toHaveLength(1);
    expect(summary).toContain(`Total params: ${model.countParams()}`);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    expect(saved!.weightSpecs!.filter((s) => s.name.startsWith("wte/")).map((s) => s.name)).toEqual(["wte/embeddings", "wte/head_bias"]);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const wte = loaded.getLayer("wte");
    expect(wte).toBeInstanceOf(TLEmbedding);
    expect(wte.inboundNodes).toHaveLength(2); // still one layer applied twice
    const ids = seededIds([3, T], V, 12);
    expectClose(loaded.predict(ids) as tf.Tensor, model.predict(ids) as tf.Tensor);
    expect(loaded.countParams()).toBe(model.countParams());
  });

  it("trains with model.fit: the loss on a fixed batch falls", async () => {
    const model = tinyGpt();
    const ids = seededIds([4, T], V, 13);
    const targets = tf.oneHot(seededIds([4, T], V, 14), V).toFloat(); // [4, T, V]
    model.compile({
      optimizer: tf.train.adam(0.02),
      loss: (yTrue: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, logits),
    });
    const history = await model.fit(ids, targets, { epochs: 25, batchSize: 4, verbose: 0 });
    const loss = history.history.loss as number[];
    expect(loss.every(Number.isFinite)).toBe(true);
    expect(loss[loss.length - 1]).toBeLessThan(0.5 * loss[0]);
  });
});
