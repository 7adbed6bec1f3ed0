/** `plan`: the strategies for a graph on a cluster, as a table or JSON. */
import { describe, expect, test } from "vitest";
import { runCli } from "./run-cli";

const GPT2 = [
  "preset:gpt",
  "--set",
  "nLayer=12",
  "--set",
  "nEmbd=768",
  "--set",
  "nHead=12",
  "--set",
  "blockSize=1024",
  "--set",
  "vocabSize=50257",
];

describe("plan", () => {
  test("--json lists per strategy strategy, modelStateBytes, activationBytes, totalBytes, fits and commBytesPerStep", () => {
    const r = runCli(["plan", ...GPT2, "--gpus", "8", "--gpu-memory", "16", "--micro-batch", "16", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      dims: { layers: number };
      strategies: {
        strategy: string;
        fits: boolean;
        modelStateBytes: number;
        activationBytes: number;
        totalBytes: number;
        commBytesPerStep: number;
      }[];
    };
    expect(out.dims.layers).toBe(12);
    const byId = Object.fromEntries(out.strategies.map((s) => [s.strategy, s]));
    expect(byId.dp).toMatchObject({ fits: false, modelStateBytes: 16 * 124_439_808 });
    expect(byId["zero3-recompute"].fits).toBe(true);
    for (const s of out.strategies)
      for (const k of ["modelStateBytes", "activationBytes", "totalBytes", "commBytesPerStep"] as const)
        expect(Number.isFinite(s[k])).toBe(true);
  });

  test("fp32 doubles the weights and gradients: 16 bytes per parameter with Adam, as a table", () => {
    const r = runCli(["plan", ...GPT2, "--gpus", "8", "--gpu-memory", "80", "--precision", "fp32"]);
    expect(r.status).toBe(0);
    // 16 · 124,439,808 = 1.99 GB whether mixed (2+2+12) or fp32 (4+4+8).
    expect(r.stdout).toMatch(/^dp\s+yes\s+1\.99 GB/m);
    expect(r.stdout).toMatch(/torchrun --standalone --nproc_per_node=8 train\.py/);
  });

  test("missing --gpu-memory and a bad --precision are one-line errors with exit 2", () => {
    const a = runCli(["plan", "preset:gpt", "--gpus", "8"]);
    expect(a.status).toBe(2);
    expect(a.stderr.trim()).toBe("error: plan needs --gpu-memory GB (memory per GPU)");
    const b = runCli(["plan", "preset:gpt", "--gpus", "8", "--gpu-memory", "16", "--precision", "fp16"]);
    expect(b.status).toBe(2);
    expect(b.stderr.trim()).toBe('error: --precision must be fp32 or mixed, got "fp16"');
  });
});
