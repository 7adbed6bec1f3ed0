/** `quantize` in Node: trained weights in, the quantized file and the comparison out. */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readQuantized } from "../../train/quantize";
import { runCli, tempDir } from "./run-cli";

const GRAPH = ["preset:gpt", "--set", "nLayer=1", "--set", "nEmbd=32", "--set", "blockSize=16"];
const tmp = tempDir();
let trainSample = "";

interface Report {
  params: number;
  comparison: { weights: string; bytes: number; ratio: number; loss: number; perplexity: number }[];
  layers: { name: string; shape: number[]; storage: string; bytes: number; maxAbs: number; lossAlone?: number }[];
  costliest: { name: string; lossAlone: number };
  files: { manifest: string; payload: string; payloadBytes: number };
  samples: { weights: string; text: string }[];
}

function quantize(bits: string, extra: string[] = []): Report {
  const r = runCli([
    "quantize",
    ...GRAPH,
    "--weights",
    join(tmp.dir, "w", "model.json"),
    "--bits",
    bits,
    "--out",
    join(tmp.dir, `q${bits}`),
    "--batches",
    "4",
    "--json",
    ...extra,
  ]);
  expect(r.stderr.replace(/.*tfjs.*\n?/gi, "")).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

beforeAll(() => {
  const r = runCli(["train", ...GRAPH, "--steps", "40", "--save", join(tmp.dir, "w")]);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/saved the weights to .*model\.json and model\.weights\.bin \(61,440 bytes\)/);
  trainSample = r.stdout.split("\nsample:\n")[1];
}, 120_000);
afterAll(() => tmp.cleanup());

describe("quantize", () => {
  test("int8: bytes counted from the shapes, loss within 1% of fp32, the file reads back to the evaluated weights", () => {
    const rep = quantize("8");
    // 15,360 parameters; quantized: wte 65×32 and wpe 16×32 by row, qkv 32×96, proj 32×32, up 32×128, down 128×32 by column.
    const floats = 32 * 2 * 3 + 96 + 32 + 128 + 32; // the norms' gains and shifts, then the biases
    const int8 = 65 * 32 + 65 * 4 + 16 * 32 + 16 * 4 + 32 * 96 + 96 * 4 + 32 * 32 + 32 * 4 + 32 * 128 + 128 * 4 + 128 * 32 + 32 * 4;
    expect(rep.params).toBe(15_360);
    expect(rep.comparison.map((c) => [c.weights, c.bytes])).toEqual([
      ["fp32", 61_440],
      ["int8", int8 + floats * 4],
      [
        "int4-g32",
        65 * 16 + 65 * 4 + 16 * 16 + 16 * 4 + 32 * 48 + 96 * 4 + 32 * 16 + 32 * 4 + 32 * 64 + 128 * 4 + 128 * 16 + 32 * 4 * 4 + floats * 4,
      ],
    ]);
    expect(statSync(rep.files.payload).size).toBe(rep.comparison[1].bytes);
    const [fp32, q8] = rep.comparison;
    expect(Math.abs(q8.perplexity / fp32.perplexity - 1)).toBeLessThan(0.01);
    expect(rep.layers.filter((l) => l.storage.startsWith("float32")).map((l) => l.lossAlone)).toEqual(new Array(10).fill(undefined));
    expect(rep.layers.map((l) => l.name)).toContain(rep.costliest.name);
    // The loader gives every weight within half a step of fp32: check against the float weights in model.json.
    const weights = readQuantized(readFileSync(rep.files.manifest, "utf8"), readFileSync(rep.files.payload));
    const mj = JSON.parse(readFileSync(join(tmp.dir, "w", "model.json"), "utf8")) as {
      weightsManifest: { weights: { name: string; shape: number[] }[] }[];
    };
    const raw = new Float32Array(readFileSync(join(tmp.dir, "w", "model.weights.bin")).buffer.slice(0));
    let at = 0;
    for (const spec of mj.weightsManifest[0].weights) {
      const n = spec.shape.reduce((a, b) => a * b, 1);
      const w = raw.subarray(at, at + n);
      at += n;
      const got = weights.get(spec.name)!.values;
      const max = w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      for (let i = 0; i < n; i++) expect(Math.abs(got[i] - w[i])).toBeLessThanOrEqual(spec.shape.length === 1 ? 0 : max / 127 / 2 + 1e-7);
    }
  }, 120_000);

  test("int4 g32: smaller again and counted exactly; the samples start from the trained weights", () => {
    const rep = quantize("4", ["--group", "32"]);
    const [fp32, q8, q4] = rep.comparison;
    expect(q4.bytes).toBeLessThan(q8.bytes);
    expect(fp32.ratio).toBe(1);
    expect(q4.ratio).toBeCloseTo(61_440 / q4.bytes, 6);
    expect(statSync(rep.files.payload).size).toBe(q4.bytes);
    expect(rep.layers.find((l) => l.name === "blocks_0_attn/qkv_kernel")!.storage).toBe("int4 g32");
    // The fp32 sample with seed 0 is the one `train` printed after training: the weights loaded are the trained ones.
    expect(rep.samples.map((s) => s.weights)).toEqual(["fp32", "int4-g32"]);
    expect(trainSample.startsWith(rep.samples[0].text)).toBe(true);
  }, 120_000);

  test("the text report names the costliest layer and the files", () => {
    const r = runCli([
      "quantize",
      ...GRAPH,
      "--weights",
      join(tmp.dir, "w", "model.json"),
      "--bits",
      "8",
      "--out",
      join(tmp.dir, "t"),
      "--batches",
      "2",
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^fp32 +61,440 +1\.00× +\d\.\d{4} +\d+\.\d{3} +—$/m);
    expect(r.stdout).toMatch(/^int8 +\d[\d,]* +3\.\d\d× /m);
    expect(r.stdout).toMatch(/^costliest layer: \S+ \(Δ loss [+-]\d/m);
    expect(r.stdout).toMatch(/model\.int8\.json and .*model\.int8\.bin \([\d,]+ bytes\); read back: identical/);
  }, 120_000);

  test("mistakes are one line naming the fix", () => {
    const bits = runCli(["quantize", ...GRAPH, "--weights", "x.json", "--bits", "3", "--out", tmp.dir]);
    expect([bits.status, bits.stderr.trim()]).toEqual([2, 'error: --bits must be 8 or 4, got "3"']);
    const none = runCli(["quantize", ...GRAPH, "--bits", "8", "--out", tmp.dir]);
    expect(none.stderr).toMatch(/needs --weights model\.json/);
    const other = runCli([
      "quantize",
      "preset:gpt",
      "--set",
      "nLayer=1",
      "--set",
      "nEmbd=64",
      "--set",
      "blockSize=16",
      "--weights",
      join(tmp.dir, "w", "model.json"),
      "--bits",
      "8",
      "--out",
      tmp.dir,
    ]);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/do not fit this graph: wte\/embeddings is \[65, 64\] in the graph but \[65, 32\] in/);
  }, 120_000);
});
