/**
 * Decoder-only GPT: token + position embeddings, a pre-LN block repeated nLayer times
 * (causal attention and a GELU MLP, each with a residual), a final LayerNorm and a tied head.
 * Defaults are nanoGPT's CPU "baby GPT": 0.81M parameters.
 */
import { z } from "zod";
import { createBuilder, TRAIN_RECIPES } from "../graph";
import type { TrainingSpec } from "../graph";
import { definePreset } from "./preset";

const SUMMARY = "A small decoder-only Transformer that learns to write stories, character by character.";

export const gpt = definePreset({
  id: "gpt",
  title: "GPT",
  summary: SUMMARY,
  explanation:
    "Each position attends only to earlier ones (the causal mask), so the model learns to predict the next character from everything before it. One block — LayerNorm, attention, residual; LayerNorm, MLP, residual — is repeated nLayer times with its own weights. The output head reuses the token embedding (weight tying). After training, sample from it in the Generate panel.",
  params: z.object({
    vocabSize: z.number().int().min(2).max(100_000).default(65).describe("Token ids (65: enough for the built-in corpus)"),
    blockSize: z.number().int().min(2).max(4096).default(64).describe("Context length T"),
    nLayer: z.number().int().min(1).max(48).default(4).describe("Transformer blocks"),
    nHead: z.number().int().min(1).max(64).default(4).describe("Attention heads"),
    nEmbd: z.number().int().min(8).max(4096).default(128).describe("Model width C"),
    dropout: z.number().min(0).max(0.9).default(0).describe("Dropout after attention and MLP"),
    bias: z.boolean().default(true).describe("Biases in Linear layers"),
    tieWeights: z.boolean().default(true).describe("Output head reuses the token embedding"),
    rope: z.boolean().default(false).describe("Rotary positions instead of learned position embeddings"),
  }),
  build(p) {
    const b = createBuilder("GPT");
    const ids = b.node("Input", { kind: "tokens", seqLen: p.blockSize, vocabSize: p.vocabSize }, {}, { id: "tokens" });
    const tok = b.node("Embedding", { vocabSize: p.vocabSize, dim: p.nEmbd }, { ids }, { id: "wte" });
    let x = p.rope ? tok : b.node("PositionEmbedding", { maxLen: p.blockSize }, { x: tok }, { id: "wpe" });
    if (p.dropout > 0) x = b.node("Dropout", { rate: p.dropout }, { x }, { id: "drop" });
    // Ids as nanoGPT's model.py names its modules, so summary() and the export read like it.
    const block = b.group(
      "Transformer block",
      ["x"],
      (g, { x: input }) => {
        const ln1 = g.node("LayerNorm", {}, { x: input }, { id: "ln_1" });
        const attn = g.node(
          "MultiHeadAttention",
          { heads: p.nHead, causal: true, rope: p.rope, dropout: p.dropout, bias: p.bias, residualInit: true },
          { x: ln1 },
          { id: "attn" },
        );
        const r1 = g.node("Add", {}, { x: [input, attn] });
        const ln2 = g.node("LayerNorm", {}, { x: r1 }, { id: "ln_2" });
        const up = g.node("Linear", { units: 4 * p.nEmbd, bias: p.bias, init: "normal02" }, { x: ln2 }, { id: "mlp_c_fc" });
        const act = g.node("Activation", { fn: "gelu" }, { x: up }, { id: "mlp_gelu" });
        let down = g.node("Linear", { units: p.nEmbd, bias: p.bias, init: "residual" }, { x: act }, { id: "mlp_c_proj" });
        if (p.dropout > 0) down = g.node("Dropout", { rate: p.dropout }, { x: down }, { id: "mlp_dropout" });
        return { x: g.node("Add", {}, { x: [r1, down] }) };
      },
      { id: "block" },
    );
    const h = b.node("Group", { group: block, repeat: p.nLayer }, { x }, { id: "blocks" });
    const lnf = b.node("LayerNorm", {}, { x: b.port(h, "x") }, { id: "ln_f" });
    const head = b.node(
      "Linear",
      { units: p.vocabSize, bias: false, init: "normal02", tieTo: p.tieWeights ? tok.id : "" },
      { x: lnf },
      { id: "lm_head" },
    );
    b.node("Output", { kind: "language_model" }, { x: head }, { id: "loss" });
    const training: TrainingSpec = {
      dataset: { kind: "corpus", chars: 250_000 },
      config: { ...TRAIN_RECIPES.text },
    };
    return b.build({ preset: "gpt", description: SUMMARY, training });
  },
});
