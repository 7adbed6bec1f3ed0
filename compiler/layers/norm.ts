/** Normalisation over the last axis (graph/blocks/normalisation.ts): LayerNorm and RMSNorm. */
import * as tf from "@tensorflow/tfjs";
import { SameShapeLayer, featureSize, requireBool, requireNumber } from "./args";
import type { LayerArgs, Shape } from "./args";

export interface TLNormArgs extends LayerArgs {
  /** ε added under the square root (its default lives in the block's schema, graph/blocks/normalisation.ts). */
  eps: number;
  /** Learn the scale (and LayerNorm's shift) (default true). */
  affine?: boolean;
}

/** What LayerNorm and RMSNorm share: ε, affine, the config, and y of x's shape. */
abstract class TLNorm extends SameShapeLayer {
  readonly eps: number;
  readonly affine: boolean;

  constructor(className: string, args: TLNormArgs) {
    super(args);
    this.eps = requireNumber(className, "eps", args.eps, { min: 0, above: true });
    this.affine = requireBool(className, "affine", args.affine, true);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), eps: this.eps, affine: this.affine };
  }
}

/** y = γ ⊙ (x − μ)/√(σ² + ε) + β; weights `gamma` [C] (ones) and `beta` [C] (zeros) when affine. */
export class TLLayerNorm extends TLNorm {
  static className = "TLLayerNorm";
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;

  constructor(args: TLNormArgs) {
    super("TLLayerNorm", args);
  }

  build(inputShape: Shape | Shape[]): void {
    if (this.affine) {
      const C = featureSize(this.name, inputShape as Shape);
      this.gamma = this.addWeight("gamma", [C], "float32", tf.initializers.ones());
      this.beta = this.addWeight("beta", [C], "float32", tf.initializers.zeros());
    }
    this.built = true;
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    const centred = tf.sub(x, tf.mean(x, -1, true)); // [..., C]
    const variance = tf.mean(tf.square(centred), -1, true); // [..., 1]
    const normed = tf.mul(centred, tf.rsqrt(tf.add(variance, this.eps)));
    return this.affine ? tf.add(tf.mul(normed, this.gamma!.read()), this.beta!.read()) : normed;
  }
}
tf.serialization.registerClass(TLLayerNorm);

/** y = g ⊙ x/√(mean(x²) + ε); weight `gamma` [C] (ones) when affine. */
export class TLRMSNorm extends TLNorm {
  static className = "TLRMSNorm";
  private gamma?: tf.LayerVariable;

  constructor(args: TLNormArgs) {
    super("TLRMSNorm", args);
  }

  build(inputShape: Shape | Shape[]): void {
    if (this.affine) this.gamma = this.addWeight("gamma", [featureSize(this.name, inputShape as Shape)], "float32", tf.initializers.ones());
    this.built = true;
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    const meanSquare = tf.mean(tf.square(x), -1, true); // [..., 1]
    const normed = tf.mul(x, tf.rsqrt(tf.add(meanSquare, this.eps)));
    return this.affine ? tf.mul(normed, this.gamma!.read()) : normed;
  }
}
tf.serialization.registerClass(TLRMSNorm);
