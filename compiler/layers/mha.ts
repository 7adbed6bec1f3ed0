/**
 * TLMultiHeadAttention: the fused attention block of graph/blocks/attention.ts, GPT-2 style
 * (one [C, 3C] qkv projection for self-attention), or cross-attention (queries from one
 * sequence, keys and values from another).
 */
import * as tf from "@tensorflow/tfjs";
import { dense } from "../kernels";
import { attendGrouped, attendShapes, groupsToHeads, headsToGroups } from "./attention";
import { expectRank, featureSize, normalInit, optionalSeed, requireBool, requireInt, requireNumber, shapeList, tensorList } from "./args";
import type { Kwargs, LayerArgs, Shape } from "./args";
import { applyRope } from "./position";

export interface TLMultiHeadAttentionArgs extends LayerArgs {
  /** Heads h; must divide the width C. */
  heads: number;
  /** Mask later positions (default true). */
  causal?: boolean;
  /** Rotate queries and keys per head by position (default false); needs an even head size. */
  rope?: boolean;
  /** RoPE frequency base (default 10000). */
  ropeBase?: number;
  /** Dropout on the attention weights and the output while training (default 0). */
  dropout?: number;
  /** Biases in the projections (default true). */
  useBias?: boolean;
  /** Inputs [query [B, T, C], context [B, S, Cc]] instead of one x [B, T, C] (default false). */
  cross?: boolean;
  /** Std-dev of the q/k/v projections' init (default 0.02). */
  stddev?: number;
  /** Std-dev of the output projection's init (default 0.02; GPT-2 uses 0.02/√(2·layers)). */
  outStddev?: number;
  seed?: number | null;
}

interface Projection {
  kernel: tf.LayerVariable;
  bias?: tf.LayerVariable;
}

/**
 * Self-attention: x [B, T, C] → [out [B, T, C], weights [B, h, T, T]], weights
 * `qkv_kernel` [C, 3C] (columns q | k | v, each split into heads of d contiguous columns),
 * `qkv_bias` [3C], `proj_kernel` [C, C], `proj_bias` [C]: 4C² + 4C parameters.
 * Cross-attention: [query [B, T, C], context [B, S, Cc]] → [out [B, T, C], weights [B, h, T, S]],
 * weights `q_kernel` [C, C], `q_bias` [C], `kv_kernel` [Cc, 2C] (columns k | v), `kv_bias` [2C],
 * `proj_kernel`, `proj_bias`: 2C² + 2·Cc·C + 4C parameters. Biases start at zero.
 */
export class TLMultiHeadAttention extends tf.layers.Layer {
  static className = "TLMultiHeadAttention";
  readonly heads: number;
  readonly causal: boolean;
  readonly rope: boolean;
  readonly ropeBase: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly cross: boolean;
  readonly stddev: number;
  readonly outStddev: number;
  readonly seed: number | null;
  private projections: Record<string, Projection> = {};

  constructor(args: TLMultiHeadAttentionArgs) {
    super(args);
    const layer = "TLMultiHeadAttention";
    this.heads = requireInt(layer, "heads", args.heads, 1);
    this.causal = requireBool(layer, "causal", args.causal, true);
    this.rope = requireBool(layer, "rope", args.rope, false);
    this.ropeBase = requireNumber(layer, "ropeBase", args.ropeBase, { min: 1, above: true }, 10_000);
    this.dropout = requireNumber(layer, "dropout", args.dropout, { min: 0, max: 1, openMax: true }, 0);
    this.useBias = requireBool(layer, "useBias", args.useBias, true);
    this.cross = requireBool(layer, "cross", args.cross, false);
    this.stddev = requireNumber(layer, "stddev", args.stddev, { min: 0, above: true }, 0.02);
    this.outStddev = requireNumber(layer, "outStddev", args.outStddev, { min: 0, above: true }, 0.02);
    this.seed = optionalSeed(layer, args.seed);
  }

  /** [query, context] shapes (context = query for self-attention), checked. */
  private inputShapes(inputShape: Shape | Shape[]): [Shape, Shape] {
    const shapes = shapeList(inputShape);
    const wanted = this.cross ? 2 : 1;
    if (shapes.length !== wanted) {
      throw new Error(
        `${this.name}: ${this.cross ? "cross-attention needs inputs [query, context]" : "self-attention needs one input"}, got ${shapes.length}`,
      );
    }
    shapes.forEach((s) => expectRank(this.name, s, [3]));
    const C = featureSize(this.name, shapes[0]);
    if (C % this.heads !== 0) throw new Error(`${this.name}: heads (${this.heads}) must divide the model width (${C})`);
    if (this.rope && (C / this.heads) % 2 !== 0) {
      throw new Error(`${this.name}: RoPE needs an even head size; width ${C} / ${this.heads} heads = ${C / this.heads}`);
    }
    return [shapes[0], shapes[wanted - 1]];
  }

  private addProjection(name: string, rows: number, cols: number, stddev: number, k: number): Projection {
    const kernel = this.addWeight(`${name}_kernel`, [rows, cols], "float32", normalInit(stddev, this.seed, k));
    const bias = this.useBias ? this.addWeight(`${name}_bias`, [cols], "float32", tf.initializers.zeros()) : undefined;
    return { kernel, bias };
  }

  build(inputShape: Shape | Shape[]): void {
    const [query, context] = this.inputShapes(inputShape);
    const C = featureSize(this.name, query);
    if (this.cross) {
      this.projections.q = this.addProjection("q", C, C, this.stddev, 0);
      this.projections.kv = this.addProjection("kv", featureSize(this.name, context), 2 * C, this.stddev, 1);
    } else {
      this.projections.qkv = this.addProjection("qkv", C, 3 * C, this.stddev, 0);
    }
    this.projections.proj = this.addProjection("proj", C, C, this.outStddev, 2);
    this.built = true;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const [query, context] = this.inputShapes(inputShape);
    const [B, T, C] = query;
    const head: Shape = [B, this.heads, T, C === null ? null : C / this.heads];
    const [, weights] = attendShapes(head, [context[0], this.heads, context[1], head[3]], head);
    return [query, weights];
  }

  private project(x: tf.Tensor, name: string): tf.Tensor {
    const { kernel, bias } = this.projections[name];
    return dense(x, kernel.read(), bias?.read());
  }

  /**
   * x [L, B, Cin] (time-major) through projection `name`, whose columns are `parts` blocks of
   * C (e.g. q | k | v), → `parts` tensors [L, B·h, d]: attention's group-middle layout, reached
   * by reshapes alone because the rows are time-major. Each block is its own matmul on a column
   * slice of the kernel, so no activation is sliced (a wasm Slice copies its whole input first).
   */
  private projectToGroups(x: tf.Tensor, name: string, parts: number): tf.Tensor[] {
    const { kernel, bias } = this.projections[name];
    const [L, B] = x.shape as number[];
    const kernels = parts === 1 ? [kernel.read()] : tf.split(kernel.read(), parts, 1); // parts × [Cin, C]
    const biases = bias && (parts === 1 ? [bias.read()] : tf.split(bias.read(), parts)); // parts × [C]
    return kernels.map((w, i) => {
      const y = dense(x, w, biases?.[i]); // [L, B, C]
      return tf.reshape(y, [L, B * this.heads, (w.shape[1] as number) / this.heads]); // [L, B·h, d]
    });
  }

  /** RoPE on [L, B·h, d] groups, by position along axis 0 (through [B, h, L, d] for applyRope). */
  private rotate(x: tf.Tensor, batch: number): tf.Tensor {
    return headsToGroups(applyRope(groupsToHeads(x, batch), this.ropeBase));
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor[] {
    return tf.tidy(() => {
      const training = kwargs?.training === true;
      const [query, context] = tensorList(inputs);
      const [B, T, C] = query.shape as number[];
      const timeMajor = (x: tf.Tensor) => tf.transpose(x, [1, 0, 2]); // [B, L, C] ↔ [L, B, C]
      const queryRows = timeMajor(query); // [T, B, C]
      let q: tf.Tensor, k: tf.Tensor, v: tf.Tensor;
      if (this.cross) {
        [q] = this.projectToGroups(queryRows, "q", 1);
        [k, v] = this.projectToGroups(timeMajor(context), "kv", 2); // [S, B·h, d]
      } else {
        [q, k, v] = this.projectToGroups(queryRows, "qkv", 3); // [T, B·h, d]
      }
      if (this.rope) [q, k] = [this.rotate(q, B), this.rotate(k, B)];
      const { out, weights } = attendGrouped(q, k, v, { causal: this.causal, dropout: this.dropout, training }); // [T, B·h, d], [T, B·h, S]
      const y = timeMajor(this.project(tf.reshape(out, [T, B, C]), "proj")); // [B, T, C]
      return [training && this.dropout > 0 ? tf.dropout(y, this.dropout) : y, groupsToHeads(weights, B)]; // weights [B, h, T, S]
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    const config = {
      heads: this.heads,
      causal: this.causal,
      rope: this.rope,
      ropeBase: this.ropeBase,
      dropout: this.dropout,
      useBias: this.useBias,
      cross: this.cross,
      stddev: this.stddev,
      outStddev: this.outStddev,
      seed: this.seed,
    };
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(TLMultiHeadAttention);
