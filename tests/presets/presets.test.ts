/** Presets build valid graphs with the parameter counts their configs imply. */
import { describe, expect, test } from "vitest";
import { analyse, formatShape, parseGraph, serializeGraph, TrainingSpecSchema } from "@/graph";
import { buildPreset, presets } from "@/presets";

function build(id: string, overrides: Record<string, unknown> = {}) {
  const r = buildPreset(id, overrides);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
}

describe("every preset", () => {
  test.each(presets.map((p) => p.id))("%s builds a valid graph that survives a save and load", (id) => {
    const g = build(id);
    const a = analyse(g);
    expect(a.diagnostics).toEqual([]);
    const back = parseGraph(serializeGraph(g));
    expect(back.ok && back.graph).toEqual(g);
    expect(TrainingSpecSchema.safeParse(g.meta.training).success).toBe(true);
  });
});

describe("parameter counts", () => {
  test("GPT default is nanoGPT's baby GPT: 809,856 parameters", () => {
    // tok 65·128 + pos 64·128 + 4 × (2 LN 512 + attn 4·128²+4·128 + mlp 128·512+512 + 512·128+128) + ln_f 256
    const a = analyse(build("gpt"));
    expect(a.totals.params).toBe(65 * 128 + 64 * 128 + 4 * (512 + 66_048 + 66_048 + 65_664) + 256);
    expect(a.totals.params).toBe(809_856);
    expect(formatShape(a.nodes.lm_head.outputs.out.shape)).toBe("B×T×65");
  });

  test("GPT with GPT-2 small's config has 124,439,808 parameters", () => {
    const a = analyse(build("gpt", { vocabSize: 50_257, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768 }));
    expect(a.totals.params).toBe(124_439_808);
  });

  test("untying the head adds V·C parameters; rope removes the position table", () => {
    const base = analyse(build("gpt")).totals.params;
    expect(analyse(build("gpt", { tieWeights: false })).totals.params).toBe(base + 65 * 128);
    expect(analyse(build("gpt", { rope: true })).totals.params).toBe(base - 64 * 128);
  });

  test("MLP: 2→32→32→32→2", () => {
    expect(analyse(build("mlp")).totals.params).toBe(2 * 32 + 32 + 2 * (32 * 32 + 32) + 32 * 2 + 2);
  });

  test("LSTM: embedding, 4·h·(x+h)+2·4·h (PyTorch's two biases), head", () => {
    const h = 192;
    const x = 64;
    expect(analyse(build("lstm")).totals.params).toBe(65 * x + 4 * h * (x + h) + 2 * 4 * h + h * 65 + 65);
  });

  test("TCN: embedding, 4 × (k·C·C + C) convolutions, head; a receptive field of 31 steps", () => {
    const [C, k] = [128, 3];
    const a = analyse(build("tcn"));
    expect(a.totals.params).toBe(65 * C + 4 * (k * C * C + C) + C * 65 + 65);
    expect(a.totals.params).toBe(213_825);
    expect(formatShape(a.nodes.head.outputs.out.shape)).toBe("B×T×65");
    expect(analyse(build("tcn", { blockSize: 16 })).diagnostics.map((d) => d.nodeId)).toEqual(["conv_3"]); // (3−1)·8+1 = 17 > 16
  });

  test("Transformer: encoder and decoder blocks, cross-attention", () => {
    const C = 64;
    const attn = 4 * C * C + 4 * C;
    const ffn = C * 4 * C + 4 * C + 4 * C * C + C;
    const ln = 2 * C;
    const enc = 2 * ln + attn + ffn;
    const dec = 3 * ln + 2 * attn + ffn;
    expect(analyse(build("transformer")).totals.params).toBe(2 * 13 * C + 2 * enc + 2 * dec + 2 * ln + C * 13 + 13);
  });
});

describe("buildPreset refuses bad overrides", () => {
  test("unknown preset", () =>
    expect(buildPreset("resnet")).toMatchObject({ ok: false, message: expect.stringContaining("unknown preset") }));
  test("unknown key", () =>
    expect(buildPreset("gpt", { layers: 2 })).toMatchObject({ ok: false, message: expect.stringContaining('no parameter "layers"') }));
  test("invalid value", () =>
    expect(buildPreset("gpt", { nLayer: 0 })).toMatchObject({ ok: false, message: expect.stringContaining("nLayer") }));
  test("heads that do not divide the width give a diagnostic, not a crash", () => {
    const a = analyse(build("gpt", { nHead: 6 }));
    expect(a.diagnostics.map((d) => d.message)).toContain("heads (6) must divide model width (128)");
  });
});
