/**
 * Encoder–decoder Transformer (Vaswani et al.) on sequence reversal: sinusoidal positions,
 * pre-LN residual blocks, self-attention in the encoder, causal self-attention plus
 * cross-attention in the decoder.
 */
import { z } from "zod";
import { createBuilder, TRAIN_RECIPES } from "../graph";
import type { Builder, Ref, TrainingSpec } from "../graph";
import { definePreset } from "./preset";

/** Pre-LN residual: x + f(LN(x)). */
function residual(g: Builder, x: Ref, f: (h: Ref) => Ref): Ref {
  return g.node("Add", {}, { x: [x, f(g.node("LayerNorm", {}, { x }))] });
}

function feedForward(g: Builder, h: Ref, width: number): Ref {
  const up = g.node("Linear", { units: 4 * width }, { x: h });
  return g.node("Linear", { units: width }, { x: g.node("Activation", { fn: "relu" }, { x: up }) });
}

const SUMMARY = "An encoder–decoder Transformer learns to reverse a sequence.";

export const transformer = definePreset({
  id: "transformer",
  title: "Transformer",
  summary: SUMMARY,
  explanation:
    "The encoder reads the whole source at once with self-attention; the decoder writes the answer one token at a time, attending causally to what it wrote and, through cross-attention, to the encoder's output. Reversal is hard for a recurrent model — the first output depends on the last input — but one attention step can look straight at it. Open an attention map after training: the cross-attention forms an anti-diagonal.",
  params: z.object({
    task: z.enum(["reverse", "copy", "sort"]).default("reverse").describe("Sequence task"),
    length: z.number().int().min(2).max(32).default(8).describe("Sequence length"),
    nLayer: z.number().int().min(1).max(12).default(2).describe("Encoder and decoder blocks"),
    nHead: z.number().int().min(1).max(16).default(4).describe("Attention heads"),
    dModel: z.number().int().min(8).max(1024).default(64).describe("Model width"),
  }),
  build(p) {
    const b = createBuilder(`Transformer on ${p.task}`);
    const vocab = 13; // <pad>, <bos>, separator and ten digits
    const src = b.node("Input", { kind: "tokens", seqLen: p.length, vocabSize: vocab, lengthName: "S" }, {}, { id: "source" });
    const tgt = b.node("Input", { kind: "tokens", seqLen: p.length, vocabSize: vocab, lengthName: "T" }, {}, { id: "target" });
    const embed = (ids: Ref, id: string) =>
      b.node("SinusoidalPositionalEncoding", {}, { x: b.node("Embedding", { vocabSize: vocab, dim: p.dModel }, { ids }, { id }) });

    const encoderBlock = b.group(
      "Encoder block",
      ["x"],
      (g, { x }) => {
        const a = residual(g, x, (h) => g.node("MultiHeadAttention", { heads: p.nHead, causal: false }, { x: h }));
        return { x: residual(g, a, (h) => feedForward(g, h, p.dModel)) };
      },
      { id: "encoderBlock" },
    );
    const decoderBlock = b.group(
      "Decoder block",
      ["x", "context"],
      (g, { x, context }) => {
        const a = residual(g, x, (h) => g.node("MultiHeadAttention", { heads: p.nHead, causal: true }, { x: h }));
        const c = residual(g, a, (h) =>
          g.node("MultiHeadAttention", { heads: p.nHead, causal: false, cross: true }, { query: h, context }),
        );
        return { x: residual(g, c, (h) => feedForward(g, h, p.dModel)) };
      },
      { id: "decoderBlock" },
    );
    const enc = b.node("Group", { group: encoderBlock, repeat: p.nLayer }, { x: embed(src, "srcEmbed") }, { id: "encoder" });
    const memory = b.node("LayerNorm", {}, { x: b.port(enc, "x") }, { id: "encoderNorm" });
    const dec = b.node(
      "Group",
      { group: decoderBlock, repeat: p.nLayer },
      { x: embed(tgt, "tgtEmbed"), context: memory },
      { id: "decoder" },
    );
    const logits = b.node(
      "Linear",
      { units: vocab },
      { x: b.node("LayerNorm", {}, { x: b.port(dec, "x") }, { id: "decoderNorm" }) },
      { id: "head" },
    );
    b.node("Output", { kind: "classification" }, { x: logits }, { id: "loss" });
    const training: TrainingSpec = {
      dataset: { kind: "sequence", task: p.task, length: p.length, samples: 20_000, format: "seq2seq" },
      config: { ...TRAIN_RECIPES.sequence },
    };
    return b.build({ preset: "transformer", description: SUMMARY, training });
  },
});
