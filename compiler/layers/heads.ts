/** Moving between one sequence of width C and h heads of size d = C/h (graph/blocks/attention.ts). */
import * as tf from "@tensorflow/tfjs";
import { expectRank, requireInt } from "./args";
import type { Kwargs, LayerArgs, Shape } from "./args";

/**
 * [B, T, C] → [B, h, T, C/h]: head j takes features j·d … (j+1)·d − 1.
 * @example splitHeads(x, 4) // [2, 16, 128] → [2, 4, 16, 32]
 */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [B, T, C] = x.shape;
  if (x.rank !== 3 || C % heads !== 0) throw new Error(`splitHeads: heads (${heads}) must divide the width of [${x.shape}]`);
  const perHead = tf.reshape(x, [B, T, heads, C / heads]); // [B, T, h, d]
  return tf.transpose(perHead, [0, 2, 1, 3]); // [B, h, T, d]
}

/**
 * [B, h, T, d] → [B, T, h·d]: the inverse of splitHeads.
 * @example mergeHeads(y) // [2, 4, 16, 32] → [2, 16, 128]
 */
export function mergeHeads(x: tf.Tensor): tf.Tensor {
  if (x.rank !== 4) throw new Error(`mergeHeads needs [B, h, T, d], got [${x.shape}]`);
  const [B, h, T, d] = x.shape;
  const byPosition = tf.transpose(x, [0, 2, 1, 3]); // [B, T, h, d]
  return tf.reshape(byPosition, [B, T, h * d]); // [B, T, h·d]
}

/** [B, T, C] → [B, h, T, C/h]; no weights. */
export class TLSplitHeads extends tf.layers.Layer {
  static className = "TLSplitHeads";
  readonly heads: number;

  constructor(args: LayerArgs & { heads: number }) {
    super(args);
    this.heads = requireInt("TLSplitHeads", "heads", args.heads, 1);
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [B, T, C] = inputShape as Shape;
    expectRank(this.name, inputShape as Shape, [3]);
    if (C === null || C % this.heads !== 0)
      throw new Error(`${this.name}: heads (${this.heads}) must divide the model width (${C ?? "?"})`);
    return [B, this.heads, T, C / this.heads];
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => splitHeads(Array.isArray(inputs) ? inputs[0] : inputs, this.heads));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads };
  }
}
tf.serialization.registerClass(TLSplitHeads);

/** [B, h, T, d] → [B, T, h·d]; no weights. */
export class TLMergeHeads extends tf.layers.Layer {
  static className = "TLMergeHeads";

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [B, h, T, d] = inputShape as Shape;
    expectRank(this.name, inputShape as Shape, [4]);
    if (h === null || d === null)
      throw new Error(`${this.name}: needs fixed heads and head size, got [${(inputShape as Shape).join(", ")}]`);
    return [B, T, h * d];
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => mergeHeads(Array.isArray(inputs) ? inputs[0] : inputs));
  }

  getConfig(): tf.serialization.ConfigDict {
    return super.getConfig();
  }
}
tf.serialization.registerClass(TLMergeHeads);
