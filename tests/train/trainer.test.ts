/**
 * The training loop as a user drives it: tensors stay flat step after step, pause holds,
 * stop ends, a diverging run stops with a message, and metrics stream as documented.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend, Trainer } from "@/train";
import type { Metrics, Session } from "@/train";
import { presetSession } from "./sessions";

beforeAll(async () => {
  expect(await initBackend(["wasm", "cpu"])).toBe("wasm");
});

const TINY_GPT = { nLayer: 2, nEmbd: 32, nHead: 2, blockSize: 16 };

/** Lets the run loop take turns until `done()` holds (or a generous number of turns pass). */
async function until(done: () => boolean, turns = 2000): Promise<void> {
  for (let i = 0; i < turns && !done(); i++) await new Promise((r) => setTimeout(r, 5));
}

function withSession<T>(session: Session, body: (s: Session) => Promise<T>): Promise<T> {
  return body(session).finally(() => session.dispose());
}

describe("tensors are disposed every step", () => {
  it.each([
    ["MLP", "mlp", {}, { steps: 200, batchSize: 32 }],
    ["tiny GPT", "gpt", TINY_GPT, { steps: 200, batchSize: 4 }],
  ] as const)(
    "%s: tf.memory().numTensors after step 10 equals that after step 200, with evaluations in between",
    async (_name, id, params, config) => {
      await withSession(presetSession(id, params, config), async ({ trainer }) => {
        const losses: number[] = [];
        for (let i = 0; i < 10; i++) losses.push((await trainer.trainStep()).loss);
        expect(trainer.step).toBe(10);
        const atStep10 = tf.memory().numTensors;
        while (trainer.step < 200) {
          losses.push((await trainer.trainStep()).loss);
          if (trainer.step % 50 === 0) {
            const v = await trainer.evaluate(2);
            expect(Number.isFinite(v.loss)).toBe(true);
            expect(tf.memory().numTensors).toBe(atStep10);
          }
        }
        expect(trainer.step).toBe(200);
        expect(tf.memory().numTensors).toBe(atStep10);
        expect(losses.every(Number.isFinite)).toBe(true);
      });
    },
  );

  it("disposing a session frees its model and optimiser state (MLP)", async () => {
    const before = tf.memory().numTensors;
    const session = presetSession("mlp", {}, { steps: 5 });
    await session.trainer.run();
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("trainStep advances the step and the schedule like run() does", async () => {
    await withSession(
      presetSession("mlp", {}, { steps: 20, warmupSteps: 4, lr: 0.01, schedule: "cosine", minLrRatio: 0.1 }),
      async ({ trainer }) => {
        const lrs: number[] = [];
        for (let i = 0; i < 6; i++) lrs.push((await trainer.trainStep()).lr);
        expect(lrs.map((x) => Number(x.toFixed(6)))).toEqual([
          0.0025,
          0.005,
          0.0075,
          0.01,
          0.01,
          Number((0.001 + 0.5 * 0.009 * (1 + Math.cos(Math.PI / 16))).toFixed(6)),
        ]);
        expect(trainer.step).toBe(6);
        // run() carries on from step 6.
        const steps: number[] = [];
        await trainer.run({ onMetrics: (m) => void steps.push(m.step) });
        expect(steps).toEqual(Array.from({ length: 14 }, (_, i) => i + 7));
      },
    );
  });
});

describe("pause, resume and stop", () => {
  it("pause() holds the run at a step until resume(); stop() ends it with status stopped", async () => {
    await withSession(presetSession("mlp", {}, { steps: 5000, evalEvery: 5000 }), async ({ trainer }) => {
      const seen: number[] = [];
      const running = trainer.run({
        onMetrics: (m) => {
          seen.push(m.step);
          if (m.step === 5) trainer.pause();
        },
      });
      await until(() => seen.length >= 5);
      expect(trainer.isPaused).toBe(true);
      // Give the loop many turns: nothing moves while paused.
      for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
      expect(trainer.step).toBe(5);
      expect(seen).toEqual([1, 2, 3, 4, 5]);

      trainer.resume();
      expect(trainer.isPaused).toBe(false);
      await until(() => trainer.step >= 12);
      expect(trainer.step).toBeGreaterThanOrEqual(12);
      expect(seen.slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));

      trainer.stop();
      const end = await running;
      expect(end.status).toBe("stopped");
      expect(end.step).toBe(trainer.step);
      expect(end.step).toBeLessThan(5000);
      expect(seen[seen.length - 1]).toBe(end.step);
    });
  });

  it("stop() from a timer gets through while the run is busy (as a worker's message would)", async () => {
    await withSession(presetSession("mlp", {}, { steps: 5000, evalEvery: 5000 }), async ({ trainer }) => {
      const timer = setTimeout(() => trainer.stop(), 30);
      const end = await trainer.run();
      clearTimeout(timer);
      expect(end.status).toBe("stopped");
      expect(end.step).toBeLessThan(5000);
    });
  });

  it("stop() while paused ends the run without another step", async () => {
    await withSession(presetSession("mlp", {}, { steps: 1000, evalEvery: 1000 }), async ({ trainer }) => {
      const running = trainer.run({
        onMetrics: (m) => {
          if (m.step === 3) trainer.pause();
        },
      });
      await until(() => trainer.isPaused);
      trainer.stop();
      expect(await running).toEqual({ status: "stopped", step: 3 });
    });
  });

  it("a control hook returning true stops the run", async () => {
    await withSession(presetSession("mlp", {}, { steps: 1000, evalEvery: 1000 }), async ({ trainer }) => {
      const end = await trainer.run({ control: () => trainer.step >= 4 });
      expect(end).toEqual({ status: "stopped", step: 4 });
    });
  });
});

describe("a diverging run", () => {
  it("lr 1e6 with SGD and no clipping ends with status diverged and a message naming the step and learning rate", async () => {
    // The training spec caps lr at 100, so the absurd rate goes to the Trainer directly, on the session's model and task.
    await withSession(presetSession("mlp", {}, { optimizer: "sgd", clipNorm: 0, schedule: "constant", steps: 100 }), async (s) => {
      const trainer = new Trainer(s.compiled.model, s.bundle.task, { ...s.config, lr: 1e6 });
      const metrics: Metrics[] = [];
      const end = await trainer.run({ onMetrics: (m) => void metrics.push(m) });
      trainer.dispose();
      expect(end.status).toBe("diverged");
      if (end.status !== "diverged") return;
      expect(end.step).toBeGreaterThan(0);
      expect(end.step).toBeLessThan(20);
      expect(end.message).toContain(`at step ${end.step} `);
      expect(end.message).toContain("learning rate 1000000");
      expect(end.message).toMatch(/the loss became (NaN|Infinity|-Infinity)/);
      expect(end.message).toMatch(/lower the learning rate or turn on gradient clipping/);
      // The diverged step is not reported as ordinary metrics.
      expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: end.step - 1 }, (_, i) => i + 1));
    });
  });

  it("the highest lr the spec allows (100) diverges a tiny GPT too, through createSession", async () => {
    await withSession(
      presetSession("gpt", TINY_GPT, {
        lr: 100,
        optimizer: "sgd",
        clipNorm: 0,
        schedule: "constant",
        warmupSteps: 0,
        steps: 200,
        batchSize: 8,
      }),
      async ({ trainer }) => {
        // Counted after step 1, once the optimiser has made its momentum slots.
        let afterStep1 = -1;
        const end = await trainer.run({ onMetrics: (m) => void (m.step === 1 && (afterStep1 = tf.memory().numTensors)) });
        expect(end.status).toBe("diverged");
        if (end.status === "diverged") expect(end.message).toContain(`at step ${end.step} with learning rate 100;`);
        // Stopping on a NaN leaks nothing.
        expect(tf.memory().numTensors).toBe(afterStep1);
      },
    );
  });
});

describe("the metrics stream", () => {
  it("reports step, loss, lr, tokens/s and ms/step every step, and validation loss every evalEvery steps", async () => {
    const config = { steps: 12, evalEvery: 4, evalBatches: 2, batchSize: 4, warmupSteps: 0, lr: 2e-3 };
    await withSession(presetSession("gpt", TINY_GPT, config), async ({ trainer }) => {
      const metrics: Metrics[] = [];
      const end = await trainer.run({ onMetrics: (m) => void metrics.push(m) });
      expect(end).toEqual({ status: "done", step: 12 });
      expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      for (const m of metrics) {
        expect(Number.isFinite(m.loss)).toBe(true);
        expect(m.lr).toBeGreaterThan(0);
        expect(m.lr).toBeLessThanOrEqual(2e-3);
        expect(m.msPerStep).toBeGreaterThan(0);
        // A batch of 4 windows of 16 tokens: tokens/s · ms/step = 64 tokens per step.
        expect((m.tokensPerSec * m.msPerStep) / 1000).toBeCloseTo(4 * 16, 6);
        expect(m.accuracy).toBeGreaterThanOrEqual(0);
      }
      expect(metrics.filter((m) => m.valLoss !== undefined).map((m) => m.step)).toEqual([4, 8, 12]);
      for (const m of metrics.filter((x) => x.valLoss !== undefined)) {
        expect(Number.isFinite(m.valLoss)).toBe(true);
        expect(m.valAccuracy).toBeGreaterThanOrEqual(0);
      }
      // The learning rate follows the cosine schedule down from its peak.
      expect(metrics[0].lr).toBeCloseTo(2e-3, 9);
      expect(metrics[11].lr).toBeLessThan(metrics[0].lr);
      // elapsedMs accumulates ms/step.
      expect(metrics[11].elapsedMs).toBeCloseTo(
        metrics.reduce((s, m) => s + m.msPerStep, 0),
        6,
      );
    });
  });

  it("evaluates on the last step even when it is not a multiple of evalEvery", async () => {
    await withSession(presetSession("mlp", {}, { steps: 7, evalEvery: 5 }), async ({ trainer }) => {
      const withVal: number[] = [];
      await trainer.run({ onMetrics: (m) => void (m.valLoss !== undefined && withVal.push(m.step)) });
      expect(withVal).toEqual([5, 7]);
    });
  });
});
