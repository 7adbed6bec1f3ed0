/** `train` in Node: a metrics stream while it learns, then an evaluation or a sample. */
import { describe, expect, test } from "vitest";
import { runCli } from "./run-cli";

describe("train", () => {
  test("mlp --json streams pure JSON lines: metrics with step and loss, then the evaluation", () => {
    const r = runCli(["train", "preset:mlp", "--steps", "300", "--json"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => l.trim() !== "");
    // Every stdout line is JSON: tfjs's "running in Node.js" banner, if any, goes to stderr.
    const events = lines.map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });
    expect(events[0]).toMatchObject({ event: "start", params: 2274, steps: 300 });
    const metrics = events.filter((e) => e.event === "metrics");
    expect(metrics.length).toBeGreaterThanOrEqual(2);
    for (const m of metrics) {
      expect(m.step).toEqual(expect.any(Number));
      expect(Number.isFinite(m.loss)).toBe(true);
    }
    expect(metrics.map((m) => m.step)).toEqual([...metrics.map((m) => m.step as number)].sort((a, b) => a - b));
    expect(metrics.at(-1)!.step).toBe(300);
    expect(metrics.at(-1)!.loss as number).toBeLessThan(metrics[0].loss as number);
    const afterMetrics = events.slice(events.indexOf(metrics.at(-1)!) + 1).filter((e) => e.event !== "end");
    expect(afterMetrics).toHaveLength(1);
    expect(afterMetrics[0]).toMatchObject({ event: "evaluation", valLoss: expect.any(Number), valAccuracy: expect.any(Number) });
    expect(events.at(-1)).toEqual({ event: "end", numTensors: 0 });
  });

  test("a one-layer GPT trained for 20 steps prints a sample at the end", () => {
    const r = runCli(["train", "preset:gpt", "--set", "nLayer=1", "--set", "nEmbd=32", "--set", "blockSize=16", "--steps", "20"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^training GPT on (wasm|cpu): [\d,]+ parameters, 20 steps$/m);
    expect(r.stdout).toMatch(/^step 20 {2}loss \d+\.\d{4} {2}val \d+\.\d{4}/m);
    const sample = r.stdout.split("\nsample:\n")[1];
    expect(sample).toBeDefined();
    expect(sample.trim().length).toBeGreaterThan(50);
  });
});
