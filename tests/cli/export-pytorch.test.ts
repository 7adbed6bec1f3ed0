/**
 * `cli export --target pytorch --out dir/` writes the PyTorch project; its model builds in real
 * PyTorch with the preset's parameter count and INPUTS, and a bad target is refused.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requireTorch } from "../compiler/pytorch/torch";
import { runCli, tempDir } from "./run-cli";

const { dir, cleanup } = tempDir();
afterAll(() => cleanup());

describe("cli export --target pytorch", () => {
  it("writes model.py, convert.py, requirements.txt and README.md that build the model in PyTorch", () => {
    requireTorch();
    const out = join(dir, "gpt");
    const r = runCli(["export", "preset:gpt", "--set", "nLayer=2", "--target", "pytorch", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`to ${out}`);
    for (const f of ["model.py", "convert.py", "requirements.txt", "README.md"]) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, "requirements.txt"), "utf8")).toMatch(/^torch/);
    const py = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        "import json, model; m = model.Model(); print(json.dumps([sum(p.numel() for p in m.parameters()), model.INPUTS, model.OUTPUT]))",
      ],
      { cwd: out, encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1" } },
    );
    expect(py.stderr).toBe("");
    const [params, inputs, output] = JSON.parse(py.stdout) as [number, unknown, unknown];
    const summary = runCli(["summary", "preset:gpt", "--set", "nLayer=2", "--json"]);
    expect(params).toBe((JSON.parse(summary.stdout) as { params: number }).params);
    expect(inputs).toEqual([{ name: "tokens", kind: "tokens", shape: [64] }]);
    expect(output).toEqual({ name: "loss", kind: "lm" });
  });

  it("refuses an unknown target", () => {
    const r = runCli(["export", "preset:mlp", "--target", "jax", "--out", join(dir, "x")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown --target "jax"; use typescript or pytorch');
  });
});
