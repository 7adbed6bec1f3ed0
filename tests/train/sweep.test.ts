/** A scaling sweep trains every family member on every budget, the same way each time for a seed. */
import { beforeAll, describe, expect, test } from "vitest";
import { buildPreset } from "@/presets";
import { initBackend, runSweep, summarise } from "@/train";
import type { SweepRun } from "@/train";

beforeAll(async () => {
  expect(await initBackend(["wasm", "cpu"])).toBe("wasm");
});

const tinyGpt = () => {
  const r = buildPreset("gpt", { blockSize: 16 });
  if (!r.ok) throw new Error(r.message);
  return r.graph;
};
const SPEC = { widths: [32], depths: [1, 2], tokens: [512, 1024, 2048], seed: 3, evalBatches: 2 };
const withoutTime = (runs: SweepRun[]) => runs.map(({ seconds: _s, ...rest }) => rest);

describe("runSweep", () => {
  test("two sweeps with one seed give the same runs, loss for loss; a larger budget or model trains to a lower loss", async () => {
    const a = await runSweep(tinyGpt(), SPEC);
    const b = await runSweep(tinyGpt(), SPEC);
    expect(withoutTime(a.runs)).toEqual(withoutTime(b.runs));
    expect(a.runs).toHaveLength(6);
    // Batch 16 × T 16 = 256 tokens a step: 512 tokens is 2 steps.
    expect(a.runs.map((r) => [r.depth, r.steps, r.tokens])).toEqual([
      [1, 2, 512],
      [1, 4, 1024],
      [1, 8, 2048],
      [2, 2, 512],
      [2, 4, 1024],
      [2, 8, 2048],
    ]);
    for (const r of a.runs) expect(r.flops).toBe(6 * r.params * r.tokens);
    expect(a.runs[2].loss).toBeLessThan(a.runs[0].loss);
    expect(a.runs[1].params).toBeLessThan(a.runs[4].params);
    expect(a.fit).toBeDefined();
    expect(a.optimal!.chinchilla.tokensPerParam).toBeGreaterThan(0);
    const c = await runSweep(tinyGpt(), { ...SPEC, seed: 4, depths: [1], tokens: [512] });
    expect(c.runs[0].loss).not.toBe(a.runs[0].loss);
  });

  test("too few runs for five unknowns: no fit, and it says what is needed", () => {
    const r = summarise([
      {
        width: 32,
        depth: 1,
        heads: 1,
        params: 1000,
        paramsNonEmbedding: 800,
        tokens: 512,
        steps: 2,
        flops: 6 * 1000 * 512,
        loss: 4,
        trainLoss: 4,
        seconds: 1,
      },
    ]);
    expect(r.fit).toBeUndefined();
    expect(r.fitProblem).toMatch(/at least 5 runs over 2 or more sizes and 2 or more token budgets; have 1 runs/);
  });
});
