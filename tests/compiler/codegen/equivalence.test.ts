/**
 * The proof that export is faithful: for every preset and a set of random valid graphs, the
 * emitted file typechecks under `tsc --strict` (no unused code either), and its buildModel()
 * matches compile() — the same layer names, classes, configs and parameter count, the same
 * initial weights for the same seed, and, with the app's weights copied in by name, the same
 * outputs (within 1e-5) and gradients.
 */
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompiledModel } from "@/compiler";
import { emitTypeScript } from "@/compiler/codegen";
import { blockList } from "@/graph";
import { analyse, isValid } from "@/graph";
import type { GraphDocument } from "@/graph";
import { compiled, perturbWeights, predictAll, presetGraph, sampleInputs, swigluGraph, weightsByName } from "../build";
import { expectClose } from "../layers/close";
import { seeded } from "../layers/reference";
import { exportDir, importExported, typecheck, writeSource } from "./harness";
import { randomGraph } from "./random-graphs";
import { withGeneratedNames, withHostileIds } from "./hostile";

const SEED = 5;
const TINY_GPT = { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 };

const CASES: [string, GraphDocument][] = [
  ["SwiGLU feed-forward (LLaMA)", swigluGraph()],
  ["preset mlp", presetGraph("mlp")],
  ["preset lstm", presetGraph("lstm")],
  ["preset transformer", presetGraph("transformer")],
  ["preset gpt", presetGraph("gpt")],
  ["mlp, 1 layer, gelu, 5 blobs", presetGraph("mlp", { layers: 1, activation: "gelu", classes: 5, dataset: "blobs" })],
  ["lstm on reverse, 2 layers", presetGraph("lstm", { task: "reverse", layers: 2, units: 16, embd: 8 })],
  ["transformer, 1 block of width 16", presetGraph("transformer", { nLayer: 1, dModel: 16, nHead: 2, length: 5 })],
  ["tiny gpt with RoPE", presetGraph("gpt", { ...TINY_GPT, rope: true })],
  ["tiny gpt, untied, no bias, dropout", presetGraph("gpt", { ...TINY_GPT, tieWeights: false, bias: false, dropout: 0.1 })],
  ["tiny gpt with hostile ids", withHostileIds(presetGraph("gpt", TINY_GPT))],
  ["tiny gpt with ids the generated code uses", withGeneratedNames(presetGraph("gpt", TINY_GPT))],
  // Seeds 1–15, and later ones that bring GRU, tied heads (with and without a bias), attention
  // dropout, learned positions and a Reshape that infers its size (118: Reshape [-1] → Linear).
  ...[...Array.from({ length: 15 }, (_, i) => i + 1), 16, 17, 19, 25, 40, 46, 118].map((seed): [string, GraphDocument] => [
    `random graph ${seed}`,
    randomGraph(seed),
  ]),
];

/** The parameter count the emitted file states: "Builds the model: 1,234 parameters". */
function countInSource(name: string): number {
  const source = readFileSync(files[CASES.findIndex(([n]) => n === name)], "utf8");
  return Number(/Builds the model: ([\d,]+) parameters/.exec(source)![1].replace(/,/g, ""));
}

interface Pair {
  app: CompiledModel;
  /** The app's weights as compile() initialised them. */
  initial: Map<string, Float32Array>;
  /** The exported buildModel(SEED). */
  model: tf.LayersModel;
}

let cleanup = () => {};
const files: string[] = [];
const pairs = new Map<string, Pair>();

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
  const made = exportDir();
  cleanup = made.cleanup;
  for (const [i, [name, graph]] of CASES.entries()) {
    files.push(writeSource(made.dir, `case${i}.ts`, emitTypeScript(graph)));
    const app = compiled(graph, { seed: SEED });
    const initial = new Map([...weightsByName(app.model)].map(([weight, t]) => [weight, t.dataSync() as Float32Array]));
    pairs.set(name, { app, initial, model: (await importExported(files[i])).buildModel(SEED) });
  }
});
afterAll(() => cleanup());

it("covers every block type with valid graphs", () => {
  for (const [name, graph] of CASES) expect(isValid(analyse(graph)), name).toBe(true);
  const used = new Set(CASES.flatMap(([, g]) => [...g.nodes, ...g.groups.flatMap((body) => body.nodes)].map((n) => n.type)));
  expect(blockList.map((b) => b.type).filter((type) => !used.has(type))).toEqual([]);
});

it("emits files that typecheck with tsc --strict, with no unused code", () => {
  expect(typecheck(files)).toEqual([]);
});

/** Weights by name: the app's keep the names the exported layers give theirs. */
function copyWeights(from: tf.LayersModel, to: tf.LayersModel): void {
  const values = weightsByName(from);
  to.setWeights(to.weights.map((w) => values.get(w.originalName)!));
}

/** d(Σ_i r_i·out_i)/dW for every trainable weight, by name, with fixed random r. */
function gradients(model: tf.LayersModel, inputs: tf.Tensor[]): Map<string, tf.Tensor> {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(() => {
    const out = model.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as tf.Tensor | tf.Tensor[];
    const outs = Array.isArray(out) ? out : [out];
    return tf.addN(outs.map((o, i) => tf.sum(tf.mul(o, seeded(o.shape as number[], 40 + i))))) as tf.Scalar;
  }, vars);
  return new Map(model.trainableWeights.map((w, i) => [w.originalName, grads[vars[i].name]]));
}

describe.each(CASES.map(([name]) => name))("%s", (name) => {
  const pair = () => pairs.get(name)!;

  it("builds the same layers: names, classes, configs, parameter count and topology", () => {
    const { app, model } = pair();
    expect(model.layers.map((l) => l.name)).toEqual(app.model.layers.map((l) => l.name));
    model.layers.forEach((layer, i) => {
      expect(layer.getClassName(), layer.name).toBe(app.model.layers[i].getClassName());
      expect(layer.getConfig(), layer.name).toEqual(app.model.layers[i].getConfig());
    });
    expect(model.countParams()).toBe(app.model.countParams());
    expect(countInSource(name)).toBe(model.countParams());
    expect(model.toJSON(null, false)).toEqual(app.model.toJSON(null, false));
  });

  // Runs before the next test copies the app's weights in.
  it("starts from the app's initial weights for the same seed", () => {
    const { initial, model } = pair();
    const weights = weightsByName(model);
    expect([...weights.keys()].sort()).toEqual([...initial.keys()].sort());
    for (const [weight, value] of initial) expect(weights.get(weight)!.dataSync(), weight).toEqual(value);
  });

  it("gives the app's outputs and gradients with its weights copied in by name", () => {
    const { app, model } = pair();
    perturbWeights(app.model, 11, 0.2);
    copyWeights(app.model, model);
    const inputs = sampleInputs(app, 2, 3);
    const expected = predictAll(app.model, inputs);
    predictAll(model, inputs).forEach((out, i) => expectClose(out, expected[i], 1e-5));
    const appGrads = gradients(app.model, inputs);
    for (const [weight, grad] of gradients(model, inputs)) expectClose(grad, appGrads.get(weight)!, 1e-4);
  });
});
