/** TLLinear: y = x·W + b on the last axis of an input of any rank (graph/blocks/core.ts Linear). */
import * as tf from "@tensorflow/tfjs";
import { dense } from "../kernels";
import { featureSize, normalInit, optionalSeed, requireBool, requireChoice, requireInt, requireNumber, weightSeed } from "./args";
import type { Kwargs, LayerArgs, Shape } from "./args";

export const LINEAR_INITS = ["glorot", "normal"] as const;

export interface TLLinearArgs extends LayerArgs {
  /** Output features C_out. */
  units: number;
  /** Add a learned bias (default true). */
  useBias?: boolean;
  /** Kernel init: Glorot uniform, or N(0, stddev²) (default "glorot"). */
  init?: (typeof LINEAR_INITS)[number];
  /** Std-dev of the "normal" init (default 0.02; ignored by "glorot"). */
  stddev?: number;
  /** Seed of the kernel init; the same seed gives the same kernel. */
  seed?: number | null;
}

/**
 * A Linear layer whose matmul stays on wasm's fast path (see compiler/kernels.ts).
 * Weights: `kernel` [C_in, units] and, with useBias, `bias` [units] (zeros).
 * @example new TLLinear({ units: 256, init: "normal", stddev: 0.02, seed: 1, name: "fc" }).apply(x) // [B, T, 64] → [B, T, 256]
 */
export class TLLinear extends tf.layers.Layer {
  static className = "TLLinear";
  readonly units: number;
  readonly useBias: boolean;
  readonly init: (typeof LINEAR_INITS)[number];
  readonly stddev: number;
  readonly seed: number | null;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: TLLinearArgs) {
    super(args);
    this.units = requireInt("TLLinear", "units", args.units, 1);
    this.useBias = requireBool("TLLinear", "useBias", args.useBias, true);
    this.init = requireChoice("TLLinear", "init", args.init, LINEAR_INITS, "glorot");
    this.stddev = requireNumber("TLLinear", "stddev", args.stddev, { min: 0, above: true }, 0.02);
    this.seed = optionalSeed("TLLinear", args.seed);
  }

  build(inputShape: Shape | Shape[]): void {
    const cin = featureSize(this.name, inputShape as Shape);
    const kernelInit =
      this.init === "glorot" ? tf.initializers.glorotUniform({ seed: weightSeed(this.seed, 0) }) : normalInit(this.stddev, this.seed, 0);
    this.kernel = this.addWeight("kernel", [cin, this.units], "float32", kernelInit);
    if (this.useBias) this.bias = this.addWeight("bias", [this.units], "float32", tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [...(inputShape as Shape).slice(0, -1), this.units];
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return dense(x, this.kernel!.read(), this.bias?.read());
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    const config = { units: this.units, useBias: this.useBias, init: this.init, stddev: this.stddev, seed: this.seed };
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(TLLinear);
