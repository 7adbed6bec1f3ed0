/**
 * The exported train.py run by real PyTorch (CPU, gloo): DDP over 2 processes trains on exactly
 * what one process with the doubled batch trains on, the loss falls, checkpoints resume where the
 * run stopped, and the weights come back as a tfjs model.json.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exportTorchData } from "../../../train/data";
import { corpusTextDataset } from "../../../train/data";
import * as tf from "@tensorflow/tfjs";
import { compile, emitPyTorch } from "../../../compiler";
import { buildPreset } from "../../../presets";
import { torchTrainingFiles } from "../../../train/data";
import { setWeightsFrom } from "../../../train/weights";
import { LM_MODEL, MLP_MODEL, fsdpImports, train, writeFiles, writeProject } from "./train-project";
import { requireTorch } from "./torch";
import type { RunLog } from "./train-project";

const SPIRALS = { kind: "points", name: "spirals", samples: 2000, noise: 0.1, classes: 2 } as const;
const MLP_CONFIG = { lr: 0.05, batchSize: 32, steps: 30, evalEvery: 10, schedule: "constant", seed: 3 } as const;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const losses = (log: RunLog, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => log.loss.get(from + i)!);

function expectSameTrajectory(a: RunLog, b: RunLog, from: number, to: number) {
  for (let s = from; s <= to; s++) {
    expect(a.loss.get(s), `step ${s}`).toBeDefined();
    expect(Math.abs(a.loss.get(s)! - b.loss.get(s)!), `step ${s}: ${a.loss.get(s)} vs ${b.loss.get(s)}`).toBeLessThan(1e-5);
  }
}

describe("the PyTorch export's training sources", () => {
  it("py-sources.json holds the current compiler/pytorch/py files", () => {
    execFileSync("node", [resolve(__dirname, "../../../scripts/gen-py-sources.mjs"), "--check"]);
  });

  it("writes the corpus's token ids: train.bin decodes to the first 90% of the app's text", () => {
    const r = exportTorchData({ kind: "corpus", chars: 20_000 }, LM_MODEL, 0);
    if (!r.ok) throw new Error(r.message);
    const ds = corpusTextDataset({ seed: 0, minChars: 20_000 });
    const bin = r.data.files["data/train.bin"];
    const ids = new Uint16Array(bin.buffer, bin.byteOffset, bin.byteLength / 2);
    expect(ids.length).toBe(ds.train.length);
    expect(ds.tokenizer.decode(Int32Array.from(ids))).toBe(ds.tokenizer.decode(ds.train));
    expect(r.data.spec.vocab).toEqual(ds.tokenizer.chars);
    expect(r.data.spec.blockSize).toBe(16);
  });

  it("names the field to fix when the data does not fit the model", () => {
    const three = { ...MLP_MODEL, inputs: [{ ...MLP_MODEL.inputs[0], shape: [3] }] };
    const r = exportTorchData(SPIRALS, three, 0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/2 features but the Input has 3: set its features to 2/);
  });
});

describe("train.py under torchrun (real PyTorch, CPU)", () => {
  beforeAll(() => requireTorch());

  it("MLP on spirals: 2 processes × 16 = 1 process × 32 = 2 × 8 × 2 micro-steps; the loss falls; --resume continues the run", () => {
    const dir = writeProject("mlp", SPIRALS, MLP_CONFIG, MLP_MODEL);
    const ddp = train(dir, 2, ["--max-steps", "20", "--out", "ddp"]);
    expect(ddp.text).toMatch(/on 2 process\(es\) \(cpu\), 32 examples per step/);
    expect(mean(losses(ddp, 16, 20))).toBeLessThan(mean(losses(ddp, 1, 5)) - 0.02);
    expect(ddp.val.get(10)).toBeDefined();
    expect(existsSync(join(dir, "ddp", "ckpt.pt"))).toBe(true);
    const tfjs = JSON.parse(readFileSync(join(dir, "ddp", "tfjs", "model.model.json"), "utf8"));
    expect(tfjs.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toContain("fc1.weight");

    const single = train(dir, 1, ["--max-steps", "30", "--out", "single"]);
    expectSameTrajectory(ddp, single, 1, 20);
    const accum = train(dir, 2, ["--max-steps", "20", "--grad-accum", "2", "--out", "accum"]);
    expectSameTrajectory(accum, single, 1, 20);

    const resumed = train(dir, 2, ["--max-steps", "30", "--out", "ddp", "--resume"]);
    expect(resumed.text).toMatch(/resumed from ddp\/ckpt\.pt at step 20/);
    expect(resumed.loss.has(20)).toBe(false);
    // The model, Adam's moments and the batch generator come back: steps 21–30 are those of the uninterrupted run.
    expectSameTrajectory(resumed, single, 21, 30);
  }, 120_000);

  it("a char LM on the corpus: the loss falls on 2 processes and --resume goes on from step 20", () => {
    const dir = writeProject("lm", { kind: "corpus", chars: 20_000 }, { lr: 0.01, batchSize: 16, steps: 30, evalEvery: 10 }, LM_MODEL);
    const first = train(dir, 2, ["--max-steps", "20", "--out", "run"]);
    expect(mean(losses(first, 16, 20))).toBeLessThan(mean(losses(first, 1, 5)) - 0.3);
    expect(first.val.get(20)!).toBeLessThan(Math.log(64));
    const more = train(dir, 2, ["--max-steps", "30", "--out", "run", "--resume"]);
    expect([...more.loss.keys()]).toEqual(Array.from({ length: 10 }, (_, i) => 21 + i));
    expect(mean(losses(more, 21, 30))).toBeLessThan(mean(losses(first, 1, 5)) - 0.3);
  }, 120_000);

  it("the emitted MLP preset project trains on 2 processes and its tfjs weights load into the app's model", async () => {
    await tf.setBackend("cpu");
    const built = buildPreset("mlp");
    if (!built.ok) throw new Error(built.message);
    const result = compile(built.graph);
    if (!result.ok) throw new Error(result.diagnostics[0].message);
    const training = torchTrainingFiles(built.graph, result.compiled);
    if (!training.ok) throw new Error(training.message);
    const dir = writeFiles("preset", { ...emitPyTorch(built.graph), ...training.files });
    const run = train(dir, 2, ["--max-steps", "20", "--out", "run"]);
    expect(mean(losses(run, 16, 20))).toBeLessThan(mean(losses(run, 1, 5)));
    const json = JSON.parse(readFileSync(join(dir, "run", "tfjs", "model.model.json"), "utf8"));
    const bin = readFileSync(join(dir, "run", "tfjs", json.weightsManifest[0].paths[0]));
    const before = result.compiled.model.weights.map((w) => Array.from(w.read().dataSync()));
    setWeightsFrom(
      result.compiled.model,
      { weightSpecs: json.weightsManifest[0].weights, weightData: new Uint8Array(bin).buffer },
      "torch run",
    );
    const after = result.compiled.model.weights.map((w) => Array.from(w.read().dataSync()));
    expect(after.some((w, i) => w.some((v, j) => v !== before[i][j]))).toBe(true);
    result.compiled.model.dispose();
  }, 120_000);

  // torch 1.13's FSDP does not import under Python 3.11 (a dataclass with a mutable default).
  it.skipIf(!fsdpImports())(
    "--fsdp trains the MLP and the loss falls",
    () => {
      const dir = writeProject("mlp", SPIRALS, MLP_CONFIG, MLP_MODEL);
      const run = train(dir, 2, ["--max-steps", "20", "--out", "fsdp", "--fsdp"]);
      expect(mean(losses(run, 16, 20))).toBeLessThan(mean(losses(run, 1, 5)) - 0.02);
      expect(existsSync(join(dir, "fsdp", "tfjs", "model.model.json"))).toBe(true);
    },
    120_000,
  );
});
