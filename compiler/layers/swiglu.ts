/** TLSwiGLU: LLaMA's gated feed-forward W2(SiLU(x·W1) ⊙ x·W3) (graph/blocks/core.ts SwiGLU). */
import * as tf from "@tensorflow/tfjs";
import { dense } from "../kernels";
import { SameShapeLayer, featureSize, normalInit, optionalSeed, requireBool, requireInt, requireNumber } from "./args";
import type { LayerArgs, Shape } from "./args";

export interface TLSwiGLUArgs extends LayerArgs {
  /** Hidden width H of the gate and up projections. */
  hidden: number;
  /** Biases on the three projections. */
  useBias: boolean;
  /** Std-dev of the N(0, stddev²) init of the three kernels. */
  stddev: number;
  seed?: number | null;
}

/**
 * [..., C] → [..., C]: y = (SiLU(x·W1 + b1) ⊙ (x·W3 + b3))·W2 + b2, with SiLU(z) = z·σ(z).
 * Weights `w1` [C, H] (gate), `w3` [C, H] (up), `w2` [H, C] (down), and with useBias `b1`,
 * `b3` [H], `b2` [C] (zeros): 3·C·H (+ 2H + C) parameters.
 * @example new TLSwiGLU({ hidden: 344, useBias: false, stddev: 0.02, seed: 1 }).apply(x) // [B, T, 128] → [B, T, 128]
 */
export class TLSwiGLU extends SameShapeLayer {
  static className = "TLSwiGLU";
  readonly hidden: number;
  readonly useBias: boolean;
  readonly stddev: number;
  readonly seed: number | null;
  private weightsByName: Record<string, tf.LayerVariable> = {};

  constructor(args: TLSwiGLUArgs) {
    super(args);
    this.hidden = requireInt("TLSwiGLU", "hidden", args.hidden, 1);
    this.useBias = requireBool("TLSwiGLU", "useBias", args.useBias, false);
    this.stddev = requireNumber("TLSwiGLU", "stddev", args.stddev, { min: 0, above: true });
    this.seed = optionalSeed("TLSwiGLU", args.seed);
  }

  build(inputShape: Shape | Shape[]): void {
    const C = featureSize(this.name, inputShape as Shape);
    const H = this.hidden;
    const add = (name: string, shape: number[], init: Parameters<tf.layers.Layer["addWeight"]>[3]) => {
      this.weightsByName[name] = this.addWeight(name, shape, "float32", init);
    };
    add("w1", [C, H], normalInit(this.stddev, this.seed, 0));
    add("w3", [C, H], normalInit(this.stddev, this.seed, 1));
    add("w2", [H, C], normalInit(this.stddev, this.seed, 2));
    if (this.useBias) {
      add("b1", [H], tf.initializers.zeros());
      add("b3", [H], tf.initializers.zeros());
      add("b2", [C], tf.initializers.zeros());
    }
    this.built = true;
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    const w = (name: string) => this.weightsByName[name]?.read();
    const gate = dense(x, w("w1")!, w("b1")); // [..., H]
    const up = dense(x, w("w3")!, w("b3")); // [..., H]
    const h = tf.mul(tf.mul(gate, tf.sigmoid(gate)), up); // SiLU(gate) ⊙ up, [..., H]
    return dense(h, w("w2")!, w("b2")); // [..., C]
  }

  getConfig(): tf.serialization.ConfigDict {
    const config = { hidden: this.hidden, useBias: this.useBias, stddev: this.stddev, seed: this.seed };
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(TLSwiGLU);
