/**
 * Looking inside a compiled model: inspectionModel reads any flat node's output through the
 * main model's own weights, and attention maps are proper (causal) distributions.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectionModel } from "@/compiler";
import type { CompiledModel } from "@/compiler";
import { createBuilder, flattenGraph } from "@/graph";
import { compiled, perturbWeights, predictAll, presetGraph, sampleInputs, weightsByName } from "./build";
import { expectClose } from "./layers/close";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const GPT = { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 };

/** Checks maps [B, h, T, S]: every row sums to 1; keys after the query get exactly 0 when causal. */
function expectAttentionMaps(maps: tf.Tensor, causal: boolean): void {
  const [B, h, T, S] = maps.shape;
  expectClose(tf.sum(maps, -1), tf.ones([B, h, T]), 1e-5);
  const values = maps.arraySync() as number[][][][];
  const later = values.flatMap((b) => b.flatMap((head) => head.flatMap((row, i) => row.slice(i + 1))));
  expect(later.length).toBe(B * h * (T * S - (T * (T + 1)) / 2));
  if (causal) expect(later.every((w) => w === 0)).toBe(true);
  else expect(later.every((w) => w > 0)).toBe(true);
}

describe("inspectionModel", () => {
  let c: CompiledModel;
  beforeAll(() => {
    c = compiled(presetGraph("gpt", GPT));
    perturbWeights(c.model, 10, 0.3);
  });

  it("returns the outputs of any flat nodes, and the same logits as the model", () => {
    const inspect = inspectionModel(c, ["ln_f", "blocks_0_attn:weights", "blocks_1_mlp_c_fc", "lm_head:out"]);
    const ids = sampleInputs(c, 3, 1);
    const [ln_f, maps, up, logits] = predictAll(inspect, ids);
    expect([ln_f.shape, maps.shape, up.shape, logits.shape]).toEqual([
      [3, 8, 16],
      [3, 2, 8, 8],
      [3, 8, 64],
      [3, 8, 11],
    ]);
    expectClose(logits, predictAll(c.model, ids)[0], 1e-6);
    // The tied head: logits = ln_f · wteᵀ.
    const wte = weightsByName(c.model).get("wte/embeddings")!;
    expectClose(logits, tf.reshape(tf.matMul(tf.reshape(ln_f, [24, 16]), wte, false, true), [3, 8, 11]), 1e-5);
  });

  it("shares the model's weights instead of copying them", () => {
    const before = tf.memory().numTensors;
    const inspect = inspectionModel(c, ["ln_f", "blocks_1_attn:weights"]);
    expect(tf.memory().numTensors).toBe(before);
    const own = new Set(c.model.weights);
    expect(inspect.weights.length).toBeGreaterThan(0);
    expect(inspect.weights.every((w) => own.has(w))).toBe(true);
    const variables = new Map(c.model.weights.map((w) => [w.originalName, w.read()]));
    for (const w of inspect.weights) expect(w.read()).toBe(variables.get(w.originalName));

    // Training the model (here: setting its weights) changes what the inspection model shows.
    const ids = sampleInputs(c, 2, 2);
    const [lnfBefore] = predictAll(inspect, ids);
    perturbWeights(c.model, 20, 0.3);
    const [lnfAfter] = predictAll(inspect, ids);
    expect(tf.max(tf.abs(tf.sub(lnfAfter, lnfBefore))).dataSync()[0]).toBeGreaterThan(1e-3);
    expectClose(predictAll(inspectionModel(c, ["lm_head"]), ids)[0], predictAll(c.model, ids)[0], 1e-6);
  });

  it("names a missing tensor", () => {
    expect(() => inspectionModel(c, ["blocks_2_attn:weights"])).toThrow("no tensor blocks_2_attn:weights in this model");
    expect(() => inspectionModel(c, ["nope"])).toThrow("no tensor nope:out");
  });

  it("GPT attention maps are [B, h, T, T], rows sum to 1, the upper triangle is 0", () => {
    const refs = c.attention.map((a) => `${a.nodeId}:${a.port}`);
    const maps = predictAll(inspectionModel(c, refs), sampleInputs(c, 2, 3));
    maps.forEach((m) => {
      expect(m.shape).toEqual([2, 2, 8, 8]);
      expectAttentionMaps(m, true);
    });
  });
});

describe("compiled.attention", () => {
  it("lists every attention layer of the GPT with its heads", () => {
    const c = compiled(presetGraph("gpt", { ...GPT, nLayer: 3, nHead: 4 }));
    expect(c.attention).toEqual([0, 1, 2].map((i) => ({ nodeId: `blocks_${i}_attn`, port: "weights", heads: 4, causal: true })));
  });

  it("lists the transformer's encoder, decoder and cross-attention, whose maps match their kind", () => {
    const c = compiled(presetGraph("transformer", { length: 5, dModel: 16, nHead: 2 }));
    const flatAttention = flattenGraph(presetGraph("transformer", { length: 5, dModel: 16, nHead: 2 }))
      .nodes.filter((n) => n.type === "MultiHeadAttention")
      .map((n) => n.id);
    expect(c.attention.map((a) => a.nodeId)).toEqual(flatAttention);
    expect(c.attention.find((a) => a.nodeId === "encoder_0_attn1")).toEqual({
      nodeId: "encoder_0_attn1",
      port: "weights",
      heads: 2,
      causal: false,
    });
    expect(c.attention.find((a) => a.nodeId === "decoder_1_attn2")).toEqual({
      nodeId: "decoder_1_attn2",
      port: "weights",
      heads: 2,
      causal: true,
    });

    const inspect = inspectionModel(
      c,
      c.attention.map((a) => `${a.nodeId}:${a.port}`),
    );
    expect(inspect.inputs.length).toBe(2);
    inspect.inputs.forEach((t, i) => expect(t).toBe(c.model.inputs[i]));
    const maps = predictAll(inspect, sampleInputs(c, 2, 4));
    c.attention.forEach((a, i) => {
      expect(maps[i].shape).toEqual([2, 2, 5, 5]);
      expectAttentionMaps(maps[i], a.causal);
    });
  });

  it("finds the heads of a hand-wired ScaledDotProductAttention from its inputs", () => {
    const b = createBuilder("hand-wired attention");
    const ids = b.node("Input", { kind: "tokens", seqLen: 6, vocabSize: 7 }, {}, { id: "tokens" });
    const x = b.node("Embedding", { vocabSize: 7, dim: 12 }, { ids }, { id: "emb" });
    const heads = (id: string) => b.node("SplitHeads", { heads: 3 }, { x: b.node("Linear", { units: 12 }, { x }, { id }) });
    const sdpa = b.node("ScaledDotProductAttention", { causal: true }, { q: heads("q"), k: heads("k"), v: heads("v") }, { id: "sdpa" });
    const head = b.node("Linear", { units: 7 }, { x: b.node("MergeHeads", {}, { x: sdpa }) }, { id: "head" });
    b.node("Output", { kind: "language_model" }, { x: head }, { id: "loss" });
    const c = compiled(b.build());
    expect(c.attention).toEqual([{ nodeId: "sdpa", port: "weights", heads: 3, causal: true }]);
    const [maps] = predictAll(inspectionModel(c, ["sdpa:weights"]), sampleInputs(c, 2, 5));
    expect(maps.shape).toEqual([2, 3, 6, 6]);
    expectAttentionMaps(maps, true);
  });
});
