/** A model family keeps the graph's structure: the block repeats, the MLP stays 4× wide, heads keep their size. */
import { describe, expect, test } from "vitest";
import { analyse, scaleDecoder, transformerDims } from "@/graph";
import { buildPreset } from "@/presets";

const build = (id: string, p: Record<string, unknown> = {}) => {
  const r = buildPreset(id, p);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
};

describe("scaleDecoder", () => {
  test("GPT 128 wide × 4 deep (32-wide heads) scaled to 64 × 2 equals the preset built at that size, parameter for parameter", () => {
    const r = scaleDecoder(build("gpt"), { width: 64, depth: 2 });
    if (!r.ok) throw new Error(r.message);
    expect(r.member.heads).toBe(2);
    const direct = build("gpt", { nEmbd: 64, nLayer: 2, nHead: 2 });
    expect(r.member.params).toBe(analyse(direct).totals.params);
    expect(r.member.paramsNonEmbedding).toBe(analyse(direct).totals.paramsNonEmbedding);
    expect(transformerDims(r.member.doc, analyse(r.member.doc))).toMatchObject({ layers: 2, width: 64, heads: 2, seqLen: 64, vocab: 65 });
  });

  test("non-embedding parameters grow like 12·L·h² (Kaplan et al. 2020, eq. 2.1) up to biases and norms", () => {
    const r = scaleDecoder(build("gpt", { bias: false }), { width: 256, depth: 6 });
    if (!r.ok) throw new Error(r.message);
    const kaplan = 12 * 6 * 256 ** 2;
    // What is left: two LayerNorms per block and the final one, 2h each.
    expect(r.member.paramsNonEmbedding - kaplan).toBe((2 * 6 + 1) * 2 * 256);
  });

  test("a width that breaks the head size, and a graph that is not decoder-only, are refused with the fix", () => {
    const bad = scaleDecoder(build("gpt"), { width: 48, depth: 2 });
    expect(bad).toEqual({
      ok: false,
      message: expect.stringMatching(/width 48 is not a multiple of the head size 32 .*pick a multiple of 32/),
    });
    const mlp = scaleDecoder(build("mlp"), { width: 64, depth: 2 });
    expect(mlp.ok).toBe(false);
    if (!mlp.ok) expect(mlp.message).toMatch(/not a decoder-only Transformer/);
  });
});
