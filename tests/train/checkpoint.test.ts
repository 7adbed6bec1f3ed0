/**
 * Checkpoints: a run's weights, optimizer moments and step go out as plain data and come back
 * into a fresh session of the same graph, so a resumed run takes the same next step it would
 * have taken without the interruption.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { TrainingSpecSchema } from "@/graph";
import type { TrainConfig } from "@/graph";
import { buildPreset } from "@/presets";
import { createOptimizer, createTrainerCore } from "@/train";
import type { Checkpoint, TrainRequest, WorkerEvent } from "@/train";
import { applyCheckpoint, takeCheckpoint } from "@/train/checkpoint";
import { presetSession } from "./sessions";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const weightsOf = async (s: ReturnType<typeof presetSession>) =>
  Promise.all(s.compiled.model.weights.map(async (w) => Array.from(await w.read().data())));

describe("takeCheckpoint / applyCheckpoint", () => {
  it("a fresh session of the same graph gets the weights, optimizer moments and step", async () => {
    const a = presetSession("mlp", { hidden: 8, layers: 1 }, { steps: 100 });
    for (let i = 0; i < 12; i++) await a.trainer.trainStep();
    const c = await takeCheckpoint(a);
    expect(c.step).toBe(12);
    expect(c.optimizer?.t).toBe(12);
    // 2→8 kernel + bias, 8→2 kernel + bias: 16 + 8 + 16 + 2 floats
    expect(c.data.byteLength).toBe((16 + 8 + 16 + 2) * 4);

    const b = presetSession("mlp", { hidden: 8, layers: 1 }, { steps: 100, seed: 99 });
    expect(await weightsOf(b)).not.toEqual(await weightsOf(a));
    applyCheckpoint(b, c, true);
    expect(await weightsOf(b)).toEqual(await weightsOf(a));
    expect(b.trainer.step).toBe(12);
    const sa = await a.trainer.state();
    const sb = await b.trainer.state();
    expect(sb.optimizer.t).toBe(12);
    expect(sb.optimizer.slots.map((s) => s.map((x) => Array.from(x)))).toEqual(sa.optimizer.slots.map((s) => s.map((x) => Array.from(x))));
    a.dispose();
    b.dispose();
  });

  it("without continueRun only the weights are loaded: step 0, a fresh optimizer", async () => {
    const a = presetSession("mlp", { hidden: 8, layers: 1 });
    for (let i = 0; i < 5; i++) await a.trainer.trainStep();
    const b = presetSession("mlp", { hidden: 8, layers: 1 });
    applyCheckpoint(b, await takeCheckpoint(a), false);
    expect(b.trainer.step).toBe(0);
    expect((await b.trainer.state()).optimizer.t).toBe(0);
    a.dispose();
    b.dispose();
  });

  it("names the weight that does not fit another graph", async () => {
    const a = presetSession("mlp", { hidden: 8, layers: 1 });
    const b = presetSession("mlp", { hidden: 16, layers: 1 });
    expect(() => applyCheckpoint(b, { step: 0, elapsedMs: 0, specs: [], data: new ArrayBuffer(0) } as Checkpoint, false)).toThrow(
      /do not fit this graph/,
    );
    const c = await takeCheckpoint(a);
    expect(() => applyCheckpoint(b, c, false)).toThrow(/\[2, 16\] here but \[2, 8\] in the file/);
    a.dispose();
    b.dispose();
  });
});

describe("optimizer snapshot", () => {
  it("Adam restored from a snapshot makes the same update as the original (bias correction included)", async () => {
    const make = () => [tf.variable(tf.tensor1d([1, -2, 3])), tf.variable(tf.tensor2d([[0.5, -0.5]]))];
    // Gradients that change from step to step, so the moments (not just the sign) decide the update.
    const history = [0.2, -1, 3].map((k) => [tf.tensor1d([0.1 * k, -0.2, 0.3 / k]), tf.tensor2d([[k, 2 - k]])]);
    const grads = [tf.tensor1d([0.5, 0.1, -0.4]), tf.tensor2d([[-1, 0.25]])];
    const a = createOptimizer({ name: "adam" });
    const va = make();
    for (const g of history) a.apply(va, g, 0.01);
    const snap = await a.snapshot(va);
    const b = createOptimizer({ name: "adam" });
    const vb = await Promise.all(va.map(async (v) => tf.variable(tf.tensor(await v.data(), v.shape))));
    b.restore(vb, snap);
    a.apply(va, grads, 0.01);
    b.apply(vb, grads, 0.01);
    for (let i = 0; i < va.length; i++) expect(Array.from(await vb[i].data())).toEqual(Array.from(await va[i].data()));
    // A fresh optimizer (t = 0, zero moments) makes a different step: the snapshot mattered.
    const c = createOptimizer({ name: "adam" });
    const vc = await Promise.all(vb.map(async (v) => tf.variable(tf.tensor(await v.data(), v.shape))));
    c.apply(vc, grads, 0.01);
    b.apply(vb, grads, 0.01);
    expect(Array.from(await vc[0].data())).not.toEqual(Array.from(await vb[0].data()));
    tf.dispose([...va, ...vb, ...vc, ...grads, ...history.flat()]);
    [a, b, c].forEach((o) => o.dispose());
  });
});

describe("the worker core resumes a run", () => {
  function request(config: Partial<TrainConfig>): TrainRequest {
    const built = buildPreset("mlp", { hidden: 16, layers: 2 });
    if (!built.ok) throw new Error(built.message);
    const spec = TrainingSpecSchema.parse(built.graph.meta.training);
    return { doc: built.graph, dataset: spec.dataset, config: { ...spec.config, evalEvery: 50, ...config } };
  }

  it("continues from the checkpoint's step, its loss where the first run left it", async () => {
    const core = createTrainerCore();
    await core.init("cpu");
    const first: WorkerEvent[] = [];
    await core.start(request({ steps: 150 }), (e) => void first.push(e));
    const firstMetrics = first.flatMap((e) => (e.type === "metrics" ? [e.metrics] : []));
    const saved = await core.checkpoint();
    expect(saved.step).toBe(150);

    // As after a reload: a new core (a new worker), the same run asked to go on to 300 steps.
    const later = createTrainerCore();
    await later.init("cpu");
    const events: WorkerEvent[] = [];
    await later.start({ ...request({ steps: 300 }), from: { checkpoint: saved, continueRun: true } }, (e) => void events.push(e));
    const metrics = events.flatMap((e) => (e.type === "metrics" ? [e.metrics] : []));
    expect(metrics[0].step).toBe(151);
    expect(events.at(-1)).toEqual({ type: "end", status: "done", step: 300 });
    expect(metrics[0].elapsedMs).toBeGreaterThan(saved.elapsedMs);
    // The resumed model starts where the first run ended, far below a fresh model's first loss.
    const freshLoss = firstMetrics[0].loss;
    const endLoss = firstMetrics.at(-1)!.loss;
    expect(metrics[0].loss).toBeLessThan((freshLoss + endLoss) / 2);
  }, 60_000);

  it("loads a checkpoint while the backend is still being chosen, and the model answers", async () => {
    const trained = createTrainerCore();
    await trained.init("cpu");
    await trained.start(request({ steps: 100 }), () => {});
    const saved = await trained.checkpoint();
    // As after a reload: the tab's first init and the load of the restored run arrive together.
    const later = createTrainerCore();
    const [, , info] = await Promise.all([later.init("wasm"), later.init("cpu"), later.loadCheckpoint(request({ steps: 100 }), saved)]);
    expect(info.params).toBeGreaterThan(0);
    const b = await later.boundary(8);
    expect(b.accuracy).toBeGreaterThan(0.5);
    expect(tf.getBackend()).toBe("cpu");
  }, 60_000);
});
