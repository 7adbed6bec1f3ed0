/**
 * TLEmbedding: the token table E [V, C], used both ways for weight tying
 * (graph/blocks/sequence.ts Embedding, and a Linear head with tieTo).
 */
import * as tf from "@tensorflow/tfjs";
import { dense, oneHotLookup } from "../kernels";
import { expectRank, normalInit, optionalSeed, requireBool, requireInt, requireNumber } from "./args";
import type { Kwargs, LayerArgs, Shape } from "./args";

export interface TLEmbeddingArgs extends LayerArgs {
  /** Rows V: number of token ids. */
  vocabSize: number;
  /** Vector size C. */
  dim: number;
  /** Std-dev of the N(0, stddev²) init (default 0.02). */
  stddev?: number;
  seed?: number | null;
  /** Rank of the ids input including the batch axis (default 2: [B, T]). */
  idsRank?: number;
  /** Give the tied head a learned bias of size V (default false). */
  headBias?: boolean;
}

/**
 * One shared layer, two uses told apart by the input's rank:
 * - int ids of rank idsRank, [B, T] → rows E[ids], [B, T, C] (the embedding);
 * - floats of rank idsRank + 1, [B, T, C] → logits x·Eᵀ (+ b), [B, T, V] (the tied LM head).
 * Apply the same instance at both ends of a functional model to tie the weights.
 * Weights: `embeddings` [V, C] and, with headBias, `head_bias` [V] (zeros).
 * @example const tok = new TLEmbedding({ vocabSize: 65, dim: 128, seed: 0, name: "wte" });
 *          const h = tok.apply(ids); … const logits = tok.apply(hFinal); // [B, T, 65]
 */
export class TLEmbedding extends tf.layers.Layer {
  static className = "TLEmbedding";
  readonly vocabSize: number;
  readonly dim: number;
  readonly stddev: number;
  readonly seed: number | null;
  readonly idsRank: number;
  readonly headBias: boolean;
  private table?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  /** Times this layer was applied as the tied head in a model (see dispose). */
  private headUses = 0;

  constructor(args: TLEmbeddingArgs) {
    super(args);
    this.vocabSize = requireInt("TLEmbedding", "vocabSize", args.vocabSize, 1);
    this.dim = requireInt("TLEmbedding", "dim", args.dim, 1);
    this.stddev = requireNumber("TLEmbedding", "stddev", args.stddev, { min: 0, above: true }, 0.02);
    this.seed = optionalSeed("TLEmbedding", args.seed);
    this.idsRank = requireInt("TLEmbedding", "idsRank", args.idsRank, 1, 2);
    this.headBias = requireBool("TLEmbedding", "headBias", args.headBias, false);
  }

  build(_inputShape: Shape | Shape[]): void {
    this.table = this.addWeight("embeddings", [this.vocabSize, this.dim], "float32", normalInit(this.stddev, this.seed, 0));
    if (this.headBias) this.bias = this.addWeight("head_bias", [this.vocabSize], "float32", tf.initializers.zeros());
    this.built = true;
  }

  /** True when the input is token ids (lookup), false when it is vectors (tied head). */
  private isLookup(shape: Shape): boolean {
    expectRank(
      this.name,
      shape,
      [this.idsRank, this.idsRank + 1],
      `input (ids of rank ${this.idsRank} or vectors of rank ${this.idsRank + 1})`,
    );
    if (shape.length === this.idsRank) return true;
    if (shape[shape.length - 1] !== null && shape[shape.length - 1] !== this.dim) {
      throw new Error(`${this.name}: a tied head needs vectors of size ${this.dim}, got [${shape.map((d) => d ?? "?").join(", ")}]`);
    }
    return false;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    return this.isLookup(shape) ? [...shape, this.dim] : [...shape.slice(0, -1), this.vocabSize];
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const table = this.table!.read(); // [V, C]
      if (this.isLookup(x.shape)) return oneHotLookup(x, table); // [B, T, C]
      const tableT = tf.transpose(table); // [C, V]: an explicit copy keeps the matmul untransposed
      return dense(x, tableT, this.bias?.read()); // [B, T, V]
    });
  }

  apply(
    inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[],
    kwargs?: Kwargs,
  ): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const out = super.apply(inputs, kwargs);
    if (x instanceof tf.SymbolicTensor && !this.isLookup(x.shape)) this.headUses++;
    return out;
  }

  /**
   * tfjs counts a reference per application in a model but a model disposes each of its layers
   * once: applied at both ends of one model (lookup and tied head), the table would outlive the
   * model. So releasing the layer releases its head applications too.
   */
  dispose(): ReturnType<tf.layers.Layer["dispose"]> {
    let result = super.dispose();
    for (; result.refCountAfterDispose > 0 && this.headUses > 0; this.headUses--) result = super.dispose();
    return result;
  }

  getConfig(): tf.serialization.ConfigDict {
    const config = {
      vocabSize: this.vocabSize,
      dim: this.dim,
      stddev: this.stddev,
      seed: this.seed,
      idsRank: this.idsRank,
      headBias: this.headBias,
    };
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(TLEmbedding);
