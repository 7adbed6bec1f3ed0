/** Normalisation layers: LayerNorm and RMSNorm over the feature axis. */
import { z } from "zod";
import { numel } from "../shapes";
import { defineBlock, layer } from "./block";
import { float, inFeatures, ok, one, requireFeature } from "./rules";

export const LayerNorm = defineBlock({
  type: "LayerNorm",
  category: "normalisation",
  label: "LayerNorm",
  description: "Normalises each vector to zero mean and unit variance, then scales.",
  explanation:
    "For every position, subtracts the mean of its features and divides by their standard deviation, then applies a learned scale γ and shift β. Keeping activations in a steady range is what lets deep residual stacks train; pre-LN Transformers put it before each sublayer.",
  formula: String.raw`y = \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta`,
  params: z.object({
    eps: z.number().min(1e-12).max(0.1).default(1e-5).describe("ε added to the variance"),
    affine: z.boolean().default(true).describe("Learn the scale γ and shift β"),
  }),
  inputs: () => [{ name: "x", dtype: "float32" }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const f = requireFeature(x, "LayerNorm");
    return typeof f === "number" ? ok({ out: float(x.shape) }) : f;
  },
  paramCount: (ctx) => (ctx.params.affine ? 2 * inFeatures(ctx) : 0),
  flops: ({ inputs }) => 8 * numel(inputs.x[0]),
  summary: () => "LayerNorm",
  lower: (p) => layer("TLLayerNorm", { eps: p.eps, affine: p.affine }),
});

export const RMSNorm = defineBlock({
  type: "RMSNorm",
  category: "normalisation",
  label: "RMSNorm",
  description: "Scales each vector by its root mean square (no centring).",
  explanation:
    "Divides each vector by the root mean square of its features and applies a learned gain. It skips LayerNorm's mean subtraction and bias, is cheaper, and works as well in practice (LLaMA, T5).",
  formula: String.raw`y = g \odot \frac{x}{\sqrt{\tfrac{1}{C}\sum_i x_i^2 + \epsilon}}`,
  params: z.object({
    eps: z.number().min(1e-12).max(0.1).default(1e-6).describe("ε added to the mean square"),
    affine: z.boolean().default(true).describe("Learn the gain g"),
  }),
  inputs: () => [{ name: "x", dtype: "float32" }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const f = requireFeature(x, "RMSNorm");
    return typeof f === "number" ? ok({ out: float(x.shape) }) : f;
  },
  paramCount: (ctx) => (ctx.params.affine ? inFeatures(ctx) : 0),
  flops: ({ inputs }) => 5 * numel(inputs.x[0]),
  summary: () => "RMSNorm",
  lower: (p) => layer("TLRMSNorm", { eps: p.eps, affine: p.affine }),
});

/** This family's blocks, in palette order. */
export const NORMALISATION_BLOCKS = [LayerNorm, RMSNorm] as const;
