/** The everyday layers: Linear, activations, dropout, reshaping and element-wise merges. */
import { z } from "zod";
import { dimProduct, evalDim, evalShape, formatShape, numel } from "../shapes";
import type { Dim } from "../types";
import { INIT_STD, defineBlock, layer, residualStd, seedValue } from "./block";
import { fail, float, inFeatures, ok, one, product, requireFeature, reshapeTarget, sameShapes } from "./rules";

export const Linear = defineBlock({
  type: "Linear",
  category: "core",
  label: "Linear",
  description: "A learned affine map of the last axis: y = xW + b.",
  explanation:
    "Multiplies the last axis by a learned weight matrix and adds a bias, for inputs of any rank (a Linear on B×T×C acts on every position alike). It is where most of a network's parameters live. As a language-model head it can reuse the token Embedding's matrix (weight tying), which saves V·C parameters and usually helps.",
  formula: String.raw`y = x W + b,\quad W \in \mathbb{R}^{C_{in} \times C_{out}}`,
  params: z.object({
    units: z.number().int().min(1).max(1_000_000).default(64).describe("Output features C_out"),
    bias: z.boolean().default(true).describe("Add a learned bias b"),
    tieTo: z.string().max(128).default("").describe("Id of an Embedding whose matrix this layer reuses (weight tying); empty for none"),
    init: z
      .enum(["glorot", "normal02", "residual"])
      .default("glorot")
      .describe("Weight init: Glorot uniform, N(0, 0.02), or N(0, 0.02/√(2·layers)) for residual projections"),
  }),
  inputs: () => [{ name: "x", dtype: "float32", rank: [2, 3, 4] }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const f = requireFeature(x, "Linear");
    if (typeof f !== "number") return f;
    return ok({ out: float([...x.shape.slice(0, -1), ctx.params.units]) });
  },
  paramCount: (ctx) => {
    const bias = ctx.params.bias ? ctx.params.units : 0;
    return ctx.params.tieTo ? bias : inFeatures(ctx) * ctx.params.units + bias;
  },
  flops: ({ inputs, params }) => {
    const x = inputs.x[0];
    return 2 * numel(x) * params.units;
  },
  summary: (p) => `Linear ${p.units}${p.tieTo ? " (tied)" : ""}${p.bias ? "" : " no bias"}`,
  lower: (p) =>
    p.tieTo
      ? { kind: "reuse", node: p.tieTo, inputs: ["x"], outputs: ["out"] }
      : layer("TLLinear", {
          units: p.units,
          useBias: p.bias,
          init: p.init === "glorot" ? "glorot" : "normal",
          stddev: p.init === "residual" ? residualStd() : INIT_STD,
          seed: seedValue(),
        }),
});

const ACTIVATIONS = ["relu", "gelu", "tanh", "sigmoid", "silu", "softmax"] as const;
const ACTIVATION_FLOPS: Record<(typeof ACTIVATIONS)[number], number> = { relu: 1, gelu: 8, tanh: 4, sigmoid: 4, silu: 5, softmax: 5 };

export const Activation = defineBlock({
  type: "Activation",
  category: "core",
  label: "Activation",
  description: "A non-linearity: ReLU, GELU, tanh, sigmoid, SiLU or softmax.",
  explanation:
    "Applies a fixed function to every element (softmax: over the last axis). Without a non-linearity between them, stacked Linear layers collapse into one Linear. ReLU is the classic choice, GELU the Transformer one, SiLU (swish) the gate of SwiGLU.",
  formula: String.raw`\mathrm{ReLU}(x)=\max(0,x)\quad \mathrm{GELU}(x)=x\,\Phi(x)\quad \mathrm{SiLU}(x)=x\,\sigma(x)`,
  params: z.object({
    fn: z.enum(ACTIVATIONS).default("relu").describe("The function"),
  }),
  inputs: () => [{ name: "x", dtype: "float32" }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => ok({ out: float(one(ctx, "x").shape) }),
  paramCount: () => 0,
  flops: ({ inputs, params }) => ACTIVATION_FLOPS[params.fn] * numel(inputs.x[0]),
  summary: (p) => ({ relu: "ReLU", gelu: "GELU", tanh: "tanh", sigmoid: "sigmoid", silu: "SiLU", softmax: "softmax" })[p.fn],
  lower: (p) => layer("TLActivation", { fn: p.fn }),
});

export const Dropout = defineBlock({
  type: "Dropout",
  category: "core",
  label: "Dropout",
  description: "Randomly zeroes activations while training, to regularise.",
  explanation:
    "During training each element is zeroed with probability p and the rest are scaled by 1/(1−p), so the expected value is unchanged; at inference it does nothing. It keeps a network from leaning on any single feature.",
  formula: String.raw`y = \frac{m \odot x}{1-p},\quad m_i \sim \mathrm{Bernoulli}(1-p)`,
  params: z.object({
    rate: z.number().min(0).max(0.95).default(0.1).describe("Probability p of zeroing an element"),
  }),
  inputs: () => [{ name: "x", dtype: "float32" }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => ok({ out: float(one(ctx, "x").shape) }),
  paramCount: () => 0,
  flops: ({ inputs }) => numel(inputs.x[0]),
  summary: (p) => `Dropout ${p.rate}`,
  lower: (p) => layer("Dropout", { rate: p.rate, seed: seedValue() }),
});

export const Flatten = defineBlock({
  type: "Flatten",
  category: "core",
  label: "Flatten",
  description: "Folds every axis after the batch into one.",
  explanation: "Turns B×d₁×…×dₙ into B×(d₁·…·dₙ), for example to feed a sequence of fixed length into a Linear classifier.",
  formula: String.raw`\mathbb{R}^{B \times d_1 \times \cdots \times d_n} \to \mathbb{R}^{B \times \prod_i d_i}`,
  params: z.object({}),
  inputs: () => [{ name: "x", dtype: "any" }],
  outputs: () => [{ name: "out", dtype: "any" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    return ok({ out: { ...x, shape: [x.shape[0], dimProduct(x.shape.slice(1), ctx.bindings)] } });
  },
  paramCount: () => 0,
  flops: () => 0,
  summary: () => "Flatten",
  lower: () => layer("Flatten", {}),
});

export const Reshape = defineBlock({
  type: "Reshape",
  category: "core",
  label: "Reshape",
  description: "Gives the non-batch axes a new shape with the same number of elements.",
  explanation:
    "Rearranges the elements after the batch axis into the given shape; one entry may be −1 and is then inferred. The element count must not change.",
  formula: String.raw`\mathbb{R}^{B \times d_1 \cdots d_n} \to \mathbb{R}^{B \times e_1 \cdots e_m},\; \textstyle\prod d = \prod e`,
  params: z.object({
    shape: z
      .array(z.number().int().min(-1).max(1_000_000))
      .min(1)
      .max(6)
      .default([-1])
      .describe("Target shape after the batch axis; −1 once to infer"),
  }),
  inputs: () => [{ name: "x", dtype: "any" }],
  outputs: () => [{ name: "out", dtype: "any" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const dims = evalShape(x.shape.slice(1), ctx.bindings);
    if (!dims) return fail(`Reshape needs fixed sizes after the batch axis, got ${formatShape(x.shape)}`, "shape-mismatch", "x");
    const target = ctx.params.shape;
    const inferred = target.filter((d) => d === -1).length;
    if (inferred > 1) return fail("Reshape may infer only one axis (−1)", "invalid-param");
    if (target.includes(0)) return fail("Reshape sizes must be positive or −1", "invalid-param");
    const total = product(dims);
    const known = product(target.filter((d) => d !== -1));
    if (inferred === 1 ? total % known !== 0 : total !== known) {
      return fail(`cannot reshape ${formatShape(x.shape)} (${total} per example) into B×${target.join("×")}`, "shape-mismatch", "x");
    }
    const out: Dim[] = reshapeTarget(target, total);
    return ok({ out: { ...x, shape: [x.shape[0], ...out] } });
  },
  paramCount: () => 0,
  flops: () => 0,
  summary: (p) => `Reshape ${p.shape.join("×")}`,
  // The sizes analysis worked out (a −1 resolved): tfjs would leave a −1 axis unknown (null),
  // and a Linear after it could not build.
  lower: (p, ctx) => {
    const sizes = ctx.outputs.out?.shape.slice(1) ?? [];
    return layer("Reshape", { targetShape: sizes.every((d): d is number => typeof d === "number") && sizes.length > 0 ? sizes : p.shape });
  },
});

export const Concat = defineBlock({
  type: "Concat",
  category: "core",
  label: "Concat",
  description: "Joins tensors along one axis.",
  explanation: "Stacks its inputs end to end along the chosen axis (−1: the features). Every other axis must match.",
  formula: String.raw`y = [x_1 \,\|\, x_2 \,\|\, \cdots]`,
  params: z.object({
    axis: z.number().int().min(-4).max(4).default(-1).describe("Axis to join along (negative counts from the end); not the batch axis"),
  }),
  inputs: () => [{ name: "x", dtype: "float32", multiple: true }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const xs = ctx.inputs.x;
    if (xs.length < 2) return fail(`Concat needs at least 2 inputs, has ${xs.length}`, "missing-input", "x");
    const rank = xs[0].shape.length;
    if (xs.some((t) => t.shape.length !== rank)) {
      return fail(`Concat needs equal ranks: ${xs.map((t) => formatShape(t.shape)).join(" vs ")}`, "rank-mismatch", "x");
    }
    const axis = ctx.params.axis < 0 ? rank + ctx.params.axis : ctx.params.axis;
    if (axis <= 0 || axis >= rank)
      return fail(`Concat axis ${ctx.params.axis} is out of range for rank ${rank} (and may not be the batch)`, "invalid-param");
    for (const t of xs.slice(1)) {
      if (t.shape.some((d, i) => i !== axis && d !== xs[0].shape[i])) {
        return fail(
          `Concat needs equal shapes except on axis ${ctx.params.axis}: ${formatShape(xs[0].shape)} vs ${formatShape(t.shape)}`,
          "shape-mismatch",
          "x",
        );
      }
    }
    const sizes = xs.map((t) => evalDim(t.shape[axis], ctx.bindings));
    if (sizes.some((s) => s === undefined)) return fail("Concat needs fixed sizes on the joined axis", "shape-mismatch", "x");
    const shape = [...xs[0].shape];
    shape[axis] = (sizes as number[]).reduce((a, b) => a + b, 0);
    return ok({ out: float(shape) });
  },
  paramCount: () => 0,
  flops: () => 0,
  summary: (p) => `Concat axis ${p.axis}`,
  lower: (p) => ({ ...layer("Concatenate", { axis: p.axis }), list: true }),
});

function elementwise(type: "Add" | "Multiply", label: string, description: string, explanation: string, formula: string) {
  return defineBlock({
    type,
    category: "core",
    label,
    description,
    explanation,
    formula,
    params: z.object({}),
    inputs: () => [{ name: "x", dtype: "float32", multiple: true }],
    outputs: () => [{ name: "out", dtype: "float32" }],
    inferShape: (ctx) => {
      const xs = ctx.inputs.x;
      if (xs.length < 2) return fail(`${type} needs at least 2 inputs, has ${xs.length}`, "missing-input", "x");
      return sameShapes(xs, type, "x") ?? ok({ out: float(xs[0].shape) });
    },
    paramCount: () => 0,
    flops: ({ inputs }) => (inputs.x.length - 1) * numel(inputs.x[0]),
    summary: () => label,
    lower: () => ({ ...layer(type, {}), list: true }),
  });
}

export const Add = elementwise(
  "Add",
  "Add (residual)",
  "Sums its inputs element-wise: the residual connection.",
  "Adds two or more tensors of the same shape. As a residual connection, x + f(x), it gives gradients a straight path through deep stacks, which is why Transformers can be dozens of blocks deep.",
  String.raw`y = x + f(x)`,
);

export const Multiply = elementwise(
  "Multiply",
  "Multiply (gate)",
  "Multiplies its inputs element-wise, e.g. a SwiGLU gate.",
  "Multiplies tensors of the same shape element by element. One branch can gate another: SwiGLU computes SiLU(xW₁) ⊙ xW₃ before the down projection.",
  String.raw`y = x_1 \odot x_2`,
);

export const SwiGLU = defineBlock({
  type: "SwiGLU",
  category: "core",
  label: "SwiGLU feed-forward",
  description: "LLaMA's gated MLP: W2(SiLU(xW1) ⊙ xW3).",
  explanation:
    "A feed-forward block in which one projection gates another: the gate xW₁ goes through SiLU and multiplies the up projection xW₃ element by element, and W₂ maps the result back to the model width. With a hidden width of about 8/3·C it has the parameters of a 4·C GELU MLP and trains better (Shazeer 2020; LLaMA).",
  formula: String.raw`y = \big(\mathrm{SiLU}(x W_1) \odot x W_3\big) W_2,\quad \mathrm{SiLU}(z) = z\,\sigma(z)`,
  params: z.object({
    hidden: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(344)
      .describe("Hidden width H of W1 and W3 (LLaMA: about 8/3 of the model width)"),
    bias: z.boolean().default(false).describe("Biases on the three projections (LLaMA has none)"),
  }),
  inputs: () => [{ name: "x", dtype: "float32", rank: [2, 3] }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const f = requireFeature(x, "SwiGLU");
    return typeof f === "number" ? ok({ out: float(x.shape) }) : f;
  },
  paramCount: (ctx) => {
    const C = inFeatures(ctx);
    const H = ctx.params.hidden;
    return 3 * C * H + (ctx.params.bias ? 2 * H + C : 0);
  },
  // Three matmuls (2 FLOPs per multiply-add), SiLU (≈5 per element) and the gate product.
  flops: ({ inputs, params }) => {
    const x = inputs.x[0];
    const rows = numel(x) / x[x.length - 1];
    return 2 * numel(x) * params.hidden * 3 + 6 * rows * params.hidden;
  },
  summary: (p) => `SwiGLU ${p.hidden}${p.bias ? "" : " no bias"}`,
  lower: (p) => layer("TLSwiGLU", { hidden: p.hidden, useBias: p.bias, stddev: INIT_STD, seed: seedValue() }),
});

/** This family's blocks, in palette order. */
export const CORE_BLOCKS = [Linear, Activation, Dropout, Flatten, Reshape, Concat, Add, Multiply, SwiGLU] as const;
