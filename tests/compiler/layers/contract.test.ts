/**
 * What every custom layer promises, checked for each: its config carries every constructor arg
 * and rebuilds the same layer; a model using it survives save → load with identical
 * predictions; and repeated calls, forward and backward, hold no tensors.
 */
import * as tf from "@tensorflow/tfjs";
import { TLConv1D } from "@/compiler/layers/conv1d";
import { TLSwiGLU } from "@/compiler/layers/swiglu";
import { TLGRU, TLLSTM } from "@/compiler/layers/recurrent";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CUSTOM_LAYERS,
  registerLayers,
  TLActivation,
  TLEmbedding,
  TLLayerNorm,
  TLLinear,
  TLMergeHeads,
  TLMultiHeadAttention,
  TLPositionEmbedding,
  TLRMSNorm,
  TLRoPE,
  TLScaledDotProductAttention,
  TLSinusoidal,
  TLSplitHeads,
} from "../../../compiler/layers";
import { expectClose } from "./close";
import { seeded, seededIds } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const BATCH = 2;

interface Case {
  name: string;
  cls: (typeof CUSTOM_LAYERS)[number];
  /** Every constructor arg except the standard LayerArgs, with non-default values. */
  args: Record<string, unknown>;
  /** Input shapes without the batch axis; "ids" inputs are int32 token ids below `vocab`. */
  inputs: { shape: number[]; ids?: number }[];
}

const CASES: Case[] = [
  { name: "linear", cls: TLLinear, args: { units: 3, useBias: true, init: "normal", stddev: 0.1, seed: 1 }, inputs: [{ shape: [4, 5] }] },
  {
    name: "embedding",
    cls: TLEmbedding,
    args: { vocabSize: 7, dim: 4, stddev: 0.1, seed: 2, idsRank: 2, headBias: true },
    inputs: [{ shape: [5], ids: 7 }],
  },
  { name: "position", cls: TLPositionEmbedding, args: { maxLen: 6, stddev: 0.1, seed: 3 }, inputs: [{ shape: [5, 4] }] },
  { name: "sinusoidal", cls: TLSinusoidal, args: {}, inputs: [{ shape: [5, 4] }] },
  { name: "rope", cls: TLRoPE, args: { heads: 2, base: 500 }, inputs: [{ shape: [5, 8] }] },
  { name: "layernorm", cls: TLLayerNorm, args: { eps: 1e-4, affine: true }, inputs: [{ shape: [5, 4] }] },
  { name: "rmsnorm", cls: TLRMSNorm, args: { eps: 1e-4, affine: true }, inputs: [{ shape: [5, 4] }] },
  { name: "swiglu", cls: TLSwiGLU, args: { hidden: 6, useBias: true, stddev: 0.1, seed: 6 }, inputs: [{ shape: [5, 4] }] },
  { name: "lstm", cls: TLLSTM, args: { units: 3, returnSequences: true, seed: 7, unitForgetBias: false }, inputs: [{ shape: [5, 4] }] },
  { name: "gru", cls: TLGRU, args: { units: 3, returnSequences: false, seed: 8 }, inputs: [{ shape: [5, 4] }] },
  {
    name: "conv1d",
    cls: TLConv1D,
    args: { filters: 3, kernelSize: 2, dilation: 2, causal: false, useBias: false, stddev: 0.1, seed: 7 },
    inputs: [{ shape: [5, 4] }],
  },
  { name: "activation", cls: TLActivation, args: { fn: "silu" }, inputs: [{ shape: [5, 4] }] },
  { name: "split_heads", cls: TLSplitHeads, args: { heads: 2 }, inputs: [{ shape: [5, 8] }] },
  { name: "merge_heads", cls: TLMergeHeads, args: {}, inputs: [{ shape: [2, 5, 4] }] },
  {
    name: "sdpa",
    cls: TLScaledDotProductAttention,
    args: { causal: true },
    inputs: [{ shape: [2, 5, 4] }, { shape: [2, 5, 4] }, { shape: [2, 5, 3] }],
  },
  {
    name: "mha_self",
    cls: TLMultiHeadAttention,
    args: {
      heads: 2,
      causal: true,
      rope: true,
      ropeBase: 500,
      dropout: 0.1,
      useBias: true,
      cross: false,
      stddev: 0.1,
      outStddev: 0.05,
      seed: 4,
    },
    inputs: [{ shape: [5, 8] }],
  },
  {
    name: "mha_cross",
    cls: TLMultiHeadAttention,
    args: {
      heads: 2,
      causal: false,
      rope: false,
      ropeBase: 10000,
      dropout: 0,
      useBias: false,
      cross: true,
      stddev: 0.1,
      outStddev: 0.1,
      seed: 5,
    },
    inputs: [{ shape: [5, 8] }, { shape: [7, 6] }],
  },
];

const make = (c: Case, name?: string) => new (c.cls as any)({ ...c.args, name: name ?? `${c.name}_layer` }) as tf.layers.Layer;
const concreteInputs = (c: Case, seed = 0) =>
  c.inputs.map((spec, i) => (spec.ids ? seededIds([BATCH, ...spec.shape], spec.ids, seed + i) : seeded([BATCH, ...spec.shape], seed + i)));
const single = (xs: tf.Tensor[]) => (xs.length === 1 ? xs[0] : xs);
const outputsOf = (y: tf.Tensor | tf.Tensor[]) => (Array.isArray(y) ? y : [y]);

/** A one-layer functional model with random, non-zero weights. */
function modelOf(c: Case): { model: tf.LayersModel; layer: tf.layers.Layer } {
  const inputs = c.inputs.map((spec) => tf.input({ shape: spec.shape, dtype: spec.ids ? "int32" : "float32" }));
  const layer = make(c);
  const outputs = layer.apply(inputs.length === 1 ? inputs[0] : inputs) as tf.SymbolicTensor | tf.SymbolicTensor[];
  const model = tf.model({ inputs, outputs });
  layer.setWeights(layer.getWeights().map((w, i) => seeded(w.shape, 100 + i, 0.5)));
  return { model, layer };
}

describe("every custom layer is covered", () => {
  it("by a case below, and registered under its TL-prefixed class name", () => {
    expect(new Set(CASES.map((c) => c.cls))).toEqual(new Set(CUSTOM_LAYERS));
    const names = registerLayers();
    expect(names.every((n) => n.startsWith("TL"))).toBe(true);
    const registry = tf.serialization.SerializationMap.getMap().classNameMap;
    for (const name of names) expect(registry[name]?.[0]).toBe(CUSTOM_LAYERS.find((cls) => cls.className === name));
  });
});

describe.each(CASES)("$name", (c) => {
  it("getConfig carries every constructor arg, and fromConfig rebuilds an equal layer", () => {
    const layer = make(c);
    const config = layer.getConfig();
    expect(config).toMatchObject(c.args);
    expect(config.name).toBe(`${c.name}_layer`);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
    const rebuilt = fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer;
    expect(rebuilt).toBeInstanceOf(c.cls);
    expect(rebuilt.getConfig()).toEqual(config);
  });

  it("gives identical predictions after model.save → tf.loadLayersModel", async () => {
    const { model, layer } = modelOf(c);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.getLayer(layer.name).getConfig()).toEqual(layer.getConfig());
    const xs = concreteInputs(c, 7);
    const expected = outputsOf(model.predict(single(xs)));
    const actual = outputsOf(loaded.predict(single(xs)));
    expect(actual).toHaveLength(expected.length);
    actual.forEach((y, i) => expectClose(y, expected[i], 0));
  });

  it("holds no tensors across repeated calls, forward and backward", () => {
    const layer = make(c);
    const xs = concreteInputs(c);
    const floats = xs.filter((x) => x.dtype === "float32");
    const loss = () =>
      tf.addN(
        outputsOf(layer.apply(single(xs), { training: true }) as tf.Tensor | tf.Tensor[]).map((y) => tf.sum(tf.square(y))),
      ) as tf.Scalar;
    const step = () =>
      tf.tidy(() => {
        layer.apply(single(xs));
        const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
        if (variables.length > 0) tf.variableGrads(loss, variables);
        else tf.grads(() => loss())(floats);
      });
    step(); // builds the weights
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});
