/**
 * Source of the custom layers an exported file defines, mirroring compiler/layers/*.ts: the same
 * class names, constructor args, configs, weight names, shapes and initialisers, and the same
 * forward numerics, written with plain tfjs ops (no wasm fast-path kernels) so they read simply.
 * The equivalence tests (tests/compiler/codegen) check each against the app's layer.
 * Here: shared helpers, Linear, Embedding and Activation.
 */
import type { Snippet } from "./snippet";

export const LAYER_SNIPPETS: Snippet[] = [
  {
    id: "types",
    needs: [],
    source: String.raw`
type Shape = (number | null)[];
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** The first (or only) input of a layer. */
function first(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}`,
  },
  {
    id: "normalInit",
    needs: [],
    source: String.raw`
/** The seed of a layer's k-th weight: 8·seed + k, so no two weights draw the same numbers. */
function weightSeed(seed: number | null, k: number): number | undefined {
  return seed === null ? undefined : seed * 8 + k;
}

/** N(0, stddev²) for a layer's k-th weight (unseeded when the layer's seed is null). */
function normalInit(stddev: number, seed: number | null, k: number) {
  return tf.initializers.randomNormal({ mean: 0, stddev, seed: weightSeed(seed, k) });
}`,
  },
  {
    id: "dense",
    needs: [],
    source: String.raw`
/** x·W + b over the last axis of x, as one 2-D matmul: [..., C] → [..., units]. */
function dense(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const rows = tf.reshape(x, [-1, x.shape[x.rank - 1]]); // [N, C]
  const y = tf.matMul(rows, kernel); // [N, units]
  const units = kernel.shape[1] as number;
  return tf.reshape(bias ? tf.add(y, bias) : y, [...x.shape.slice(0, -1), units]); // [..., units]
}`,
  },
  {
    id: "TLLinear",
    needs: ["types", "normalInit", "dense"],
    source: String.raw`
/** y = x·W + b on the last axis. Weights: kernel [C_in, units] and bias [units] (zeros). */
class TLLinear extends tf.layers.Layer {
  static className = "TLLinear";
  readonly units: number;
  readonly useBias: boolean;
  readonly init: "glorot" | "normal";
  readonly stddev: number;
  readonly seed: number | null;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(
    args: LayerArgs & {
      units: number;
      useBias?: boolean;
      init?: "glorot" | "normal";
      stddev?: number;
      seed?: number | null;
    },
  ) {
    super(args);
    this.units = args.units;
    this.useBias = args.useBias ?? true;
    this.init = args.init ?? "glorot";
    this.stddev = args.stddev ?? 0.02;
    this.seed = args.seed ?? null;
  }

  build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const cin = shape[shape.length - 1] as number;
    const kernelInit =
      this.init === "glorot"
        ? tf.initializers.glorotUniform({ seed: weightSeed(this.seed, 0) })
        : normalInit(this.stddev, this.seed, 0);
    this.kernel = this.addWeight("kernel", [cin, this.units], "float32", kernelInit);
    if (this.useBias) {
      this.bias = this.addWeight("bias", [this.units], "float32", tf.initializers.zeros());
    }
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [...(inputShape as Shape).slice(0, -1), this.units];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => dense(first(inputs), this.kernel!.read(), this.bias?.read()));
  }

  getConfig(): tf.serialization.ConfigDict {
    const { units, useBias, init, stddev, seed } = this;
    return { ...super.getConfig(), units, useBias, init, stddev, seed };
  }
}
tf.serialization.registerClass(TLLinear);`,
  },
  {
    id: "TLEmbedding",
    needs: ["types", "normalInit", "dense"],
    source: String.raw`
/**
 * The token table E [vocabSize, dim], used both ways: ids [B, T] → rows E[ids] [B, T, dim], and,
 * applied a second time as a tied head, vectors [B, T, dim] → logits x·Eᵀ (+ head_bias).
 */
class TLEmbedding extends tf.layers.Layer {
  static className = "TLEmbedding";
  readonly vocabSize: number;
  readonly dim: number;
  readonly stddev: number;
  readonly seed: number | null;
  readonly idsRank: number;
  readonly headBias: boolean;
  private table?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(
    args: LayerArgs & {
      vocabSize: number;
      dim: number;
      stddev?: number;
      seed?: number | null;
      idsRank?: number;
      headBias?: boolean;
    },
  ) {
    super(args);
    this.vocabSize = args.vocabSize;
    this.dim = args.dim;
    this.stddev = args.stddev ?? 0.02;
    this.seed = args.seed ?? null;
    this.idsRank = args.idsRank ?? 2;
    this.headBias = args.headBias ?? false;
  }

  build(): void {
    const init = normalInit(this.stddev, this.seed, 0);
    this.table = this.addWeight("embeddings", [this.vocabSize, this.dim], "float32", init);
    if (this.headBias) {
      this.bias = this.addWeight("head_bias", [this.vocabSize], "float32", tf.initializers.zeros());
    }
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    if (shape.length === this.idsRank) return [...shape, this.dim];
    return [...shape.slice(0, -1), this.vocabSize];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      const table = this.table!.read(); // [V, C]
      if (x.rank === this.idsRank) return tf.gather(table, tf.cast(x, "int32")); // [B, T, C]
      return dense(x, tf.transpose(table), this.bias?.read()); // [B, T, V]
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    const { vocabSize, dim, stddev, seed, idsRank, headBias } = this;
    return { ...super.getConfig(), vocabSize, dim, stddev, seed, idsRank, headBias };
  }
}
tf.serialization.registerClass(TLEmbedding);`,
  },
  {
    id: "TLActivation",
    needs: ["types"],
    source: String.raw`
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** The element-wise non-linearities; GELU is GPT-2's tanh approximation. */
const ACTIVATIONS = {
  relu: (x: tf.Tensor) => tf.relu(x),
  gelu: (x: tf.Tensor) => {
    const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.mul(x, tf.square(x)))));
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
  },
  tanh: (x: tf.Tensor) => tf.tanh(x),
  sigmoid: (x: tf.Tensor) => tf.sigmoid(x),
  silu: (x: tf.Tensor) => tf.mul(x, tf.sigmoid(x)),
  softmax: (x: tf.Tensor) => tf.softmax(x, -1),
};

/** Applies fn element-wise (softmax: over the last axis); no weights. */
class TLActivation extends tf.layers.Layer {
  static className = "TLActivation";
  readonly fn: keyof typeof ACTIVATIONS;

  constructor(args: LayerArgs & { fn?: keyof typeof ACTIVATIONS } = {}) {
    super(args);
    this.fn = args.fn ?? "relu";
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => ACTIVATIONS[this.fn](first(inputs)));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), fn: this.fn };
  }
}
tf.serialization.registerClass(TLActivation);`,
  },
];
