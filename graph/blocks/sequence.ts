/** Blocks for sequences: embeddings, positions and recurrent layers. */
import { z } from "zod";
import { evalDim, numel } from "../shapes";
import { INIT_STD, defineBlock, layer, objectValue, seedValue } from "./block";
import { fail, float, inFeatures, ok, one, requireFeature } from "./rules";

export const Embedding = defineBlock({
  type: "Embedding",
  category: "sequence",
  label: "Embedding",
  description: "Looks up a learned vector for each token id.",
  explanation:
    "A table with one learned row per token id: id i becomes row i. It is the same as a one-hot vector times a matrix, without building the one-hot. Its matrix can be reused by the output head (weight tying).",
  formula: String.raw`y_{b,t} = E[x_{b,t}],\quad E \in \mathbb{R}^{V \times C}`,
  params: z.object({
    vocabSize: z.number().int().min(2).max(1_000_000).default(65).describe("Rows V: number of token ids"),
    dim: z.number().int().min(1).max(65_536).default(128).describe("Vector size C"),
  }),
  inputs: () => [{ name: "ids", dtype: "int32", rank: [1, 2] }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const ids = one(ctx, "ids");
    if (ids.vocab !== undefined && ids.vocab > ctx.params.vocabSize) {
      return fail(
        `Embedding has ${ctx.params.vocabSize} rows but its input has ${ids.vocab} token ids: set vocabSize to ${ids.vocab}`,
        "shape-mismatch",
        "ids",
      );
    }
    return ok({ out: float([...ids.shape, ctx.params.dim]) });
  },
  paramCount: ({ params }) => params.vocabSize * params.dim,
  embedding: true,
  flops: () => 0,
  summary: (p) => `Embedding ${p.vocabSize}×${p.dim}`,
  // A head tied to this table (a Linear with tieTo) keeps its bias here, in the shared layer.
  lower: (p, ctx) =>
    layer(
      "TLEmbedding",
      {
        vocabSize: p.vocabSize,
        dim: p.dim,
        stddev: INIT_STD,
        seed: seedValue(),
        idsRank: ctx.inputs.ids?.[0]?.shape.length ?? 2,
        headBias: ctx.peers.some((n) => n.params.tieTo === ctx.id && n.params.bias === true),
      },
      ["ids"],
    ),
});

/** The bound length of axis 1 of a sequence tensor, checked against a maximum. */
function checkLength(
  ctx: { inputs: Record<string, { shape: (number | string)[] }[]>; bindings: Record<string, number> },
  maxLen: number,
  block: string,
) {
  const x = ctx.inputs.x[0];
  const T = evalDim(x.shape[1], ctx.bindings);
  if (T !== undefined && T > maxLen) {
    return fail(`${block} covers ${maxLen} positions but the sequence has ${T}: raise max length to ${T}`, "invalid-param");
  }
  return undefined;
}

export const PositionEmbedding = defineBlock({
  type: "PositionEmbedding",
  category: "sequence",
  label: "Position embedding",
  description: "Adds a learned vector for each position (GPT-2 style).",
  explanation:
    "Attention by itself ignores order; this block adds a learned vector for position t to the token vector at t. It only knows positions up to its maximum length, so the context can never be longer.",
  formula: String.raw`y_{b,t} = x_{b,t} + P_t,\quad P \in \mathbb{R}^{T_{max} \times C}`,
  params: z.object({
    maxLen: z.number().int().min(1).max(65_536).default(64).describe("Maximum sequence length T_max"),
  }),
  inputs: () => [{ name: "x", dtype: "float32", rank: [3] }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const f = requireFeature(x, "Position embedding");
    if (typeof f !== "number") return f;
    return checkLength(ctx, ctx.params.maxLen, "Position embedding") ?? ok({ out: float(x.shape) });
  },
  paramCount: (ctx) => ctx.params.maxLen * inFeatures(ctx),
  embedding: true,
  flops: ({ inputs }) => numel(inputs.x[0]),
  summary: (p) => `Positions ≤${p.maxLen} (learned)`,
  lower: (p) => layer("TLPositionEmbedding", { maxLen: p.maxLen, stddev: INIT_STD, seed: seedValue() }),
});

export const SinusoidalPositionalEncoding = defineBlock({
  type: "SinusoidalPositionalEncoding",
  category: "sequence",
  label: "Sinusoidal positions",
  description: "Adds fixed sine/cosine position signals (original Transformer).",
  explanation:
    "Adds to each position a fixed pattern of sines and cosines of geometrically spaced frequencies, so relative offsets are linear functions of the code. It has no parameters and works at any length.",
  formula: String.raw`PE_{t,2i} = \sin(t/10000^{2i/C}),\; PE_{t,2i+1} = \cos(t/10000^{2i/C})`,
  params: z.object({}),
  inputs: () => [{ name: "x", dtype: "float32", rank: [3] }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const f = requireFeature(x, "Sinusoidal positions");
    return typeof f === "number" ? ok({ out: float(x.shape) }) : f;
  },
  paramCount: () => 0,
  flops: ({ inputs }) => numel(inputs.x[0]),
  summary: () => "Sinusoidal positions",
  lower: () => layer("TLSinusoidal", {}),
});

/** RoPE's frequency base b (RoFormer, LLaMA), for the RoPE block and attention with rope. */
export const ROPE_BASE = 10_000;

export const RoPE = defineBlock({
  type: "RoPE",
  category: "sequence",
  label: "RoPE",
  description: "Rotary position embedding: rotates query/key pairs by position.",
  explanation:
    "Rotates each pair of features of a query or key by an angle proportional to its position, so the dot product q·k depends only on their offset. Applied to B×h×T×d head tensors, or to B×T×C with a head count. Used by LLaMA and most modern LLMs.",
  formula: String.raw`\begin{pmatrix} y_{2i} \\ y_{2i+1} \end{pmatrix} = \begin{pmatrix} \cos t\theta_i & -\sin t\theta_i \\ \sin t\theta_i & \cos t\theta_i \end{pmatrix} \begin{pmatrix} x_{2i} \\ x_{2i+1} \end{pmatrix},\; \theta_i = b^{-2i/d}`,
  params: z.object({
    heads: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .default(1)
      .describe("Heads, when the input is B×T×C (each head rotates its own d = C/h features)"),
    base: z.number().min(2).max(10_000_000).default(ROPE_BASE).describe("Frequency base b"),
  }),
  inputs: () => [{ name: "x", dtype: "float32", rank: [3, 4] }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const f = requireFeature(x, "RoPE");
    if (typeof f !== "number") return f;
    const heads = x.shape.length === 3 ? ctx.params.heads : 1;
    if (f % heads !== 0) return fail(`heads (${heads}) must divide the width (${f})`, "invalid-param");
    const d = f / heads;
    if (d % 2 !== 0) return fail(`RoPE rotates pairs: head size ${d} must be even`, "shape-mismatch", "x");
    return ok({ out: float(x.shape) });
  },
  paramCount: () => 0,
  flops: ({ inputs }) => 3 * numel(inputs.x[0]),
  summary: (p) => (p.heads > 1 ? `RoPE ${p.heads} heads` : "RoPE"),
  lower: (p) => layer("TLRoPE", { heads: p.heads, base: p.base }),
});

type Recurrent = "SimpleRNN" | "LSTM" | "GRU";
const GATES: Record<Recurrent, number> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };
/** Bias vectors per layer: tfjs's SimpleRNN has one; TLLSTM and TLGRU have PyTorch's two (b_ih, b_hh). */
const BIASES: Record<Recurrent, number> = { SimpleRNN: 1, LSTM: 2, GRU: 2 };
const RECURRENT_TEXT: Record<Recurrent, { label: string; description: string; explanation: string; formula: string }> = {
  SimpleRNN: {
    label: "RNN",
    description: "A plain recurrent layer: one tanh state carried along the sequence.",
    explanation:
      "Reads the sequence one step at a time, mixing each input with the previous state through a tanh. Gradients through many steps shrink or explode, so it forgets long-range context — the problem LSTMs and attention address. W is x×h, U is h×h, one bias b; the state starts at 0.",
    formula: String.raw`h_t = \tanh(x_t W + h_{t-1} U + b)`,
  },
  LSTM: {
    label: "LSTM",
    description: "Long short-term memory: gated recurrence with a cell state.",
    explanation:
      "Keeps a cell state that input, forget and output gates write, keep and read. The additive cell update lets gradients survive many more steps than a plain RNN, but information still has to squeeze through one fixed-size state. " +
      "Weights: W is x×4h and U is h×4h, their columns in four blocks of h in the order i, f, g, o; two biases b_ih and b_hh of 4h (as PyTorch's nn.LSTM: weight_ih = Wᵀ, weight_hh = Uᵀ); the forget block of b_ih starts at 1. " +
      "σ is the logistic 1/(1+e^(−a)); h and c start at 0. Weights trained before this cell became the standard one (tfjs's hard-sigmoid LSTM, one bias) no longer load.",
    formula: String.raw`\begin{aligned} [a^i, a^f, a^g, a^o] &= x_t W + b_{ih} + h_{t-1} U + b_{hh} \\ i, f, o &= \sigma(a^i), \sigma(a^f), \sigma(a^o) \qquad g = \tanh(a^g) \\ c_t &= f \odot c_{t-1} + i \odot g \qquad h_t = o \odot \tanh(c_t) \end{aligned}`,
  },
  GRU: {
    label: "GRU",
    description: "Gated recurrent unit: a lighter gated recurrence.",
    explanation:
      "Like an LSTM with the cell and hidden state merged and two gates (update, reset) instead of three; often as good with fewer parameters. " +
      "This is the cuDNN / PyTorch form: the reset gate scales the recurrent product after the matmul, inside tanh. Weights: W is x×3h and U is h×3h, their columns in three blocks of h in the order r, z, n; two biases b_ih and b_hh of 3h (as PyTorch's nn.GRU: weight_ih = Wᵀ, weight_hh = Uᵀ). " +
      "σ is the logistic 1/(1+e^(−a)); h starts at 0. Weights trained before this cell became the standard one (tfjs's GRU, one bias) no longer load.",
    formula: String.raw`\begin{aligned} r_t &= \sigma(x_t W_r + b_{ir} + h_{t-1} U_r + b_{hr}) \\ z_t &= \sigma(x_t W_z + b_{iz} + h_{t-1} U_z + b_{hz}) \\ n_t &= \tanh(x_t W_n + b_{in} + r_t \odot (h_{t-1} U_n + b_{hn})) \\ h_t &= (1-z_t) \odot n_t + z_t \odot h_{t-1} \end{aligned}`,
  },
};

/**
 * LSTM and GRU lower to the standard cells of our own (TLLSTM, TLGRU: σ gates, PyTorch's
 * equations, fast BPTT); SimpleRNN to tfjs's layer (tanh, the standard Elman RNN) with both
 * kernels seeded (its default orthogonal recurrent init is not, and is slow).
 */
function lowerRecurrent(type: Recurrent, p: { units: number; returnSequences: boolean }) {
  if (type === "LSTM") return layer("TLLSTM", { ...p, unitForgetBias: true, seed: seedValue() });
  if (type === "GRU") return layer("TLGRU", { ...p, seed: seedValue() });
  return layer(type, {
    ...p,
    kernelInitializer: objectValue("GlorotUniform", { seed: seedValue() }),
    recurrentInitializer: objectValue("TLOrthogonal", { gain: 1, seed: seedValue("recurrent") }),
  });
}

function recurrent(type: Recurrent) {
  const gates = GATES[type];
  const text = RECURRENT_TEXT[type];
  return defineBlock({
    type,
    category: "sequence",
    ...text,
    params: z.object({
      units: z.number().int().min(1).max(65_536).default(128).describe("State size h"),
      returnSequences: z.boolean().default(true).describe("Output the state at every step (B×T×h) or only the last (B×h)"),
    }),
    inputs: () => [{ name: "x", dtype: "float32", rank: [3] }],
    outputs: () => [{ name: "out", dtype: "float32" }],
    inferShape: (ctx) => {
      const x = one(ctx, "x");
      const f = requireFeature(x, text.label);
      if (typeof f !== "number") return f;
      const [B, T] = x.shape;
      return ok({ out: float(ctx.params.returnSequences ? [B, T, ctx.params.units] : [B, ctx.params.units]) });
    },
    // Per gate: an input kernel x×h, a recurrent kernel h×h, and h per bias vector.
    paramCount: (ctx) => gates * ctx.params.units * (inFeatures(ctx) + ctx.params.units) + BIASES[type] * gates * ctx.params.units,
    flops: ({ inputs, params }) => {
      const [B, T, F] = inputs.x[0];
      return B * T * (2 * gates * params.units * (F + params.units) + 6 * gates * params.units);
    },
    summary: (p) => `${text.label} ${p.units}${p.returnSequences ? "" : " (last)"}`,
    lower: (p) => lowerRecurrent(type, { units: p.units, returnSequences: p.returnSequences }),
  });
}

export const SimpleRNN = recurrent("SimpleRNN");
export const LSTM = recurrent("LSTM");
export const GRU = recurrent("GRU");

export const Conv1D = defineBlock({
  type: "Conv1D",
  category: "sequence",
  label: "Conv1D",
  description: "A dilated 1-D convolution over time; causal by default (WaveNet, TCN).",
  explanation:
    "Each output step mixes k input steps spaced d apart through one learned matrix per tap. Causal padding puts all k−1 gaps on the left, so step t sees only steps ≤ t and the block can sit in a language model. Stacking layers with dilations 1, 2, 4, 8 … doubles the receptive field per layer, so a few layers cover a long context without recurrence.",
  formula: String.raw`y_t = b + \sum_{j=0}^{k-1} W_j\, x_{t-j d + s},\quad W \in \mathbb{R}^{k \times C \times F},\; s = \begin{cases} 0 & \text{causal} \\ \lfloor (k-1)d/2 \rfloor & \text{same} \end{cases},\; x_{<0} = x_{\ge T} = 0`,
  params: z.object({
    filters: z.number().int().min(1).max(65_536).default(64).describe("Output channels F"),
    kernelSize: z.number().int().min(1).max(1024).default(2).describe("Taps k"),
    dilation: z
      .number()
      .int()
      .min(1, "must be at least 1 (1 = adjacent steps, 2 = every other step)")
      .max(65_536)
      .default(1)
      .describe("Dilation d: steps between taps (1 = adjacent)"),
    causal: z.boolean().default(true).describe("Causal: y_t sees only x_≤t (left padding); off: 'same' padding centred on t"),
    bias: z.boolean().default(true).describe("Add a learned bias per output channel"),
  }),
  inputs: () => [{ name: "x", dtype: "float32", rank: [3] }],
  outputs: () => [{ name: "out", dtype: "float32" }],
  inferShape: (ctx) => {
    const x = one(ctx, "x");
    const f = requireFeature(x, "Conv1D");
    if (typeof f !== "number") return f;
    const { kernelSize: k, dilation: d } = ctx.params;
    const field = (k - 1) * d + 1;
    const out = ok({ out: float([x.shape[0], x.shape[1], ctx.params.filters]) });
    const T = evalDim(x.shape[1], ctx.bindings);
    if (T === undefined || field <= T) return out;
    // Still computable (the far taps only ever read the zero padding), so a warning, not an error.
    const fix = k > T ? `lower kernelSize to at most ${T}` : `lower dilation to at most ${Math.max(1, Math.floor((T - 1) / (k - 1)))}`;
    const message = `Conv1D's kernel spans (k−1)·d+1 = (${k}−1)·${d}+1 = ${field} steps but the sequence has ${T}, so its far taps only read zero padding: ${fix}, or lengthen the sequence`;
    return { ...out, warnings: [{ code: "invalid-param", message }] };
  },
  paramCount: (ctx) => ctx.params.kernelSize * inFeatures(ctx) * ctx.params.filters + (ctx.params.bias ? ctx.params.filters : 0),
  // One [B·T, k·C]·[k·C, F] matmul (2 FLOPs per multiply-add) and the bias.
  flops: ({ inputs, params }) => {
    const [B, T, C] = inputs.x[0];
    return B * T * params.filters * (2 * params.kernelSize * C + (params.bias ? 1 : 0));
  },
  summary: (p) => `Conv1D ${p.filters} k${p.kernelSize}${p.dilation > 1 ? ` d${p.dilation}` : ""}${p.causal ? " causal" : ""}`,
  lower: (p) =>
    layer("TLConv1D", {
      filters: p.filters,
      kernelSize: p.kernelSize,
      dilation: p.dilation,
      causal: p.causal,
      useBias: p.bias,
      stddev: INIT_STD,
      seed: seedValue(),
    }),
});

/** This family's blocks, in palette order. */
export const SEQUENCE_BLOCKS = [Embedding, PositionEmbedding, SinusoidalPositionalEncoding, RoPE, SimpleRNN, LSTM, GRU, Conv1D] as const;
