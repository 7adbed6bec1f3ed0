/** Where data enters the network and where the loss is taken. */
import { z } from "zod";
import { formatShape } from "../shapes";
import { defineBlock } from "./block";
import { fail, float, ok, one, product } from "./rules";

export const Input = defineBlock({
  type: "Input",
  category: "io",
  label: "Input",
  description: "Where a batch enters: feature vectors, token ids or sequences.",
  explanation:
    "The entry point of the network. `features` gives a vector per example (B×F), `tokens` gives integer ids per position (B×T) for embeddings, and `sequence` gives a vector per position (B×T×F). B is the batch and T the sequence length; they stay symbols on every wire.",
  formula: String.raw`x \in \mathbb{R}^{B \times F} \;\text{or}\; x \in \{0..V-1\}^{B \times T}`,
  params: z.object({
    kind: z.enum(["features", "tokens", "sequence"]).default("features").describe("What one example is"),
    features: z.number().int().min(1).max(1_000_000).default(2).describe("Feature size F (features and sequence)"),
    seqLen: z.number().int().min(1).max(65_536).default(64).describe("Sequence length T (tokens and sequence)"),
    vocabSize: z.number().int().min(2).max(1_000_000).default(65).describe("Number of distinct token ids V (tokens)"),
    lengthName: z.enum(["T", "S"]).default("T").describe("Symbol for this input's length (S for a second sequence)"),
  }),
  inputs: () => [],
  outputs: () => [{ name: "out", dtype: "any" }],
  inferShape: ({ params }) => {
    const T = params.lengthName;
    if (params.kind === "features") return ok({ out: float(["B", params.features]) });
    const bindings = { [T]: params.seqLen };
    if (params.kind === "tokens") {
      return { ok: true, outputs: { out: { shape: ["B", T], dtype: "int32", vocab: params.vocabSize } }, bindings };
    }
    return { ok: true, outputs: { out: float(["B", T, params.features]) }, bindings };
  },
  paramCount: () => 0,
  flops: () => 0,
  summary: (p) =>
    p.kind === "features"
      ? `Input ${p.features} features`
      : p.kind === "tokens"
        ? `Input tokens ×${p.seqLen} (V=${p.vocabSize})`
        : `Input sequence ${p.seqLen}×${p.features}`,
  lower: (p) => ({
    kind: "input",
    shape: p.kind === "features" ? [p.features] : p.kind === "tokens" ? [p.seqLen] : [p.seqLen, p.features],
    dtype: p.kind === "tokens" ? "int32" : "float32",
  }),
});

export const Output = defineBlock({
  type: "Output",
  category: "io",
  label: "Output / loss",
  description: "The head and its loss: classification, language modelling or regression.",
  explanation:
    "Marks what the network predicts and how it is scored. Classification and language modelling apply a softmax over the last axis and take the cross-entropy with integer labels; language modelling scores every position against the next token. Regression takes the mean squared error.",
  formula: String.raw`\mathcal{L}_{CE} = -\frac{1}{N}\sum_i \log \frac{e^{z_{i,y_i}}}{\sum_j e^{z_{i,j}}} \qquad \mathcal{L}_{MSE} = \frac{1}{N}\sum_i (\hat y_i - y_i)^2`,
  params: z.object({
    kind: z.enum(["classification", "language_model", "regression"]).default("classification").describe("The loss to train with"),
  }),
  inputs: (p) => [
    {
      name: "x",
      dtype: "float32",
      rank: p.kind === "language_model" ? [3] : p.kind === "classification" ? [2, 3] : undefined,
      doc: p.kind === "regression" ? "predictions" : "logits (unnormalised scores)",
    },
  ],
  outputs: () => [],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    if (ctx.params.kind !== "regression" && x.shape[x.shape.length - 1] === 1) {
      return fail(`cross-entropy needs at least 2 classes on the last axis, got ${formatShape(x.shape)}`, "shape-mismatch", "x");
    }
    return ok({});
  },
  paramCount: () => 0,
  flops: ({ inputs }) => 3 * product(inputs.x[0]),
  summary: (p) =>
    p.kind === "classification" ? "Softmax cross-entropy" : p.kind === "language_model" ? "Next-token cross-entropy" : "Mean squared error",
  lower: () => ({ kind: "output" }),
});

/** This family's blocks, in palette order. */
export const IO_BLOCKS = [Input, Output] as const;
