/**
 * Post-training, weight-only quantization, as plain math over Float32Array weights (no tfjs).
 *
 * Symmetric: a group of values w shares one scale s = max|w| / qmax and stores q = round(w / s)
 * in [-qmax, qmax], so ŵ = q·s and |w − ŵ| ≤ s/2. int8 (qmax 127) has one scale per output
 * channel; int4 (qmax 7) one per group of `group` consecutive values along the input dim.
 *
 * Which axis is the output channel: a Linear (or attention, or conv) kernel is stored
 * [..., in, out] in tfjs, so a channel is a column (the last axis) and its input dim is
 * everything before it; an embedding table is [vocab, dim] and a channel is a row (one token's
 * vector, also the head's output row when the head is tied to it). Rank-1 weights — norms'
 * gains and shifts, biases — stay float32: they are tiny and errors there move every output.
 */

export interface WeightTensor {
  /** The weight's name in the model (tfjs `originalName`, e.g. "blocks_0_attn1/qkv_kernel"). */
  name: string;
  shape: number[];
  values: Float32Array;
}

/** int8 per output channel, or int4 with a scale per `group` values along the input dim. */
export type QuantScheme = { bits: 8 } | { bits: 4; group: number };

/** "last": channels are the last axis (kernels); "first": channels are rows (embedding tables). */
export type ChannelAxis = "first" | "last";

export interface QuantizedTensor {
  name: string;
  shape: number[];
  bits: 8 | 4;
  /** Values per scale along the input dim; for int8, the whole input dim. */
  group: number;
  channelAxis: ChannelAxis;
  /** Scales in channel-major order: channel c's groups are `scales[c·groupsPerChannel …]`. */
  scales: Float32Array;
  /**
   * The codes in channel-major order (channel 0's input dim first). int8: one signed byte per
   * value; int4: q + 8 in a nibble, two per byte, low nibble first, the last nibble 0 if odd.
   */
  data: Uint8Array;
}

/** How a weight is stored: quantized along an axis, or kept float32 (with the reason). */
export type WeightPlan = { kind: "quantize"; channelAxis: ChannelAxis } | { kind: "float32"; reason: string };

/**
 * Decides how a weight is stored: embedding tables (tfjs names them `…/embeddings`) by row,
 * other weights of rank ≥ 2 (Linear, attention projections, conv, recurrent kernels) by column,
 * rank ≤ 1 (norms, biases) kept float32.
 * @example planWeight({ name: "wte/embeddings", shape: [65, 128] }); // { kind: "quantize", channelAxis: "first" }
 */
export function planWeight(w: Pick<WeightTensor, "name" | "shape">): WeightPlan {
  if (w.shape.length < 2) return { kind: "float32", reason: /gamma|beta|scale|norm/i.test(w.name) ? "norm" : "bias" };
  return { kind: "quantize", channelAxis: /(^|\/)embeddings$/.test(w.name) ? "first" : "last" };
}

/** The matrix view of a weight: `channels` × `inDim`, and the flat index of (channel, k). */
function view(shape: number[], axis: ChannelAxis) {
  const size = shape.reduce((a, b) => a * b, 1);
  const channels = axis === "last" ? shape[shape.length - 1] : shape[0];
  const inDim = channels === 0 ? 0 : size / channels;
  const index = axis === "last" ? (c: number, k: number) => k * channels + c : (c: number, k: number) => c * inDim + k;
  return { size, channels, inDim, index };
}

function checkScheme(scheme: QuantScheme): void {
  if (scheme.bits === 4 && !(Number.isInteger(scheme.group) && scheme.group >= 2))
    throw new RangeError(`int4 group size must be a whole number of at least 2 (32 or 64 are usual), got ${scheme.group}.`);
}

/**
 * Quantizes one weight (see the module comment for the rule).
 * @example const q = quantizeTensor(w, { bits: 4, group: 32 }, "last"); dequantizeTensor(q); // ≈ w.values
 */
export function quantizeTensor(w: WeightTensor, scheme: QuantScheme, channelAxis: ChannelAxis): QuantizedTensor {
  checkScheme(scheme);
  const { size, channels, inDim, index } = view(w.shape, channelAxis);
  if (w.values.length !== size)
    throw new RangeError(`weight ${w.name} has ${w.values.length} values but shape [${w.shape.join(", ")}] needs ${size}.`);
  const qmax = scheme.bits === 8 ? 127 : 7;
  const group = scheme.bits === 8 ? Math.max(inDim, 1) : scheme.group;
  const groups = Math.ceil(inDim / group);
  const scales = new Float32Array(channels * groups);
  const codes = new Int8Array(size);
  let at = 0;
  for (let c = 0; c < channels; c++) {
    for (let g = 0; g < groups; g++) {
      const end = Math.min(inDim, (g + 1) * group);
      let max = 0;
      for (let k = g * group; k < end; k++) max = Math.max(max, Math.abs(w.values[index(c, k)]));
      const s = scaleFor(max, qmax);
      scales[c * groups + g] = s;
      for (let k = g * group; k < end; k++, at++)
        codes[at] = s === 0 ? 0 : Math.max(-qmax, Math.min(qmax, Math.round(w.values[index(c, k)] / s)));
    }
  }
  return {
    name: w.name,
    shape: [...w.shape],
    bits: scheme.bits,
    group,
    channelAxis,
    scales,
    data: scheme.bits === 8 ? new Uint8Array(codes.buffer) : packInt4(codes),
  };
}

/**
 * max / qmax as a float32 (how it is stored), rounded up if needed so that qmax·s ≥ max: then
 * no code is clipped and |w − q·s| ≤ s/2 holds for the stored s, down to subnormal weights.
 */
function scaleFor(max: number, qmax: number): number {
  const s = Math.fround(max / qmax);
  if (s * qmax >= max) return s;
  const bits = new Uint32Array(Float32Array.of(s).buffer);
  bits[0] += 1; // the next float32 up (s ≥ 0)
  return new Float32Array(bits.buffer)[0];
}

function packInt4(codes: Int8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(codes.length / 2));
  for (let i = 0; i < codes.length; i++) out[i >> 1] |= (codes[i] + 8) << ((i & 1) * 4);
  return out;
}

/** The float32 values a quantized weight stands for, in the weight's own layout. */
export function dequantizeTensor(q: QuantizedTensor): Float32Array {
  const { size, channels, inDim, index } = view(q.shape, q.channelAxis);
  const groups = Math.ceil(inDim / q.group);
  const signed = new Int8Array(q.data.buffer, q.data.byteOffset, q.data.byteLength);
  const code = q.bits === 8 ? (i: number) => signed[i] : (i: number) => ((q.data[i >> 1] >> ((i & 1) * 4)) & 0xf) - 8;
  const out = new Float32Array(size);
  let at = 0;
  for (let c = 0; c < channels; c++) {
    for (let k = 0; k < inDim; k++, at++) out[index(c, k)] = code(at) * q.scales[c * groups + Math.floor(k / q.group)];
  }
  return out;
}

/**
 * Bytes a weight takes: float32 4 per value; int8 1 per value + a float32 scale per channel;
 * int4 half a byte per value (rounded up per tensor) + a float32 scale per group.
 * @example quantizedBytes([128, 384], { bits: 4, group: 32 }, "last"); // 24576 + 384·4·4 = 30720
 */
export function quantizedBytes(shape: number[], scheme: QuantScheme | { bits: 32 }, channelAxis: ChannelAxis = "last"): number {
  const { size, channels, inDim } = view(shape, channelAxis);
  if (scheme.bits === 32) return 4 * size;
  if (scheme.bits === 8) return size + 4 * channels;
  return Math.ceil(size / 2) + 4 * channels * Math.ceil(inDim / scheme.group);
}

export interface QuantError {
  maxAbs: number;
  rms: number;
  /** ‖w − ŵ‖ / ‖w‖ (0 for an all-zero weight). */
  relative: number;
}

/** How far ŵ is from w: largest absolute error, root-mean-square error, relative L2 error. */
export function quantError(w: Float32Array, wHat: Float32Array): QuantError {
  let maxAbs = 0;
  let sq = 0;
  let norm = 0;
  for (let i = 0; i < w.length; i++) {
    const d = w[i] - wHat[i];
    maxAbs = Math.max(maxAbs, Math.abs(d));
    sq += d * d;
    norm += w[i] * w[i];
  }
  return { maxAbs, rms: w.length ? Math.sqrt(sq / w.length) : 0, relative: norm > 0 ? Math.sqrt(sq / norm) : 0 };
}
