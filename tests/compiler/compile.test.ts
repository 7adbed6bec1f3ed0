/**
 * compile(): every preset becomes a tfjs model with the parameter count and output shape that
 * analysis shows, named after the graph's nodes, that saves and loads back, and is initialised
 * like nanoGPT, reproducibly from its seed.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "@/compiler";
import type { CompiledModel } from "@/compiler";
import { blockList, createBuilder, flattenGraph, parseGraph } from "@/graph";
import { compiled, perturbWeights, predictAll, presetGraph, sampleInputs, weightsByName } from "./build";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

// The LSTM cases use 32 units instead of the default 192: tfjs initialises the recurrent kernel
// with tf.linalg.qr, which takes ~200 s for [192, 768] on the cpu backend (~12 s on wasm).
const CASES: [string, Record<string, unknown>][] = [
  ["mlp", {}],
  ["mlp", { layers: 1, activation: "gelu", classes: 5 }],
  ["lstm", { units: 32 }],
  ["lstm", { task: "reverse", units: 32 }],
  ["lstm", { layers: 2, units: 32 }],
  ["transformer", {}],
  ["gpt", {}],
  ["gpt", { rope: true }],
  ["gpt", { tieWeights: false }],
  ["gpt", { dropout: 0.1 }],
  ["gpt", { bias: false, nLayer: 2 }],
];

async function saveAndLoad(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

/** Every weight's values, by name. */
const snapshot = (c: CompiledModel) => new Map([...weightsByName(c.model)].map(([name, t]) => [name, Array.from(t.dataSync())]));

describe.each(CASES)("preset %s %j", (id, overrides) => {
  const graph = presetGraph(id, overrides);
  let c: CompiledModel;
  beforeAll(() => {
    c = compiled(graph);
  });

  it("has the parameter count that analysis shows", () => {
    expect(c.model.countParams()).toBe(c.analysis.totals.params);
  });

  it("outputs the shape analysis gives the Output block (B → null)", () => {
    expect(c.outputs.length).toBe(c.model.outputs.length);
    const predictions = predictAll(c.model, sampleInputs(c, 2, 1));
    c.outputs.forEach((out, i) => {
      const symbolic = c.analysis.nodes[out.nodeId].inputs.x[0].shape;
      const expected = symbolic.map((d) => (d === "B" ? null : typeof d === "number" ? d : c.analysis.bindings[d]));
      expect(c.model.outputs[i].shape).toEqual(expected);
      expect(predictions[i].shape).toEqual([2, ...expected.slice(1)]);
    });
  });

  it("saves and loads back with identical predictions", async () => {
    perturbWeights(c.model, 100);
    const loaded = await saveAndLoad(c.model);
    expect(loaded.layers.map((l) => l.name)).toEqual(c.model.layers.map((l) => l.name));
    expect(loaded.countParams()).toBe(c.model.countParams());
    const inputs = sampleInputs(c, 3, 7);
    const [before, after] = [predictAll(c.model, inputs), predictAll(loaded, inputs)];
    expect(after.map((t) => t.arraySync())).toEqual(before.map((t) => t.arraySync()));
  });

  it("initialises the same weights from the same seed and different ones from another", () => {
    const [a, b, other] = [
      snapshot(compiled(graph, { seed: 1 })),
      snapshot(compiled(graph, { seed: 1 })),
      snapshot(compiled(graph, { seed: 2 })),
    ];
    const same = (x: number[], y: number[] | undefined) => y !== undefined && x.length === y.length && x.every((v, i) => v === y[i]);
    expect(
      [...a].filter(([name, values]) => !same(values, b.get(name))).map(([name]) => name),
      "differ under one seed",
    ).toEqual([]);
    // Biases (zeros; the LSTM's forget block of biasIh ones) and LayerNorm gains (ones) are fixed; every random weight must change.
    const random = [...a].filter(([name, values]) => !/\/bias(Ih|Hh)?$/.test(name) && values.some((v) => v !== values[0]));
    expect(random.length).toBeGreaterThan(0);
    expect(
      random.filter(([name, values]) => same(values, other.get(name))).map(([name]) => name),
      "equal under two seeds",
    ).toEqual([]);
  });
});

describe("layer names", () => {
  it("every block is one layer named by its flat node id; group copies are <group>_<copy>_<node>", () => {
    const graph = presetGraph("gpt");
    const c = compiled(graph);
    const names = c.model.layers.map((l) => l.name);
    // The tied head reuses wte's layer, and Output adds no layer.
    const expected = flattenGraph(graph)
      .nodes.filter((n) => n.type !== "Output" && !(n.type === "Linear" && n.params.tieTo))
      .map((n) => n.id);
    expect([...names].sort()).toEqual([...expected].sort());
    expect(names).toEqual(expect.arrayContaining(["tokens", "wte", "wpe", "blocks_0_attn", "blocks_3_mlp_c_proj", "ln_f"]));
    expect(names).not.toContain("lm_head");
    const weights = [...weightsByName(c.model).keys()];
    expect(weights).toEqual(
      expect.arrayContaining(["blocks_0_attn/qkv_kernel", "blocks_2_mlp_c_fc/kernel", "wte/embeddings", "ln_f/gamma"]),
    );
  });

  it("an untied head and the transformer's decoder copies are named the same way", () => {
    expect(
      compiled(presetGraph("gpt", { tieWeights: false, nLayer: 1 }))
        .model.getLayer("lm_head")
        .getWeights()[0].shape,
    ).toEqual([128, 65]);
    const t = compiled(presetGraph("transformer"));
    expect(t.model.layers.map((l) => l.name)).toEqual(
      expect.arrayContaining(["encoder_1_attn1", "decoder_1_attn3", "encoderNorm", "head"]),
    );
  });

  it("repeats of a group do not share weights", () => {
    const w = weightsByName(compiled(presetGraph("gpt", { nLayer: 2 })).model);
    expect(w.get("blocks_0_mlp_c_fc/kernel")!.arraySync()).not.toEqual(w.get("blocks_1_mlp_c_fc/kernel")!.arraySync());
    expect(w.get("blocks_0_attn/qkv_kernel")!.arraySync()).not.toEqual(w.get("blocks_1_attn/qkv_kernel")!.arraySync());
  });
});

describe("what compile accepts", () => {
  it("finds the layer class of every block's lowering in tfjs's serialization registry", () => {
    const registered = tf.serialization.SerializationMap.getMap().classNameMap;
    const missing = blockList
      .map((b) => b.lower(b.params.safeParse({}).data ?? {}, { inputs: {}, outputs: {}, peers: [], id: "n" }))
      .filter((l) => l.kind === "layer" && !registered[l.className]);
    expect(missing).toEqual([]);
  });

  it("refuses a graph with an error and returns the diagnostic that names the fix", () => {
    const r = compile(presetGraph("gpt", { nHead: 6 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toEqual([
      { code: "invalid-param", severity: "error", nodeId: "attn", groupId: "block", message: "heads (6) must divide model width (128)" },
    ]);
  });

  it("describes the model's inputs and outputs", () => {
    const c = compiled(presetGraph("transformer"));
    expect(c.inputs).toEqual([
      { nodeId: "source", kind: "tokens", shape: [8], dtype: "int32", vocabSize: 13, lengthName: "S" },
      { nodeId: "target", kind: "tokens", shape: [8], dtype: "int32", vocabSize: 13, lengthName: "T" },
    ]);
    expect(c.outputs).toEqual([{ nodeId: "loss", kind: "classification", width: 13 }]);
    const mlp = compiled(presetGraph("mlp"));
    expect(mlp.inputs).toEqual([{ nodeId: "input", kind: "features", shape: [2], dtype: "float32", lengthName: "T" }]);
  });
});

describe("GPT initialisation follows nanoGPT", () => {
  const stdOf = (t: tf.Tensor) => Math.sqrt(tf.moments(t).variance.dataSync()[0]);

  it.each([1, 4])("nLayer %i: N(0, 0.02) everywhere, 0.02/√(2·nLayer) on residual projections", (nLayer) => {
    const w = weightsByName(compiled(presetGraph("gpt", { nLayer })).model);
    const residual = 0.02 / Math.sqrt(2 * nLayer);
    const expected: [string, number][] = [
      ["wte/embeddings", 0.02],
      ["wpe/embeddings", 0.02],
      ...Array.from({ length: nLayer }, (_, i): [string, number][] => [
        [`blocks_${i}_attn/qkv_kernel`, 0.02],
        [`blocks_${i}_attn/proj_kernel`, residual],
        [`blocks_${i}_mlp_c_fc/kernel`, 0.02],
        [`blocks_${i}_mlp_c_proj/kernel`, residual],
      ]).flat(),
    ];
    for (const [name, std] of expected) {
      const t = w.get(name)!;
      expect(Math.abs(stdOf(t) / std - 1), `${name} std ${stdOf(t)} vs ${std}`).toBeLessThan(0.1);
      expect(Math.abs(tf.mean(t).dataSync()[0]), `${name} mean`).toBeLessThan(std / 10);
    }
    for (const [name, t] of w) {
      const values = Array.from(t.dataSync());
      if (/bias|beta$/.test(name))
        expect(
          values.every((v) => v === 0),
          name,
        ).toBe(true);
      if (/gamma$/.test(name))
        expect(
          values.every((v) => v === 1),
          name,
        ).toBe(true);
    }
  });
});

describe("Reshape with an inferred axis (−1)", () => {
  // tfjs leaves a −1 axis unknown (null) in the layer's output shape, and a Linear after it
  // could not build its kernel: the compiler works the size out from the input, as analysis does.
  it.each([
    [[-1], [24]],
    [
      [4, -1],
      [4, 6],
    ],
    [
      [-1, 3],
      [8, 3],
    ],
  ])("Input 2×12 → Reshape %j → Linear 5 builds, with the shape analysis gives", (target, resolved) => {
    const b = createBuilder("reshape");
    const x = b.node("Input", { kind: "sequence", seqLen: 2, features: 12 });
    const r = b.node("Reshape", { shape: target }, { x });
    const h = b.node("Linear", { units: 5 }, { x: r });
    b.node("Output", { kind: "regression" }, { x: h });
    const c = compiled(b.build());
    expect(c.model.getLayer("reshape1").outputShape).toEqual([null, ...resolved]);
    expect(c.model.countParams()).toBe(c.analysis.totals.params);
    expect(c.model.countParams()).toBe(resolved[resolved.length - 1] * 5 + 5);
    const [y] = predictAll(c.model, sampleInputs(c, 3, 7));
    expect(y.shape).toEqual([3, ...resolved.slice(0, -1), 5]);
  });
});

describe("disposing a compiled model", () => {
  // tfjs counts a reference per application of a layer; the tied embedding is applied at both
  // ends of the GPT, and once left its table [V, C] behind after model.dispose().
  it.each([
    ["tied", { tieWeights: true }],
    ["tied, head bias", { tieWeights: true, bias: true }],
    ["untied", { tieWeights: false }],
  ])("a %s GPT leaves no tensor behind", (_name, overrides) => {
    const before = tf.memory().numTensors;
    const c = compiled(presetGraph("gpt", { nLayer: 1, nEmbd: 32, nHead: 2, ...overrides }));
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    c.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("seeds follow a layer's name, not its position", () => {
  /** Input → [extra] → fc1 → fc2 → Output, every Linear 4 wide. */
  const mlp = (extra: boolean) => {
    const b = createBuilder("seeds");
    let h = b.node("Input", { kind: "features", features: 4 });
    if (extra) h = b.node("Linear", { units: 4 }, { x: h }, { id: "inserted" });
    h = b.node("Linear", { units: 4 }, { x: h }, { id: "fc1" });
    h = b.node("Linear", { units: 4, init: "normal02" }, { x: h }, { id: "fc2" });
    b.node("Output", { kind: "regression" }, { x: h });
    return b.build();
  };

  it("inserting a block leaves every other block's initial weights unchanged", () => {
    const before = weightsByName(compiled(mlp(false), { seed: 3 }).model);
    const after = weightsByName(compiled(mlp(true), { seed: 3 }).model);
    expect([...after.keys()].filter((k) => !before.has(k))).toEqual(["inserted/kernel", "inserted/bias"]);
    for (const [name, w] of before) expect(after.get(name)!.dataSync(), name).toEqual(w.dataSync());
    expect(after.get("inserted/kernel")!.dataSync()).not.toEqual(after.get("fc1/kernel")!.dataSync());
  });

  it("gives each copy of a repeated block, and each model seed, its own weights", () => {
    const w = (seed: number) =>
      weightsByName(compiled(presetGraph("gpt", { nLayer: 2, nEmbd: 16, nHead: 2, vocabSize: 11, blockSize: 8 }), { seed }).model);
    const [a, b] = [w(1), w(2)];
    const names = [...a.keys()].filter((k) => /kernel|embeddings/.test(k));
    for (const name of names) expect(a.get(name)!.dataSync(), name).not.toEqual(b.get(name)!.dataSync());
    const copies = names.filter((n) => n.startsWith("blocks_0_")).map((n) => [n, n.replace("blocks_0_", "blocks_1_")]);
    for (const [first, second] of copies) expect(a.get(first)!.dataSync(), first).not.toEqual(a.get(second)!.dataSync());
  });
});

describe("documents saved before the GPT preset took nanoGPT's names", () => {
  it("open unchanged (ids are the document's own) and compile to the same model as the preset now", async () => {
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(new URL("../fixtures/documents/gpt-before-nanogpt-names.json", import.meta.url), "utf8");
    const parsed = parseGraph(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const old = compiled(parsed.graph).model;
    const now = compiled(presetGraph("gpt", { nLayer: 2 })).model;
    expect(old.countParams()).toBe(now.countParams());
    expect(old.layers.map((l) => l.name)).toContain("blocks_1_attn1");
    expect(now.layers.map((l) => l.name)).toEqual(
      expect.arrayContaining(["blocks_1_ln_1", "blocks_1_attn", "blocks_1_ln_2", "blocks_1_mlp_c_fc", "blocks_1_mlp_c_proj", "ln_f"]),
    );
  });
});
