/**
 * TLLSTM and TLGRU: the standard LSTM and GRU (logistic-σ gates, PyTorch's equations and gate
 * order), fast on tfjs-wasm. The recurrence and its hand-written BPTT are in ./recurrent-bptt.
 *
 * Weights, for input features D and units H (G = 4 gates i, f, g, o for the LSTM; G = 3 gates
 * r, z, n for the GRU), each gate a block of H consecutive columns, in that order:
 *   kernel          [D, G·H]  = PyTorch weight_ih_l0ᵀ  (weight_ih_l0 is [G·H, D])
 *   recurrentKernel [H, G·H]  = PyTorch weight_hh_l0ᵀ
 *   biasIh          [G·H]     = PyTorch bias_ih_l0
 *   biasHh          [G·H]     = PyTorch bias_hh_l0
 * LSTM: a = x·W + b_ih + h·U + b_hh; i, f, o = σ(a_i), σ(a_f), σ(a_o); g = tanh(a_g);
 *       c' = f ⊙ c + i ⊙ g; h' = o ⊙ tanh(c').
 * GRU:  r = σ(x·W_r + b_ir + h·U_r + b_hr); z = σ(x·W_z + b_iz + h·U_z + b_hz);
 *       n = tanh(x·W_n + b_in + r ⊙ (h·U_n + b_hn)); h' = (1 − z) ⊙ n + z ⊙ h.
 * The state starts at zero for every sequence. Init: kernel Glorot uniform, recurrent kernel
 * orthogonal (per the whole [H, G·H] matrix, as Keras does), biases zero except the LSTM's
 * forget-gate block of biasIh, which is 1 with `unitForgetBias` (Jozefowicz et al. 2015).
 */
import * as tf from "@tensorflow/tfjs";
import { expectRank, featureSize, optionalSeed, requireBool, requireInt, weightSeed } from "./args";
import type { Kwargs, LayerArgs, Shape } from "./args";
import { TLOrthogonal } from "./orthogonal";
import { GATES, recurrence } from "./recurrent-bptt";
import type { RecurrentCell } from "./recurrent-bptt";

export interface TLRecurrentArgs extends LayerArgs {
  /** State size H. */
  units: number;
  /** Output every hidden state [B, T, H] (true) or only the last [B, H] (default false). */
  returnSequences?: boolean;
  /** Seed of the kernel and recurrent-kernel inits; the same seed gives the same weights. */
  seed?: number | null;
}

export interface TLLSTMArgs extends TLRecurrentArgs {
  /** Start the forget gate's input bias at 1 (default true). */
  unitForgetBias?: boolean;
}

abstract class TLRecurrent extends tf.layers.Layer {
  abstract readonly cell: RecurrentCell;
  readonly units: number;
  readonly returnSequences: boolean;
  readonly seed: number | null;
  protected kernel?: tf.LayerVariable;
  protected recurrentKernel?: tf.LayerVariable;
  protected biasIh?: tf.LayerVariable;
  protected biasHh?: tf.LayerVariable;

  constructor(layer: string, args: TLRecurrentArgs) {
    super(args);
    this.units = requireInt(layer, "units", args.units, 1);
    this.returnSequences = requireBool(layer, "returnSequences", args.returnSequences, false);
    this.seed = optionalSeed(layer, args.seed);
  }

  /** The initial value of biasIh ([G·H] zeros unless a subclass says otherwise). */
  protected initialBiasIh(): tf.Tensor1D {
    return tf.zeros([GATES[this.cell] * this.units]);
  }

  build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    expectRank(this.name, shape, [3], "input [B, T, D]");
    const d = featureSize(this.name, shape);
    const gh = GATES[this.cell] * this.units;
    const seed = this.seed ?? undefined;
    this.kernel = this.addWeight("kernel", [d, gh], "float32", tf.initializers.glorotUniform({ seed: weightSeed(this.seed, 0) }));
    const orthogonal = new TLOrthogonal({ gain: 1, seed: seed === undefined ? Math.floor(Math.random() * 2 ** 31) : seed * 8 + 1 });
    this.recurrentKernel = this.addWeight("recurrentKernel", [this.units, gh], "float32", orthogonal);
    this.biasIh = this.addWeight("biasIh", [gh], "float32", tf.initializers.zeros());
    this.biasHh = this.addWeight("biasHh", [gh], "float32", tf.initializers.zeros());
    const bias = this.initialBiasIh();
    this.biasIh.write(bias);
    bias.dispose();
    this.built = true;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [b, t] = inputShape as Shape;
    return this.returnSequences ? [b, t, this.units] : [b, this.units];
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const w = [this.kernel!, this.recurrentKernel!, this.biasIh!, this.biasHh!].map((v) => v.read());
      return recurrence(this.cell, x, w[0], w[1], w[2], w[3], this.returnSequences);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, returnSequences: this.returnSequences, seed: this.seed };
  }
}

/**
 * The standard LSTM (logistic σ, gate order i, f, g, o; PyTorch nn.LSTM with batch_first).
 * @example new TLLSTM({ units: 192, returnSequences: true, seed: 0 }).apply(x) // [B, T, 64] → [B, T, 192]
 */
export class TLLSTM extends TLRecurrent {
  static className = "TLLSTM";
  readonly cell = "lstm";
  readonly unitForgetBias: boolean;

  constructor(args: TLLSTMArgs) {
    super("TLLSTM", args);
    this.unitForgetBias = requireBool("TLLSTM", "unitForgetBias", args.unitForgetBias, true);
  }

  protected initialBiasIh(): tf.Tensor1D {
    const H = this.units;
    const values = new Float32Array(4 * H);
    if (this.unitForgetBias) values.fill(1, H, 2 * H); // block f
    return tf.tensor1d(values);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), unitForgetBias: this.unitForgetBias };
  }
}
tf.serialization.registerClass(TLLSTM);

/**
 * The GRU in the cuDNN / PyTorch form (reset gate applied after the recurrent matmul, two bias
 * vectors; gate order r, z, n; PyTorch nn.GRU with batch_first).
 * @example new TLGRU({ units: 128, seed: 0 }).apply(x) // [B, T, 64] → [B, 128]
 */
export class TLGRU extends TLRecurrent {
  static className = "TLGRU";
  readonly cell = "gru";

  constructor(args: TLRecurrentArgs) {
    super("TLGRU", args);
  }
}
tf.serialization.registerClass(TLGRU);
