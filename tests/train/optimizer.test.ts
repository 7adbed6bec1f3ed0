/** The hand-written optimisers, the learning-rate schedule and global-norm clipping, checked against arithmetic done by hand. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { clipByGlobalNorm, createOptimizer, learningRate } from "@/train";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

function expectAllClose(actual: ArrayLike<number>, expected: number[], digits = 6) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i], `index ${i}`).toBeCloseTo(e, digits));
}

/** Runs `steps` updates of `optimizer` on one variable starting at `start`, with the given gradients; returns the values after each step. */
function runUpdates(
  name: "adam" | "adamw" | "sgd",
  start: number[][] | number[],
  grads: (number[][] | number[])[],
  lr: number,
  extra: { weightDecay?: number; momentum?: number } = {},
): Float32Array[] {
  const v = tf.variable(tf.tensor(start));
  const opt = createOptimizer({ name, ...extra });
  const seen: Float32Array[] = [];
  for (const g of grads) {
    const gt = tf.tensor(g);
    opt.apply([v], [gt], lr);
    gt.dispose();
    seen.push(v.dataSync() as Float32Array);
  }
  opt.dispose();
  v.dispose();
  return seen;
}

describe("Adam", () => {
  it("matches a hand-computed two-step update", () => {
    // θ0 = [1, -2], g1 = [0.5, 0.1], g2 = [-0.3, 0.2], lr 0.1, β1 0.9, β2 0.999, ε 1e-8.
    const [after1, after2] = runUpdates(
      "adam",
      [1, -2],
      [
        [0.5, 0.1],
        [-0.3, 0.2],
      ],
      0.1,
    );
    // Step 1: m̂ = g1, v̂ = g1², so the step is lr·sign(g1) (up to ε).
    expectAllClose(after1, [0.9, -2.1]);
    // Step 2, coordinate 0: m = 0.9·0.05 + 0.1·(-0.3) = 0.015; m̂ = 0.015 / 0.19 = 0.0789474
    //   v = 0.999·0.00025 + 0.001·0.09 = 0.00033975; v̂ = 0.00033975 / 0.001999 = 0.169960; √v̂ = 0.412262
    //   θ = 0.9 − 0.1·0.0789474/0.412262 = 0.9 − 0.0191498 = 0.880850
    // coordinate 1: m = 0.9·0.01 + 0.1·0.2 = 0.029; m̂ = 0.152632
    //   v = 0.999·0.00001 + 0.001·0.04 = 0.00004999; v̂ = 0.0250075; √v̂ = 0.158138
    //   θ = −2.1 − 0.1·0.152632/0.158138 = −2.1 − 0.0965183 = −2.196518
    expectAllClose(after2, [0.88085, -2.196518], 5);
  });

  it("applies no weight decay, even to matrices", () => {
    const [after] = runUpdates(
      "adam",
      [
        [1, 2],
        [3, 4],
      ],
      [
        [
          [0, 0],
          [0, 0],
        ],
      ],
      0.1,
      { weightDecay: 0.5 },
    );
    expectAllClose(after, [1, 2, 3, 4]);
  });
});

describe("AdamW", () => {
  const lr = 0.1;
  const wd = 0.5;

  it("leaves a bias with zero gradient unchanged (no decay on 1-D weights)", () => {
    const [after] = runUpdates("adamw", [1, -2, 3], [[0, 0, 0]], lr, { weightDecay: wd });
    expectAllClose(after, [1, -2, 3]);
  });

  it("shrinks a matrix with zero gradient by lr·wd·θ", () => {
    const start = [
      [1, -2],
      [3, 4],
    ];
    const [after] = runUpdates(
      "adamw",
      start,
      [
        [
          [0, 0],
          [0, 0],
        ],
      ],
      lr,
      { weightDecay: wd },
    );
    expectAllClose(
      after,
      start.flat().map((x) => x - lr * wd * x),
    );
  });

  it("adds the decay to the Adam step for a matrix with a gradient", () => {
    // Step 1 of Adam is lr·sign(g); AdamW adds lr·wd·θ.
    const [after] = runUpdates("adamw", [[1, 2]], [[[0.3, -0.7]]], lr, { weightDecay: wd });
    expectAllClose(after, [1 - lr * (1 + wd * 1), 2 - lr * (-1 + wd * 2)], 5);
  });
});

describe("SGD with momentum", () => {
  it("matches hand computation: v ← μv + g, θ ← θ − lr·v", () => {
    // θ0 = 1, μ 0.9, lr 0.1: g1 = 2 → v = 2, θ = 0.8; g2 = -1 → v = 0.8, θ = 0.72; g3 = 0 → v = 0.72, θ = 0.648.
    const seen = runUpdates("sgd", [1], [[2], [-1], [0]], 0.1, { momentum: 0.9 });
    expectAllClose(
      seen.map((a) => a[0]),
      [0.8, 0.72, 0.648],
    );
  });

  it("is plain gradient descent with momentum 0", () => {
    const [after] = runUpdates("sgd", [[1, 2]], [[[10, -10]]], 0.01, { momentum: 0 });
    expectAllClose(after, [0.9, 2.1]);
  });
});

describe("learningRate", () => {
  it("warms up linearly from lr/warmup to lr", () => {
    const c = { lr: 1e-3, warmupSteps: 10, totalSteps: 100 };
    const warm = Array.from({ length: 10 }, (_, s) => learningRate(c, s));
    warm.forEach((lr, s) => expect(lr).toBeCloseTo((1e-3 * (s + 1)) / 10, 12));
    expect(learningRate(c, 4)).toBeCloseTo(5e-4, 12);
    expect(warm[9]).toBeCloseTo(1e-3, 12);
    // Equal increments: the warmup is a straight line.
    for (let s = 1; s < 10; s++) expect(warm[s] - warm[s - 1]).toBeCloseTo(1e-4, 12);
    expect(learningRate(c, 10)).toBeCloseTo(1e-3, 12);
  });

  it("decays by cosine to minLrRatio·lr at totalSteps and stays there", () => {
    const c = { lr: 0.02, warmupSteps: 10, totalSteps: 110, minLrRatio: 0.05, schedule: "cosine" as const };
    const min = 0.02 * 0.05;
    expect(learningRate(c, 10)).toBeCloseTo(0.02, 12);
    // Halfway through the decay the cosine is at its midpoint.
    expect(learningRate(c, 60)).toBeCloseTo((0.02 + min) / 2, 12);
    expect(learningRate(c, 110)).toBeCloseTo(min, 12);
    expect(learningRate(c, 500)).toBeCloseTo(min, 12);
    // Monotone decreasing after the warmup.
    for (let s = 11; s <= 110; s++) expect(learningRate(c, s)).toBeLessThan(learningRate(c, s - 1));
  });

  it("is cosine by default with minLrRatio 0.1, and flat when constant", () => {
    expect(learningRate({ lr: 1, totalSteps: 50 }, 50)).toBeCloseTo(0.1, 12);
    for (const s of [0, 7, 49, 80]) expect(learningRate({ lr: 3e-4, totalSteps: 50, schedule: "constant" }, s)).toBe(3e-4);
  });
});

describe("clipByGlobalNorm", () => {
  it("scales gradients so their global norm equals the maximum", () => {
    tf.tidy(() => {
      // Global norm √(3² + 4² + 12²) = 13.
      const { grads, norm } = clipByGlobalNorm([tf.tensor1d([3, 4]), tf.tensor2d([[12]])], 1);
      expect(norm.dataSync()[0]).toBeCloseTo(13, 5);
      expectAllClose(grads[0].dataSync(), [3 / 13, 4 / 13], 5);
      expectAllClose(grads[1].dataSync(), [12 / 13], 5);
      expect(grads[1].shape).toEqual([1, 1]);
      const after = Math.hypot(...grads.flatMap((g) => Array.from(g.dataSync())));
      expect(after).toBeCloseTo(1, 5);
    });
  });

  it("leaves gradients below the maximum alone", () => {
    tf.tidy(() => {
      const { grads, norm } = clipByGlobalNorm([tf.tensor1d([0.3, 0.4]), tf.tensor1d([0])], 1);
      expect(norm.dataSync()[0]).toBeCloseTo(0.5, 6);
      expectAllClose(grads[0].dataSync(), [0.3, 0.4]);
      expectAllClose(grads[1].dataSync(), [0]);
    });
  });
});
