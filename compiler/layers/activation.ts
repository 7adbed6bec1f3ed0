/** TLActivation: the element-wise non-linearities of graph/blocks/core.ts Activation. */
import * as tf from "@tensorflow/tfjs";
import { SameShapeLayer, requireChoice } from "./args";
import type { LayerArgs } from "./args";

export const ACTIVATION_FNS = ["relu", "gelu", "tanh", "sigmoid", "silu", "softmax"] as const;
export type ActivationFn = (typeof ACTIVATION_FNS)[number];

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh approximation (GPT-2, Hendrycks & Gimpel):
 * 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³), computed as the identical x·σ(2u)
 * because wasm's Tanh kernel is ~13× slower than its Sigmoid (it was 8% of a GPT step).
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const twoU = tf.mul(2 * SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.mul(x, tf.square(x)))));
    return tf.mul(x, tf.sigmoid(twoU));
  });
}

const FNS: Record<ActivationFn, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  gelu,
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  silu: (x) => tf.mul(x, tf.sigmoid(x)),
  softmax: (x) => tf.softmax(x, -1),
};

/** Applies `fn` element-wise (softmax: over the last axis); no weights. */
export class TLActivation extends SameShapeLayer {
  static className = "TLActivation";
  readonly fn: ActivationFn;

  constructor(args: LayerArgs & { fn?: ActivationFn } = {}) {
    super(args);
    this.fn = requireChoice("TLActivation", "fn", args.fn, ACTIVATION_FNS, "relu");
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    return FNS[this.fn](x);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), fn: this.fn };
  }
}
tf.serialization.registerClass(TLActivation);
