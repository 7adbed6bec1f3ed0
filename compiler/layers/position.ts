/**
 * Position information (graph/blocks/sequence.ts): a learned table (GPT-2), fixed sinusoids
 * (original Transformer) and rotary embeddings (RoPE, RoFormer/LLaMA).
 */
import * as tf from "@tensorflow/tfjs";
import { expectRank, featureSize, normalInit, optionalSeed, requireInt, requireNumber } from "./args";
import type { Kwargs, LayerArgs, Shape } from "./args";

function firstTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

export interface TLPositionEmbeddingArgs extends LayerArgs {
  /** Positions covered, T_max. */
  maxLen: number;
  /** Std-dev of the N(0, stddev²) init (default 0.02). */
  stddev?: number;
  seed?: number | null;
}

/** x [B, T, C] + P[:T], with a learned `embeddings` table P [maxLen, C]. */
export class TLPositionEmbedding extends tf.layers.Layer {
  static className = "TLPositionEmbedding";
  readonly maxLen: number;
  readonly stddev: number;
  readonly seed: number | null;
  private table?: tf.LayerVariable;

  constructor(args: TLPositionEmbeddingArgs) {
    super(args);
    this.maxLen = requireInt("TLPositionEmbedding", "maxLen", args.maxLen, 1);
    this.stddev = requireNumber("TLPositionEmbedding", "stddev", args.stddev, { min: 0, above: true }, 0.02);
    this.seed = optionalSeed("TLPositionEmbedding", args.seed);
  }

  build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    expectRank(this.name, shape, [3]);
    this.table = this.addWeight(
      "embeddings",
      [this.maxLen, featureSize(this.name, shape)],
      "float32",
      normalInit(this.stddev, this.seed, 0),
    );
    this.built = true;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    expectRank(this.name, shape, [3]);
    this.checkLength(shape[1]);
    return shape;
  }

  private checkLength(T: number | null): void {
    if (T !== null && T > this.maxLen) {
      throw new Error(`${this.name} covers ${this.maxLen} positions but the sequence has ${T}: raise maxLen to ${T}`);
    }
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = firstTensor(inputs);
      const [, T, C] = x.shape;
      this.checkLength(T);
      const positions = tf.slice(this.table!.read(), [0, 0], [T, C]); // [T, C]
      return tf.add(x, positions); // [B, T, C]
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxLen: this.maxLen, stddev: this.stddev, seed: this.seed };
  }
}
tf.serialization.registerClass(TLPositionEmbedding);

/** PE[t, 2i] = sin(t / 10000^(2i/C)), PE[t, 2i+1] = cos(t / 10000^(2i/C)), as a [T, C] tensor. */
export function sinusoidTable(T: number, C: number): tf.Tensor2D {
  const pe = new Float32Array(T * C);
  for (let t = 0; t < T; t++) {
    for (let c = 0; c < C; c++) {
      const angle = t / Math.pow(10000, (c - (c % 2)) / C);
      pe[t * C + c] = c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tf.tensor2d(pe, [T, C]);
}

/** x [B, T, C] + the fixed sinusoidal code; no weights. */
export class TLSinusoidal extends tf.layers.Layer {
  static className = "TLSinusoidal";

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    expectRank(this.name, inputShape as Shape, [3]);
    return inputShape as Shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = firstTensor(inputs);
      const [, T, C] = x.shape;
      return tf.add(x, sinusoidTable(T, C)); // [B, T, C]
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return super.getConfig();
  }
}
tf.serialization.registerClass(TLSinusoidal);

/**
 * RoPE tables for T positions and `width` features made of heads of size d (width = h·d):
 * feature c belongs to pair i = (c mod d) div 2, rotated by the angle t·base^(−2i/d).
 * `sin` carries the rotation's sign: −sin on the even feature of a pair, +sin on the odd.
 */
export function ropeTables(T: number, width: number, d: number, base: number): { cos: tf.Tensor2D; sin: tf.Tensor2D } {
  const cos = new Float32Array(T * width);
  const sin = new Float32Array(T * width);
  for (let t = 0; t < T; t++) {
    for (let c = 0; c < width; c++) {
      const i = Math.floor((c % d) / 2);
      const angle = t * Math.pow(base, (-2 * i) / d);
      cos[t * width + c] = Math.cos(angle);
      sin[t * width + c] = (c % 2 === 0 ? -1 : 1) * Math.sin(angle);
    }
  }
  return { cos: tf.tensor2d(cos, [T, width]), sin: tf.tensor2d(sin, [T, width]) };
}

/** (x0, x1, x2, x3, …) → (x1, x0, x3, x2, …) on the last axis, which must be even. */
function swapPairs(x: tf.Tensor): tf.Tensor {
  const width = x.shape[x.rank - 1];
  const pairs = tf.reshape(x, [-1, width / 2, 2]); // [N, W/2, 2]
  return tf.reshape(tf.reverse(pairs, 2), x.shape); // [..., W]
}

/**
 * Rotates each interleaved pair (x[2i], x[2i+1]) of x [..., T, W] by its position's angle:
 * y[2i] = x[2i]·cos − x[2i+1]·sin, y[2i+1] = x[2i]·sin + x[2i+1]·cos.
 */
function rotatePairs(x: tf.Tensor, d: number, base: number): tf.Tensor {
  const [T, width] = x.shape.slice(-2);
  const { cos, sin } = ropeTables(T, width, d, base);
  return tf.add(tf.mul(x, cos), tf.mul(swapPairs(x), sin)); // [..., T, W]
}

/**
 * RoPE on per-head queries or keys x [B, h, T, d] (d even): position t = index on axis 2.
 * Shared by TLRoPE and TLMultiHeadAttention. After it, q·k depends only on the offset.
 * @example applyRope(q, 10000) // [B, h, T, d] → [B, h, T, d]
 */
export function applyRope(x: tf.Tensor, base: number): tf.Tensor {
  const d = x.shape[3];
  if (x.rank !== 4 || d === undefined || d % 2 !== 0) throw new Error(`applyRope needs [B, h, T, d] with even d, got [${x.shape}]`);
  return rotatePairs(x, d, base);
}

export interface TLRoPEArgs extends LayerArgs {
  /** Heads h when the input is [B, T, C]: each head rotates its own d = C/h features (default 1). */
  heads?: number;
  /** Frequency base b (default 10000). */
  base?: number;
}

/** Rotary position embedding on [B, T, C] (split into heads) or [B, h, T, d]; no weights. */
export class TLRoPE extends tf.layers.Layer {
  static className = "TLRoPE";
  readonly heads: number;
  readonly base: number;

  constructor(args: TLRoPEArgs = {}) {
    super(args);
    this.heads = requireInt("TLRoPE", "heads", args.heads, 1, 1);
    this.base = requireNumber("TLRoPE", "base", args.base, { min: 1, above: true }, 10_000);
  }

  /** The head size d of an input of this shape. */
  private headSize(shape: Shape): number {
    expectRank(this.name, shape, [3, 4]);
    const width = featureSize(this.name, shape);
    const heads = shape.length === 3 ? this.heads : 1;
    if (width % heads !== 0) throw new Error(`${this.name}: heads (${heads}) must divide the width (${width})`);
    const d = width / heads;
    if (d % 2 !== 0) throw new Error(`${this.name}: RoPE rotates pairs, so the head size ${d} must be even`);
    return d;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    this.headSize(inputShape as Shape);
    return inputShape as Shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = firstTensor(inputs);
      // Pairs never straddle heads (d is even), so [B, T, C] rotates in place with tables of
      // period d; no split into heads is needed.
      return rotatePairs(x, this.headSize(x.shape), this.base);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, base: this.base };
  }
}
tf.serialization.registerClass(TLRoPE);
