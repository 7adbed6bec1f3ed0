/** TLConv1D: a dilated 1-D convolution over time, causal or "same" (graph/blocks/sequence.ts Conv1D). */
import * as tf from "@tensorflow/tfjs";
import { dense } from "../kernels";
import { expectRank, featureSize, normalInit, optionalSeed, requireBool, requireInt, requireNumber } from "./args";
import type { Kwargs, LayerArgs, Shape } from "./args";

export interface TLConv1DArgs extends LayerArgs {
  /** Output channels F. */
  filters: number;
  /** Taps k. */
  kernelSize: number;
  /** Step d between taps, in time steps. */
  dilation: number;
  /** Left padding only, so y_t sees x_≤t; otherwise "same" padding centred on t. */
  causal: boolean;
  useBias: boolean;
  /** Std-dev of the N(0, stddev²) kernel init. */
  stddev: number;
  seed?: number | null;
}

/**
 * [B, T, C] → [B, T, F]: y_t = b + Σ_{j<k} W_j · x_{t − j·d + s}, zeros outside 0 ≤ t < T, with
 * s = 0 when causal and s = ⌊(k−1)·d / 2⌋ otherwise. Weights `kernel` [k, C, F] (tap j = 0 reads
 * x_{t+s}) and with useBias `bias` [F]. Computed as a zero pad, k shifted slices side by side
 * and one 2-D matmul [B·T, k·C]·[k·C, F], which stays on wasm's fast matmul path forward and
 * backward. (tfjs-layers' conv1d with padding "causal" throws "not implemented yet" in
 * conv1dWithBias, tfjs 4.x, so a causal pad is needed either way.)
 * @example new TLConv1D({ filters: 64, kernelSize: 2, dilation: 4, causal: true, useBias: true, stddev: 0.02 }).apply(x)
 */
export class TLConv1D extends tf.layers.Layer {
  static className = "TLConv1D";
  readonly filters: number;
  readonly kernelSize: number;
  readonly dilation: number;
  readonly causal: boolean;
  readonly useBias: boolean;
  readonly stddev: number;
  readonly seed: number | null;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: TLConv1DArgs) {
    super(args);
    this.filters = requireInt("TLConv1D", "filters", args.filters, 1);
    this.kernelSize = requireInt("TLConv1D", "kernelSize", args.kernelSize, 1);
    this.dilation = requireInt("TLConv1D", "dilation", args.dilation, 1);
    this.causal = requireBool("TLConv1D", "causal", args.causal, true);
    this.useBias = requireBool("TLConv1D", "useBias", args.useBias, true);
    this.stddev = requireNumber("TLConv1D", "stddev", args.stddev, { min: 0, above: true });
    this.seed = optionalSeed("TLConv1D", args.seed);
  }

  build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    expectRank(this.name, shape, [3]);
    const C = featureSize(this.name, shape);
    this.kernel = this.addWeight("kernel", [this.kernelSize, C, this.filters], "float32", normalInit(this.stddev, this.seed, 0));
    if (this.useBias) this.bias = this.addWeight("bias", [this.filters], "float32", tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    return [...shape.slice(0, -1), this.filters];
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs; // [B, T, C]
      const [B, T, C] = x.shape;
      const [k, d] = [this.kernelSize, this.dilation];
      const span = (k - 1) * d;
      const s = this.causal ? 0 : Math.floor(span / 2);
      const padded = tf.pad(x, [
        [0, 0],
        [span - s, s],
        [0, 0],
      ]); // [B, T + span, C]: padded index i holds x_{i − span + s}
      // Tap j reads x_{t − j·d + s} = padded[t + (k−1−j)·d].
      const taps = Array.from({ length: k }, (_, j) => tf.slice(padded, [0, (k - 1 - j) * d, 0], [B, T, C])); // k × [B, T, C]
      const stacked = k === 1 ? taps[0] : tf.concat(taps, 2); // [B, T, k·C], tap-major like the kernel
      const w = tf.reshape(this.kernel!.read(), [k * C, this.filters]); // [k·C, F]
      return dense(stacked, w, this.bias?.read()); // [B, T, F]
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    const config = {
      filters: this.filters,
      kernelSize: this.kernelSize,
      dilation: this.dilation,
      causal: this.causal,
      useBias: this.useBias,
      stddev: this.stddev,
      seed: this.seed,
    };
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(TLConv1D);
