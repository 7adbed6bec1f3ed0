/**
 * Scaled dot-product attention: the one implementation behind both TLScaledDotProductAttention
 * (the primitive a learner wires by hand) and TLMultiHeadAttention (the fused block). It computes
 * in the layout [time, batch·head, feature], where every attention product is one grouped
 * matmul (compiler/kernels.ts); `attend` converts from and to [B, h, T, d].
 */
import * as tf from "@tensorflow/tfjs";
import { groupedMatMul } from "../kernels";
import { expectRank, requireBool, shapeList, tensorList } from "./args";
import type { Kwargs, LayerArgs, Shape } from "./args";

/**
 * Added to masked scores. Large enough that exp() underflows to exactly 0 after softmax's
 * max-subtraction, yet finite, so a fully masked row gives uniform weights instead of NaN.
 */
export const MASKED_SCORE = -1e9;

/** [T, S] additive mask: 0 where key j ≤ query i, MASKED_SCORE where j > i (a later position). */
export function causalMask(T: number, S: number): tf.Tensor2D {
  const mask = new Float32Array(T * S);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < S; j++) mask[i * S + j] = MASKED_SCORE;
  return tf.tensor2d(mask, [T, S]);
}

export interface AttendOptions {
  /** Mask keys after the query's position. */
  causal: boolean;
  /** Dropout rate on the attention weights, applied only when `training`. */
  dropout?: number;
  training?: boolean;
}

/**
 * softmax(Q·Kᵀ/√d + M)·V per group, in the group-middle layout the fast kernels use
 * (compiler/kernels.ts groupedMatMul): q [T, G, d], k [S, G, d], v [S, G, dv] with G = batch·heads
 * → out [T, G, dv] and the weights [T, G, S] (before dropout).
 * @example const { out, weights } = attendGrouped(q, k, v, { causal: true });
 */
export function attendGrouped(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, options: AttendOptions): { out: tf.Tensor; weights: tf.Tensor } {
  const { causal, dropout = 0, training = false } = options;
  const [T, , d] = q.shape;
  const S = k.shape[0];
  const scores = groupedMatMul(tf.mul(q, 1 / Math.sqrt(d)), k, true); // [T, G, S]
  const masked = causal ? tf.add(scores, tf.reshape(causalMask(T, S), [T, 1, S])) : scores; // [T, G, S]
  const weights = tf.softmax(masked, -1); // [T, G, S]
  const used = training && dropout > 0 ? tf.dropout(weights, dropout) : weights;
  return { out: groupedMatMul(used, v), weights }; // [T, G, dv]
}

/** [B, h, T, d] → [T, B·h, d], the group-middle layout. */
export function headsToGroups(x: tf.Tensor): tf.Tensor {
  const [B, h, T, d] = x.shape;
  return tf.reshape(tf.transpose(x, [2, 0, 1, 3]), [T, B * h, d]); // [T, B·h, d]
}

/** [T, B·h, d] → [B, h, T, d]. */
export function groupsToHeads(x: tf.Tensor, batch: number): tf.Tensor {
  const [T, G, d] = x.shape;
  return tf.transpose(tf.reshape(x, [T, batch, G / batch, d]), [1, 2, 0, 3]); // [B, h, T, d]
}

/**
 * softmax(Q·Kᵀ/√d + M)·V per batch and head.
 * q [B, h, T, d], k [B, h, S, d], v [B, h, S, dv] → out [B, h, T, dv] and the attention
 * weights [B, h, T, S] (before dropout, for inspection).
 * @example const { out, weights } = attend(q, k, v, { causal: true });
 */
export function attend(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, options: AttendOptions): { out: tf.Tensor; weights: tf.Tensor } {
  if (q.rank !== 4 || k.rank !== 4 || v.rank !== 4)
    throw new Error(`attention needs q, k, v of rank 4, got [${q.shape}], [${k.shape}], [${v.shape}]`);
  const [B, h, , d] = q.shape as number[];
  const S = k.shape[2] as number;
  if (k.shape[0] !== B || k.shape[1] !== h || k.shape[3] !== d)
    throw new Error(`attention: q [${q.shape}] and k [${k.shape}] need the same batch, heads and head size`);
  if (v.shape[0] !== B || v.shape[1] !== h || v.shape[2] !== S)
    throw new Error(`attention: k [${k.shape}] and v [${v.shape}] need the same batch, heads and length`);
  const { out, weights } = attendGrouped(headsToGroups(q), headsToGroups(k), headsToGroups(v), options);
  return { out: groupsToHeads(out, B), weights: groupsToHeads(weights, B) };
}

/** The output shapes of attention: [B, h, T, dv] and the weights [B, h, T, S]. */
export function attendShapes(q: Shape, k: Shape, v: Shape): Shape[] {
  return [
    [q[0], q[1], q[2], v[3]],
    [q[0], q[1], q[2], k[2]],
  ];
}

/**
 * Inputs [q [B, h, T, d], k [B, h, S, d], v [B, h, S, dv]] → two outputs:
 * [out [B, h, T, dv], weights [B, h, T, S]]. No weights of its own.
 */
export class TLScaledDotProductAttention extends tf.layers.Layer {
  static className = "TLScaledDotProductAttention";
  readonly causal: boolean;

  constructor(args: LayerArgs & { causal?: boolean } = {}) {
    super(args);
    this.causal = requireBool("TLScaledDotProductAttention", "causal", args.causal, true);
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const shapes = shapeList(inputShape);
    if (shapes.length !== 3) throw new Error(`${this.name}: needs three inputs [q, k, v], got ${shapes.length}`);
    shapes.forEach((s, i) => expectRank(this.name, s, [4], ["q", "k", "v"][i]));
    const [q, k, v] = shapes;
    return attendShapes(q, k, v);
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor[] {
    return tf.tidy(() => {
      const [q, k, v] = tensorList(inputs);
      const { out, weights } = attend(q, k, v, { causal: this.causal });
      return [out, weights];
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), causal: this.causal };
  }
}
tf.serialization.registerClass(TLScaledDotProductAttention);
