/** Reading L, h, a, s, V and Ψ from a graph as drawn. */
import { describe, expect, test } from "vitest";
import { analyse, scaleDecoder, transformerDims } from "@/graph";
import { buildPreset } from "@/presets";

const build = (id: string, p: Record<string, unknown> = {}) => {
  const r = buildPreset(id, p);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
};

describe("transformerDims", () => {
  test("the GPT preset at GPT-2-small size reads as 12 layers × 768 wide, 12 heads, 1024 context, 50257 tokens, 124.4M parameters", () => {
    const g = build("gpt", { nLayer: 12, nEmbd: 768, nHead: 12, blockSize: 1024, vocabSize: 50257 });
    const d = transformerDims(g, analyse(g));
    expect(d).toMatchObject({ layers: 12, width: 768, heads: 12, seqLen: 1024, vocab: 50257, decoderOnly: true, unknown: [] });
    // GPT-2 small with a tied head: 124,439,808 (nanoGPT's count, embeddings included).
    expect(d.params).toBe(124_439_808);
  });

  test("layers follow the block's repeat count, not the number of nodes drawn", () => {
    const g = build("gpt", { nLayer: 3 });
    const d = transformerDims(g, analyse(g));
    expect(d.layers).toBe(3);
    expect(d.width).toBe(128);
    expect(d.heads).toBe(4);
  });

  test("an MLP is not a Transformer: layers, width, heads, context and vocabulary are named unknown, with why", () => {
    const g = build("mlp");
    const d = transformerDims(g, analyse(g));
    expect(d.decoderOnly).toBe(false);
    expect(d.params).toBeGreaterThan(0);
    expect(d.unknown.map((u) => u.name).sort()).toEqual(["heads", "layers", "seqLen", "vocab", "width"]);
    expect(d.unknown.find((u) => u.name === "layers")!.why).toMatch(/no attention block/);
  });

  test("the encoder–decoder Transformer is not decoder-only (it has cross-attention)", () => {
    const g = build("transformer");
    expect(transformerDims(g, analyse(g)).decoderOnly).toBe(false);
  });

  test("Ψ of GPT configurations matches Narayanan et al. 2021, Table 1 (V = 51,200, s = 2048) to 4 significant digits", () => {
    const base = build("gpt", { vocabSize: 51_200, blockSize: 2048 });
    const billions = (width: number, depth: number) => {
      const r = scaleDecoder(base, { width, depth });
      if (!r.ok) throw new Error(r.message);
      const d = transformerDims(r.member.doc, analyse(r.member.doc));
      expect(d).toMatchObject({ layers: depth, width });
      return Number((d.params / 1e9).toPrecision(4));
    };
    expect(billions(12288, 80)).toBe(145.6);
    expect(billions(20480, 105)).toBe(529.6);
    expect(billions(25600, 128)).toBe(1008);
  });
});
