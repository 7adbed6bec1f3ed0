/**
 * A GPT-2-style graph for cost and diagnostics tests: token + learned position embeddings,
 * one pre-LN Transformer block repeated ×layers, a final LayerNorm and a language-model head.
 * Fixed ids: `ids` (Input), `wte` (token Embedding), `wpe`, `blocks` (the Group node, body
 * `block`), `ln_f`, `lm_head`, `loss`; inside the body `ln1`, `attn`, `res1`, `ln2`, `fc`,
 * `gelu`, `proj`, `res2`.
 */
import { createBuilder } from "@/graph";
import type { GraphDocument } from "@/graph";

export interface GptSize {
  layers: number;
  heads: number;
  /** Model width C. */
  width: number;
  vocab: number;
  /** Context length T (and the position table's size). */
  context: number;
  /** Head reuses the token embedding matrix (GPT-2 does). */
  tied: boolean;
}

/** GPT-2 small (Radford et al. 2019): 124,439,808 parameters with the head tied. */
export const GPT2_SMALL: GptSize = { layers: 12, heads: 12, width: 768, vocab: 50257, context: 1024, tied: true };

export function buildGpt(size: GptSize): GraphDocument {
  const b = createBuilder("gpt");
  const ids = b.node("Input", { kind: "tokens", seqLen: size.context, vocabSize: size.vocab }, {}, { id: "ids" });
  const tok = b.node("Embedding", { vocabSize: size.vocab, dim: size.width }, { ids }, { id: "wte" });
  const pos = b.node("PositionEmbedding", { maxLen: size.context }, { x: tok }, { id: "wpe" });
  const block = b.group(
    "Transformer block",
    ["x"],
    (g, { x }) => {
      const ln1 = g.node("LayerNorm", {}, { x }, { id: "ln1" });
      const attn = g.node("MultiHeadAttention", { heads: size.heads, causal: true }, { x: ln1 }, { id: "attn" });
      const res1 = g.node("Add", {}, { x: [x, attn] }, { id: "res1" });
      const ln2 = g.node("LayerNorm", {}, { x: res1 }, { id: "ln2" });
      const fc = g.node("Linear", { units: 4 * size.width }, { x: ln2 }, { id: "fc" });
      const gelu = g.node("Activation", { fn: "gelu" }, { x: fc }, { id: "gelu" });
      const proj = g.node("Linear", { units: size.width, init: "residual" }, { x: gelu }, { id: "proj" });
      return { x: g.node("Add", {}, { x: [res1, proj] }, { id: "res2" }) };
    },
    { id: "block" },
  );
  const blocks = b.node("Group", { group: block, repeat: size.layers }, { x: pos }, { id: "blocks" });
  const lnF = b.node("LayerNorm", {}, { x: b.port(blocks, "x") }, { id: "ln_f" });
  const head = b.node("Linear", { units: size.vocab, bias: false, tieTo: size.tied ? "wte" : "" }, { x: lnF }, { id: "lm_head" });
  b.node("Output", { kind: "language_model" }, { x: head }, { id: "loss" });
  return b.build();
}
