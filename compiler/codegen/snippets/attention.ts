/**
 * Source of the attention layers an exported file defines, mirroring compiler/layers/heads.ts,
 * attention.ts and mha.ts (names, configs, weights, numerics) in the plain [B, h, T, d] layout.
 */
import type { Snippet } from "./snippet";

export const ATTENTION_SNIPPETS: Snippet[] = [
  {
    id: "heads",
    needs: [],
    source: String.raw`
/** [B, T, C] → [B, h, T, C/h]: head j takes features j·d … (j+1)·d − 1. */
function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [B, T, C] = x.shape;
  return tf.transpose(tf.reshape(x, [B, T, heads, C / heads]), [0, 2, 1, 3]); // [B, h, T, d]
}

/** [B, h, T, d] → [B, T, h·d]: the heads side by side again. */
function mergeHeads(x: tf.Tensor): tf.Tensor {
  const [B, h, T, d] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [B, T, h * d]); // [B, T, h·d]
}`,
  },
  {
    id: "attend",
    needs: [],
    source: String.raw`
/** Added to masked scores: exp() underflows to 0, yet a fully masked row stays finite. */
const MASKED_SCORE = -1e9;

/** [T, S] additive mask: 0 where key j ≤ query i, MASKED_SCORE where j is later. */
function causalMask(T: number, S: number): tf.Tensor2D {
  const mask = new Float32Array(T * S);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < S; j++) mask[i * S + j] = MASKED_SCORE;
  return tf.tensor2d(mask, [T, S]);
}

/**
 * softmax(Q·Kᵀ/√d + M)·V per batch and head: q [B, h, T, d], k [B, h, S, d], v [B, h, S, dv]
 * → [out [B, h, T, dv], weights [B, h, T, S]] (the weights before dropout).
 */
function attend(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  causal: boolean,
  dropout = 0,
  training = false,
): [tf.Tensor, tf.Tensor] {
  const [T, d] = q.shape.slice(2);
  const S = k.shape[2] as number;
  const scores = tf.matMul(tf.mul(q, 1 / Math.sqrt(d)), k, false, true); // [B, h, T, S]
  const weights = tf.softmax(causal ? tf.add(scores, causalMask(T, S)) : scores, -1);
  const used = training && dropout > 0 ? tf.dropout(weights, dropout) : weights;
  return [tf.matMul(used, v), weights]; // [B, h, T, dv], [B, h, T, S]
}`,
  },
  {
    id: "TLSplitHeads",
    needs: ["types", "heads"],
    source: String.raw`
/** [B, T, C] → [B, h, T, C/h]; no weights. */
class TLSplitHeads extends tf.layers.Layer {
  static className = "TLSplitHeads";
  readonly heads: number;

  constructor(args: LayerArgs & { heads: number }) {
    super(args);
    this.heads = args.heads;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [B, T, C] = inputShape as Shape;
    return [B, this.heads, T, (C as number) / this.heads];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => splitHeads(first(inputs), this.heads));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads };
  }
}
tf.serialization.registerClass(TLSplitHeads);`,
  },
  {
    id: "TLMergeHeads",
    needs: ["types", "heads"],
    source: String.raw`
/** [B, h, T, d] → [B, T, h·d]; no weights. */
class TLMergeHeads extends tf.layers.Layer {
  static className = "TLMergeHeads";

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [B, h, T, d] = inputShape as Shape;
    return [B, T, (h as number) * (d as number)];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => mergeHeads(first(inputs)));
  }
}
tf.serialization.registerClass(TLMergeHeads);`,
  },
  {
    id: "TLScaledDotProductAttention",
    needs: ["types", "attend"],
    source: String.raw`
/** [q, k, v] each [B, h, ·, d] → [out [B, h, T, dv], weights [B, h, T, S]]; no weights. */
class TLScaledDotProductAttention extends tf.layers.Layer {
  static className = "TLScaledDotProductAttention";
  readonly causal: boolean;

  constructor(args: LayerArgs & { causal?: boolean } = {}) {
    super(args);
    this.causal = args.causal ?? true;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const [q, k, v] = inputShape as Shape[];
    return [
      [q[0], q[1], q[2], v[3]],
      [q[0], q[1], q[2], k[2]],
    ];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const [q, k, v] = inputs as tf.Tensor[];
      return attend(q, k, v, this.causal);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), causal: this.causal };
  }
}
tf.serialization.registerClass(TLScaledDotProductAttention);`,
  },
  {
    id: "TLMultiHeadAttention",
    needs: ["types", "normalInit", "dense", "heads", "attend", "rotatePairs"],
    source: String.raw`
interface Projection {
  kernel: tf.LayerVariable;
  bias?: tf.LayerVariable;
}

/**
 * Multi-head attention, GPT-2 style: x [B, T, C] → [out [B, T, C], weights [B, h, T, T]], with
 * qkv_kernel [C, 3C] (columns q | k | v, each split into heads of d = C/h columns), qkv_bias,
 * proj_kernel [C, C] and proj_bias. With cross, inputs [query [B, T, C], context [B, S, Cc]] and
 * q_kernel [C, C], q_bias, kv_kernel [Cc, 2C] (columns k | v), kv_bias, proj_kernel, proj_bias.
 */
class TLMultiHeadAttention extends tf.layers.Layer {
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

  constructor(
    args: LayerArgs & {
      heads: number;
      causal?: boolean;
      rope?: boolean;
      ropeBase?: number;
      dropout?: number;
      useBias?: boolean;
      cross?: boolean;
      stddev?: number;
      outStddev?: number;
      seed?: number | null;
    },
  ) {
    super(args);
    this.heads = args.heads;
    this.causal = args.causal ?? true;
    this.rope = args.rope ?? false;
    this.ropeBase = args.ropeBase ?? 10000;
    this.dropout = args.dropout ?? 0;
    this.useBias = args.useBias ?? true;
    this.cross = args.cross ?? false;
    this.stddev = args.stddev ?? 0.02;
    this.outStddev = args.outStddev ?? 0.02;
    this.seed = args.seed ?? null;
  }

  /** Weight k of the layer: name_kernel [rows, cols] ~ N(0, stddev²) and name_bias [cols]. */
  private addProjection(name: string, rows: number, cols: number, stddev: number, k: number) {
    const init = normalInit(stddev, this.seed, k);
    const kernel = this.addWeight(name + "_kernel", [rows, cols], "float32", init);
    const bias = this.useBias
      ? this.addWeight(name + "_bias", [cols], "float32", tf.initializers.zeros())
      : undefined;
    this.projections[name] = { kernel, bias };
  }

  build(inputShape: Shape | Shape[]): void {
    const [query, context] = (this.cross ? inputShape : [inputShape]) as Shape[];
    const C = query[2] as number;
    if (this.cross) {
      this.addProjection("q", C, C, this.stddev, 0);
      this.addProjection("kv", context[2] as number, 2 * C, this.stddev, 1);
    } else {
      this.addProjection("qkv", C, 3 * C, this.stddev, 0);
    }
    this.addProjection("proj", C, C, this.outStddev, 2);
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const [query, context] = (this.cross ? inputShape : [inputShape, inputShape]) as Shape[];
    return [query, [query[0], this.heads, query[1], context[1]]];
  }

  private project(x: tf.Tensor, name: string): tf.Tensor {
    const { kernel, bias } = this.projections[name];
    return dense(x, kernel.read(), bias?.read());
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor[] {
    return tf.tidy(() => {
      const training = kwargs.training === true;
      const [query, context] = this.cross ? (inputs as tf.Tensor[]) : [first(inputs)];
      const [q, k, v] = this.cross
        ? [this.project(query, "q"), ...tf.split(this.project(context, "kv"), 2, -1)]
        : tf.split(this.project(query, "qkv"), 3, -1); // [B, T, C] each (keys, values: [B, S, C])
      let [qh, kh] = [splitHeads(q, this.heads), splitHeads(k, this.heads)]; // [B, h, T, d]
      if (this.rope) {
        const d = qh.shape[3] as number;
        [qh, kh] = [rotatePairs(qh, d, this.ropeBase), rotatePairs(kh, d, this.ropeBase)];
      }
      const vh = splitHeads(v, this.heads); // [B, h, S, d]
      const [out, weights] = attend(qh, kh, vh, this.causal, this.dropout, training);
      const y = this.project(mergeHeads(out), "proj"); // [B, T, C]
      return [training && this.dropout > 0 ? tf.dropout(y, this.dropout) : y, weights];
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
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
  }
}
tf.serialization.registerClass(TLMultiHeadAttention);`,
  },
];
