/** `summary`: shapes, parameters and FLOPs from analysis alone, as a table or as JSON. */
import { afterAll, describe, expect, test } from "vitest";
import { runCli, runCliMeasuringMemory, tempDir } from "./run-cli";

const gpt2Small = ["--set", "vocabSize=50257", "--set", "blockSize=1024", "--set", "nLayer=12", "--set", "nHead=12", "--set", "nEmbd=768"];

describe("summary", () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  test("preset:gpt prints a table with shapes on every node and the 809,856 total", () => {
    const r = runCli(["summary", "preset:gpt"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("809,856");
    expect(r.stdout).toMatch(/^wte\s+Embedding 65×128\s+B×T×128\s+8,320\b/m);
    expect(r.stdout).toMatch(/^lm_head\s.*\bB×T×65\b/m);
    expect(r.stdout).toMatch(/^parameters: 809,856 \(793,344 without embeddings\)$/m);
    expect(r.stdout).toMatch(/^forward FLOPs: .* per token \(T = 64\)$/m);
  });

  test("GPT-2 small as --json: 124,439,808 parameters, the documented keys, and no weights allocated", () => {
    const r = runCliMeasuringMemory(["summary", "preset:gpt", ...gpt2Small, "--json"], tmp.dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(["diagnostics", "flopsPerToken", "name", "nodes", "params", "paramsNonEmbedding"]);
    expect(out.params).toBe(124_439_808);
    expect(out.paramsNonEmbedding).toBe(85_056_000);
    expect(out.flopsPerToken).toBeGreaterThan(2 * 85_056_000);
    expect(out.diagnostics).toEqual([]);
    for (const node of out.nodes) expect(Object.keys(node).sort()).toEqual(["id", "outputShape", "params", "type"]);
    const byId = Object.fromEntries(out.nodes.map((n: { id: string }) => [n.id, n]));
    expect(byId.wte).toEqual({ id: "wte", type: "Embedding", outputShape: "B×T×768", params: 50_257 * 768 });
    expect(byId.lm_head.outputShape).toBe("B×T×50257");
    // 124M float32 weights alone would be ~500 MB; the command itself peaks near 100 MB.
    expect(r.peakRssBytes).toBeGreaterThan(0);
    expect(r.peakRssBytes).toBeLessThan(300 * 1024 * 1024);
  });

  test("heads that do not divide the width: the diagnostic names the fix and the exit is 1", () => {
    const r = runCli(["summary", "preset:gpt", "--set", "nHead=6", "--json"]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics).toContainEqual(
      expect.objectContaining({ severity: "error", message: expect.stringContaining("heads (6) must divide model width (128)") }),
    );
  });
});
