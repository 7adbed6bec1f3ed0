/**
 * The PyTorch export against real PyTorch (/usr/bin/python3 with torch): for every preset, the
 * app compiles the graph, moves its weights off their init and saves them as its Weights download
 * does; the exported project loads them through convert.py, and for the same inputs its outputs
 * equal the app's within 1e-5 (relative to the logits' scale), its loss and every weight's
 * gradient (tf.variableGrads of the app's loss) within 1e-4. The weights written back by
 * state_dict_to_tfjs load into the app (its own loader) and give identical predictions.
 * One Python process per graph does all the PyTorch work (check.py).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { emitPyTorch } from "@/compiler";
import type { GraphDocument } from "@/graph";
import { lossFor } from "@/train/loss";
import type { LossKind } from "@/train/loss";
import { WEIGHTS_FILE, exportArtifacts, setWeightsFrom } from "@/train/weights";
import { compiled, perturbWeights, predictAll, presetGraph, sampleInputs, swigluGraph } from "../build";
import { seeded, seededIds } from "../layers/reference";
import { PYTHON, useTorchDir, writeProject } from "./torch";
import { randomGraph } from "../codegen/random-graphs";

const CHECK = join(__dirname, "check.py");

/** Tensors packed into one little-endian buffer, each described by dtype, shape and byte offset. */
class Blob {
  private chunks: Uint8Array[] = [];
  private size = 0;
  add(t: tf.Tensor): { dtype: string; shape: number[]; offset: number } {
    const data = t.dtype === "int32" ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
    const entry = { dtype: t.dtype === "int32" ? "int32" : "float32", shape: t.shape, offset: this.size };
    this.chunks.push(new Uint8Array(data.buffer));
    this.size += data.byteLength;
    return entry;
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

interface CheckResult {
  /** The largest relative difference between the std-dev of a fresh Model()'s weight and the app's init. */
  init: number;
  worstInit: string;
  out: number;
  outScale: number;
  loss: number;
  grad: number;
  worstGrad: string;
  gradsChecked: number;
  params: number;
  missing: string[];
  mismatch: string;
}

const root = useTorchDir();

/** Runs the whole app-vs-PyTorch comparison for `graph` in `folder`; returns what check.py found. */
export async function checkAgainstTorch(graph: GraphDocument, folder: string, options: { mismatch?: boolean; seed?: number } = {}) {
  const seed = options.seed ?? 3;
  const app = compiled(graph, { seed });
  // The init's spread per weight (of those big enough to estimate it), before the weights move.
  const initStd = Object.fromEntries(
    app.model.weights
      .filter((w) => w.shape.reduce((a: number, b) => a * (b ?? 1), 1) >= 512)
      .map((w) => [w.originalName, tf.tidy(() => tf.moments(w.read()).variance.sqrt().dataSync()[0])]),
  );
  perturbWeights(app.model, seed + 1, 0.1);
  const weightsDir = join(folder, "weights");
  mkdirSync(weightsDir, { recursive: true });
  const { modelJson, weights } = await exportArtifacts(app.model);
  writeFileSync(join(weightsDir, "model.json"), modelJson);
  writeFileSync(join(weightsDir, WEIGHTS_FILE), Buffer.from(weights));
  writeProject(join(folder, "project"), emitPyTorch(graph));

  const inputs = sampleInputs(app, 2, seed + 7);
  const [out] = predictAll(app.model, inputs);
  const kind = app.outputs[0].kind as LossKind;
  const target =
    kind === "regression" ? seeded(out.shape, seed + 9) : seededIds(out.shape.slice(0, -1), out.shape[out.shape.length - 1], seed + 9);
  const { value, grads } = tf.variableGrads(() => {
    const y = app.model.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false });
    return lossFor(kind, (Array.isArray(y) ? y[0] : y) as tf.Tensor, target);
  });
  const blob = new Blob();
  const byVariable = new Map(app.model.trainableWeights.map((w) => [(w.read() as tf.Variable).name, w.originalName]));
  const gradEntries = Object.fromEntries(Object.entries(grads).map(([name, g]) => [byVariable.get(name) ?? name, blob.add(g)]));
  const caseJson = {
    kind,
    inputs: inputs.map((t) => blob.add(t)),
    output: blob.add(out),
    target: blob.add(target),
    grads: gradEntries,
    mismatch: options.mismatch === true,
    initStd,
  };
  writeFileSync(join(folder, "case.json"), JSON.stringify(caseJson));
  writeFileSync(join(folder, "case.bin"), blob.bytes());

  const run = spawnSync(PYTHON, [CHECK, join(folder, "project"), folder], {
    encoding: "utf8",
    env: { ...process.env, OMP_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1" },
  });
  if (run.status !== 0) throw new Error(`check.py failed:\n${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split("\n").pop()!) as CheckResult;

  // The weights PyTorch wrote back, through the app's own loader, into a fresh model.
  const back = join(folder, "back");
  const backJson = JSON.parse(readFileSync(join(back, "model.model.json"), "utf8")) as tf.io.ModelJSON;
  const artifacts: tf.io.ModelArtifacts = {
    weightSpecs: backJson.weightsManifest[0].weights,
    weightData: new Uint8Array(readFileSync(join(back, backJson.weightsManifest[0].paths[0]))).buffer,
  };
  const fresh = compiled(graph, { seed: seed + 100 });
  setWeightsFrom(fresh.model, artifacts, "the round trip");
  const [again] = predictAll(fresh.model, inputs);
  const roundTrip = tf.max(tf.abs(tf.sub(again, out))).dataSync()[0];
  const appLoss = value.dataSync()[0];
  const appParams = app.model.countParams();
  const gradCount = Object.keys(grads).length;
  tf.dispose([...inputs, out, target, value, ...Object.values(grads), again]);
  app.model.dispose();
  fresh.model.dispose();
  return { ...result, appLoss, appParams, gradCount, roundTrip };
}

/** Outputs within 1e-5 (of the logits' scale), loss and every gradient within 1e-4, every weight and gradient present, a lossless round trip. */
function expectMatch(r: Awaited<ReturnType<typeof checkAgainstTorch>>): void {
  expect(r.missing).toEqual([]);
  expect(r.params).toBe(r.appParams);
  expect(r.gradsChecked).toBe(r.gradCount);
  expect(r.out).toBeLessThanOrEqual(1e-5 * Math.max(1, r.outScale));
  expect(Math.abs(r.loss - r.appLoss)).toBeLessThanOrEqual(1e-4);
  expect(r.grad, `the gradient of ${r.worstGrad}`).toBeLessThanOrEqual(1e-4);
  expect(r.roundTrip).toBe(0);
  expect(r.init, `the init of ${r.worstInit}`).toBeLessThan(0.1);
}

describe("the PyTorch export matches the app (real PyTorch)", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["mlp", {}],
    ["lstm", { blockSize: 16 }],
    ["transformer", {}],
    ["gpt", {}],
  ];
  // A sample of the TypeScript export's random graphs (tests/compiler/codegen/equivalence.test.ts):
  // GRU, SimpleRNN, LSTM, tied heads, RoPE, hand-wired SplitHeads → SDPA → MergeHeads, Reshape,
  // Concat, Multiply, Dropout, norms, repeated and nested groups.
  const randomSeeds = [1, 3, 4, 7, 9, 13, 16, 17, 25, 46, 118];
  for (const [id, overrides] of cases) {
    it(`${id}: outputs within 1e-5, loss and every gradient within 1e-4, weights round-trip exactly`, async () => {
      const graph = presetGraph(id, overrides);
      const r = await checkAgainstTorch(graph, join(root(), id), { mismatch: id === "mlp" });
      console.log(
        `${id}: ${JSON.stringify({ out: r.out, scale: r.outScale, loss: r.loss, appLoss: r.appLoss, grad: r.grad, grads: r.gradsChecked, params: r.params, init: r.init, worstInit: r.worstInit })}`,
      );
      expectMatch(r);
      if (id === "mlp") {
        expect(r.mismatch).toContain("missing: linear1/kernel [2, 32]");
        expect(r.mismatch).toContain("extra: renamed/kernel");
        expect(r.mismatch).toContain("misshapen: linear2/kernel is [1, 32, 32]");
      }
    });
  }
  it("a SwiGLU feed-forward (LLaMA): outputs within 1e-5, loss and every gradient within 1e-4, weights round-trip exactly", async () => {
    expectMatch(await checkAgainstTorch(swigluGraph(), join(root(), "swiglu")));
  });
  it("refuses, naming the case, a repeated block whose unused outputs the app's model leaves out", () => {
    for (const seed of [2, 5, 8, 14]) expect(() => emitPyTorch(randomGraph(seed))).toThrow(/only its last copy passes on/);
  });
  for (const seed of randomSeeds) {
    it(`random graph ${seed}: outputs within 1e-5, loss and every gradient within 1e-4, weights round-trip exactly`, async () => {
      const r = await checkAgainstTorch(randomGraph(seed), join(root(), `random-${seed}`), { seed });
      console.log(
        `random ${seed}: ${JSON.stringify({ out: r.out, scale: r.outScale, loss: r.loss, appLoss: r.appLoss, grad: r.grad, grads: r.gradsChecked })}`,
      );
      expectMatch(r);
    });
  }
});
