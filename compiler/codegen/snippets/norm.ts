/**
 * Source of the normalisation layers an exported file defines, mirroring compiler/layers/norm.ts
 * (the same forward ops; the gradient is tfjs's own rather than the app's hand-written one).
 */
import type { Snippet } from "./snippet";

export const NORM_SNIPPETS: Snippet[] = [
  {
    id: "rowMean",
    needs: [],
    source: String.raw`
/** Mean over the last axis, kept: [N, C] → [N, 1]. */
function rowMean(x: tf.Tensor): tf.Tensor {
  return tf.mean(x, -1, true);
}`,
  },
  {
    id: "TLLayerNorm",
    needs: ["types", "rowMean"],
    source: String.raw`
/** y = γ ⊙ (x − μ)/√(σ² + ε) + β over the last axis; gamma [C] (ones), beta [C] (zeros). */
class TLLayerNorm extends tf.layers.Layer {
  static className = "TLLayerNorm";
  readonly eps: number;
  readonly affine: boolean;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;

  constructor(args: LayerArgs & { eps?: number; affine?: boolean } = {}) {
    super(args);
    this.eps = args.eps ?? 1e-5;
    this.affine = args.affine ?? true;
  }

  build(inputShape: Shape | Shape[]): void {
    if (!this.affine) return;
    const shape = inputShape as Shape;
    const C = shape[shape.length - 1] as number;
    this.gamma = this.addWeight("gamma", [C], "float32", tf.initializers.ones());
    this.beta = this.addWeight("beta", [C], "float32", tf.initializers.zeros());
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      const rows = tf.reshape(x, [-1, x.shape[x.rank - 1]]); // [N, C]
      const centred = tf.sub(rows, rowMean(rows));
      const xHat = tf.mul(centred, tf.rsqrt(tf.add(rowMean(tf.square(centred)), this.eps)));
      const y = this.affine ? tf.add(tf.mul(xHat, this.gamma!.read()), this.beta!.read()) : xHat;
      return tf.reshape(y, x.shape);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), eps: this.eps, affine: this.affine };
  }
}
tf.serialization.registerClass(TLLayerNorm);`,
  },
  {
    id: "TLRMSNorm",
    needs: ["types", "rowMean"],
    source: String.raw`
/** y = g ⊙ x/√(mean(x²) + ε) over the last axis; gamma [C] (ones) when affine. */
class TLRMSNorm extends tf.layers.Layer {
  static className = "TLRMSNorm";
  readonly eps: number;
  readonly affine: boolean;
  private gamma?: tf.LayerVariable;

  constructor(args: LayerArgs & { eps?: number; affine?: boolean } = {}) {
    super(args);
    this.eps = args.eps ?? 1e-6;
    this.affine = args.affine ?? true;
  }

  build(inputShape: Shape | Shape[]): void {
    if (!this.affine) return;
    const shape = inputShape as Shape;
    const C = shape[shape.length - 1] as number;
    this.gamma = this.addWeight("gamma", [C], "float32", tf.initializers.ones());
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      const rows = tf.reshape(x, [-1, x.shape[x.rank - 1]]); // [N, C]
      const xHat = tf.mul(rows, tf.rsqrt(tf.add(rowMean(tf.square(rows)), this.eps)));
      return tf.reshape(this.affine ? tf.mul(xHat, this.gamma!.read()) : xHat, x.shape);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), eps: this.eps, affine: this.affine };
  }
}
tf.serialization.registerClass(TLRMSNorm);`,
  },
];
