/**
 * Attention at two levels that agree: the fused MultiHeadAttention, and the primitives
 * SplitHeads → ScaledDotProductAttention → MergeHeads a learner can wire by hand.
 */
import { z } from "zod";
import { formatShape } from "../shapes";
import type { TensorType } from "../types";
import { INIT_STD, type PortSpec, defineBlock, layer, residualStd, seedValue } from "./block";
import { ROPE_BASE } from "./sequence";
import { fail, float, inFeatures, ok, one, requireFeature } from "./rules";

/**
 * The softmax weights [B, h, T, S] an attention block also returns: a real port, so analysis
 * types it (and counts its B·h·T·S activations once), the canvas shows it, and it can be wired.
 */
const ATTENTION_WEIGHTS: PortSpec = { name: "weights", dtype: "float32", doc: "attention weights B×h×T×S, a softmax over the S keys" };
const WEIGHTS = ATTENTION_WEIGHTS.name;

export const MultiHeadAttention = defineBlock({
  type: "MultiHeadAttention",
  category: "attention",
  label: "Multi-head attention",
  description: "Each position gathers information from others, in several heads.",
  explanation:
    "Projects the input to queries, keys and values, splits them into h heads, and lets every query position take a softmax-weighted average of the values, weighted by how well its query matches each key. A causal mask stops a position from seeing later ones (GPT). In cross-attention the queries come from one sequence and the keys and values from another (the encoder's output).",
  formula: String.raw`\mathrm{Attn}(Q,K,V) = \mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d}} + M\right) V,\quad d = C/h`,
  params: z.object({
    heads: z.number().int().min(1).max(1024).default(4).describe("Number of heads h; must divide the width"),
    causal: z.boolean().default(true).describe("Mask later positions (decoder / GPT)"),
    rope: z.boolean().default(false).describe("Rotate queries and keys by position (RoPE)"),
    dropout: z.number().min(0).max(0.95).default(0).describe("Dropout on the attention weights and the output"),
    bias: z.boolean().default(true).describe("Biases in the four projections"),
    cross: z.boolean().default(false).describe("Cross-attention: queries from `query`, keys and values from `context`"),
    residualInit: z.boolean().default(false).describe("Scale the output projection's init by 1/√(2·layers) (GPT-2)"),
  }),
  inputs: (p) =>
    p.cross
      ? [
          { name: "query", dtype: "float32", rank: [3], doc: "B×T×C sequence that asks" },
          { name: "context", dtype: "float32", rank: [3], doc: "B×S×C′ sequence that answers" },
        ]
      : [{ name: "x", dtype: "float32", rank: [3] }],
  outputs: () => [{ name: "out", dtype: "float32" }, ATTENTION_WEIGHTS],
  inferShape: (ctx) => {
    const q = one(ctx, ctx.params.cross ? "query" : "x");
    const C = requireFeature(q, "Attention", ctx.params.cross ? "query" : "x");
    if (typeof C !== "number") return C;
    if (C % ctx.params.heads !== 0) return fail(`heads (${ctx.params.heads}) must divide model width (${C})`, "invalid-param");
    if (ctx.params.rope && (C / ctx.params.heads) % 2 !== 0) {
      return fail(`RoPE needs an even head size; width ${C} / ${ctx.params.heads} heads = ${C / ctx.params.heads}`, "invalid-param");
    }
    if (ctx.params.cross) {
      const c = one(ctx, "context");
      const Cc = requireFeature(c, "Attention", "context");
      if (typeof Cc !== "number") return Cc;
      if (c.shape[0] !== q.shape[0])
        return fail(
          `query and context need the same batch: ${formatShape(q.shape)} vs ${formatShape(c.shape)}`,
          "shape-mismatch",
          "context",
        );
      if (ctx.params.causal && c.shape[1] !== q.shape[1]) {
        return fail(
          `a causal mask needs query and context of the same length: ${formatShape(q.shape)} vs ${formatShape(c.shape)}; turn causal off for cross-attention`,
          "shape-mismatch",
          "context",
        );
      }
    }
    const S = ctx.params.cross ? one(ctx, "context").shape[1] : q.shape[1];
    return ok({ out: float(q.shape), weights: float([q.shape[0], ctx.params.heads, q.shape[1], S]) });
  },
  paramCount: (ctx) => {
    const C = inFeatures(ctx, ctx.params.cross ? "query" : "x");
    const Cc = ctx.params.cross ? inFeatures(ctx, "context") : C;
    const bias = ctx.params.bias ? 4 * C : 0;
    return 2 * C * C + 2 * Cc * C + bias;
  },
  flops: ({ inputs, params }) => {
    const [B, T, C] = params.cross ? inputs.query[0] : inputs.x[0];
    const [, S, Cc] = params.cross ? inputs.context[0] : inputs.x[0];
    const projections = 2 * B * (2 * T * C * C + 2 * S * Cc * C);
    const attention = 2 * 2 * B * T * S * C;
    return projections + attention + 5 * B * params.heads * T * S;
  },
  summary: (p) =>
    `${p.cross ? "Cross-attention" : "Attention"} ${p.heads} head${p.heads === 1 ? "" : "s"}${p.causal ? " causal" : ""}${p.rope ? " RoPE" : ""}`,
  lower: (p) => ({
    ...layer(
      "TLMultiHeadAttention",
      {
        heads: p.heads,
        causal: p.causal,
        rope: p.rope,
        ropeBase: ROPE_BASE,
        dropout: p.dropout,
        useBias: p.bias,
        cross: p.cross,
        stddev: INIT_STD,
        outStddev: p.residualInit ? residualStd() : INIT_STD,
        seed: seedValue(),
      },
      p.cross ? ["query", "context"] : ["x"],
      ["out", WEIGHTS],
    ),
    attention: { port: WEIGHTS, heads: p.heads, causal: p.causal },
  }),
});

export const SplitHeads = defineBlock({
  type: "SplitHeads",
  category: "attention",
  label: "Split heads",
  description: "B×T×C → B×h×T×(C/h): one slice of features per head.",
  explanation:
    "Cuts the feature axis into h equal slices and moves the head axis forward, so each head attends independently over its own C/h features.",
  formula: String.raw`\mathbb{R}^{B\times T\times C} \to \mathbb{R}^{B\times h\times T\times C/h}`,
  params: z.object({
    heads: z.number().int().min(1).max(1024).default(4).describe("Number of heads h; must divide C"),
  }),
  inputs: () => [{ name: "x", dtype: "float32", rank: [3] }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const C = requireFeature(x, "Split heads");
    if (typeof C !== "number") return C;
    if (C % ctx.params.heads !== 0) return fail(`heads (${ctx.params.heads}) must divide model width (${C})`, "invalid-param");
    const [B, T] = x.shape;
    return ok({ out: float([B, ctx.params.heads, T, C / ctx.params.heads]) });
  },
  paramCount: () => 0,
  flops: () => 0,
  summary: (p) => `Split ${p.heads} heads`,
  lower: (p) => layer("TLSplitHeads", { heads: p.heads }),
});

function sameAt(a: TensorType, b: TensorType, axes: number[]): boolean {
  return axes.every((i) => a.shape[i] === b.shape[i]);
}

export const ScaledDotProductAttention = defineBlock({
  type: "ScaledDotProductAttention",
  category: "attention",
  label: "Scaled dot-product attention",
  description: "softmax(QKᵀ/√d)·V for each head; optionally causal.",
  explanation:
    "The heart of attention. Scores every query against every key with a dot product scaled by 1/√d (so the softmax does not saturate as d grows), masks later positions when causal, turns the scores into weights with a softmax, and averages the values with them.",
  formula: String.raw`\mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d}} + M\right)V,\quad M_{ij} = -\infty \text{ if } j > i`,
  params: z.object({
    causal: z.boolean().default(true).describe("Mask positions after the query (no peeking ahead)"),
  }),
  inputs: () => [
    { name: "q", dtype: "float32", rank: [4], doc: "queries B×h×T×d" },
    { name: "k", dtype: "float32", rank: [4], doc: "keys B×h×S×d" },
    { name: "v", dtype: "float32", rank: [4], doc: "values B×h×S×d" },
  ],
  outputs: () => [{ name: "out", dtype: "float32" }, ATTENTION_WEIGHTS],
  inferShape: (ctx) => {
    const [q, k, v] = [one(ctx, "q"), one(ctx, "k"), one(ctx, "v")];
    if (!sameAt(q, k, [0, 1, 3]))
      return fail(
        `q and k need the same batch, heads and head size: ${formatShape(q.shape)} vs ${formatShape(k.shape)}`,
        "shape-mismatch",
        "k",
      );
    if (!sameAt(k, v, [0, 1, 2]))
      return fail(
        `k and v need the same batch, heads and length: ${formatShape(k.shape)} vs ${formatShape(v.shape)}`,
        "shape-mismatch",
        "v",
      );
    if (ctx.params.causal && q.shape[2] !== k.shape[2]) {
      return fail(
        `a causal mask needs q and k of the same length: ${formatShape(q.shape)} vs ${formatShape(k.shape)}`,
        "shape-mismatch",
        "k",
      );
    }
    const [B, h, T] = q.shape;
    return ok({ out: float([B, h, T, v.shape[3]]), weights: float([B, h, T, k.shape[2]]) });
  },
  paramCount: () => 0,
  flops: ({ inputs }) => {
    const [B, h, T, d] = inputs.q[0];
    const S = inputs.k[0][2];
    const dv = inputs.v[0][3];
    return 2 * B * h * T * S * (d + dv) + 5 * B * h * T * S;
  },
  summary: (p) => `SDPA${p.causal ? " causal" : ""}`,
  lower: (p, ctx) => ({
    ...layer("TLScaledDotProductAttention", { causal: p.causal }, ["q", "k", "v"], ["out", WEIGHTS]),
    attention: { port: WEIGHTS, heads: Number(ctx.inputs.q?.[0]?.shape[1] ?? 1), causal: p.causal },
  }),
});

export const MergeHeads = defineBlock({
  type: "MergeHeads",
  category: "attention",
  label: "Merge heads",
  description: "B×h×T×d → B×T×(h·d): heads side by side again.",
  explanation:
    "Undoes Split heads: moves the head axis back and concatenates the heads' outputs along the features, ready for the output projection.",
  formula: String.raw`\mathbb{R}^{B\times h\times T\times d} \to \mathbb{R}^{B\times T\times hd}`,
  params: z.object({}),
  inputs: () => [{ name: "x", dtype: "float32", rank: [4] }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const [B, h, T, d] = x.shape;
    if (typeof h !== "number" || typeof d !== "number")
      return fail(`Merge heads needs fixed heads and head size, got ${formatShape(x.shape)}`, "shape-mismatch", "x");
    return ok({ out: float([B, T, h * d]) });
  },
  paramCount: () => 0,
  flops: () => 0,
  summary: () => "Merge heads",
  lower: () => layer("TLMergeHeads", {}),
});

/** This family's blocks, in palette order. */
export const ATTENTION_BLOCKS = [MultiHeadAttention, SplitHeads, ScaledDotProductAttention, MergeHeads] as const;
