/** `sweep` in Node: every run and the fit, written as CSV or JSON. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli, tempDir } from "./run-cli";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe("sweep", () => {
  test("a tiny sweep writes one CSV row per run, then the fit beside Chinchilla's", () => {
    const out = join(tmp.dir, "results.csv");
    const r = runCli([
      "sweep",
      "preset:gpt",
      "--set",
      "blockSize=16",
      "--widths",
      "32",
      "--depths",
      "1,2",
      "--tokens",
      "512,1024,2048",
      "--out",
      out,
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^run 6\/6: width 32 depth 2 /m);
    expect(r.stdout).toMatch(/^fit: L\(N, D\) = /m);
    const [runs, fit] = readFileSync(out, "utf8").trim().split("\n\n");
    const rows = runs.split("\n");
    expect(rows[0]).toBe("width,depth,heads,params,paramsNonEmbedding,tokens,steps,flops,loss,trainLoss,seconds");
    expect(rows).toHaveLength(7);
    expect(rows.slice(1).map((l) => l.split(",").slice(0, 2).join("×"))).toEqual(["32×1", "32×1", "32×1", "32×2", "32×2", "32×2"]);
    const fitRows = fit.split("\n");
    expect(fitRows[0]).toBe("source,E,A,B,alpha,beta,tokensPerParam");
    expect(fitRows[1]).toMatch(/^fit,[\d.e+-]+,/);
    expect(fitRows[2]).toMatch(/^chinchilla,1\.69,406\.4,410\.7,0\.34,0\.28,[\d.]+$/);
  });

  test("a graph that is not decoder-only, and no --out, are one-line errors", () => {
    const a = runCli(["sweep", "preset:mlp", "--out", join(tmp.dir, "x.json")]);
    expect(a.status).toBe(1);
    expect(a.stderr).toMatch(/^error: MLP on spirals is not a decoder-only Transformer/);
    const b = runCli(["sweep", "preset:gpt"]);
    expect(b.status).toBe(2);
    expect(b.stderr.trim()).toBe("error: sweep needs --out results.json or --out results.csv");
  });
});
