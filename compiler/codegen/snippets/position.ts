/** Source of the position layers an exported file defines, mirroring compiler/layers/position.ts. */
import type { Snippet } from "./snippet";

export const POSITION_SNIPPETS: Snippet[] = [
  {
    id: "TLPositionEmbedding",
    needs: ["types", "normalInit"],
    source: String.raw`
/** x [B, T, C] + P[:T], with a learned table P [maxLen, C] (GPT-2's position embedding). */
class TLPositionEmbedding extends tf.layers.Layer {
  static className = "TLPositionEmbedding";
  readonly maxLen: number;
  readonly stddev: number;
  readonly seed: number | null;
  private table?: tf.LayerVariable;

  constructor(args: LayerArgs & { maxLen: number; stddev?: number; seed?: number | null }) {
    super(args);
    this.maxLen = args.maxLen;
    this.stddev = args.stddev ?? 0.02;
    this.seed = args.seed ?? null;
  }

  build(inputShape: Shape | Shape[]): void {
    const C = (inputShape as Shape)[2] as number;
    const init = normalInit(this.stddev, this.seed, 0);
    this.table = this.addWeight("embeddings", [this.maxLen, C], "float32", init);
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      const [, T, C] = x.shape;
      return tf.add(x, tf.slice(this.table!.read(), [0, 0], [T, C])); // [B, T, C]
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    const { maxLen, stddev, seed } = this;
    return { ...super.getConfig(), maxLen, stddev, seed };
  }
}
tf.serialization.registerClass(TLPositionEmbedding);`,
  },
  {
    id: "TLSinusoidal",
    needs: ["types"],
    source: String.raw`
/** PE[t, 2i] = sin(t / 10000^(2i/C)), PE[t, 2i+1] = cos(t / 10000^(2i/C)), as a [T, C] table. */
function sinusoidTable(T: number, C: number): tf.Tensor2D {
  const pe = new Float32Array(T * C);
  for (let t = 0; t < T; t++) {
    for (let c = 0; c < C; c++) {
      const angle = t / Math.pow(10000, (c - (c % 2)) / C);
      pe[t * C + c] = c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tf.tensor2d(pe, [T, C]);
}

/** x [B, T, C] + the fixed sinusoidal position code; no weights. */
class TLSinusoidal extends tf.layers.Layer {
  static className = "TLSinusoidal";

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      return tf.add(x, sinusoidTable(x.shape[1] as number, x.shape[2] as number)); // [B, T, C]
    });
  }
}
tf.serialization.registerClass(TLSinusoidal);`,
  },
  {
    id: "rotatePairs",
    needs: [],
    source: String.raw`
/**
 * RoPE tables for T positions and width features in heads of size d: feature c belongs to
 * pair i = (c mod d) div 2, turned by the angle t·base^(−2i/d); sin carries the sign
 * (−sin on the even feature of a pair, +sin on the odd one).
 */
function ropeTables(T: number, width: number, d: number, base: number) {
  const cos = new Float32Array(T * width);
  const sin = new Float32Array(T * width);
  for (let t = 0; t < T; t++) {
    for (let c = 0; c < width; c++) {
      const angle = t * Math.pow(base, (-2 * Math.floor((c % d) / 2)) / d);
      cos[t * width + c] = Math.cos(angle);
      sin[t * width + c] = (c % 2 === 0 ? -1 : 1) * Math.sin(angle);
    }
  }
  return { cos: tf.tensor2d(cos, [T, width]), sin: tf.tensor2d(sin, [T, width]) };
}

/** Rotates each pair (x[2i], x[2i+1]) of x [..., T, W] by its position's angle (RoPE). */
function rotatePairs(x: tf.Tensor, d: number, base: number): tf.Tensor {
  const [T, width] = x.shape.slice(-2);
  const { cos, sin } = ropeTables(T, width, d, base);
  const pairs = tf.reshape(x, [-1, width / 2, 2]); // [N, W/2, 2]
  const swapped = tf.reshape(tf.reverse(pairs, 2), x.shape); // (x1, x0, x3, x2, …)
  return tf.add(tf.mul(x, cos), tf.mul(swapped, sin));
}`,
  },
  {
    id: "TLRoPE",
    needs: ["types", "rotatePairs"],
    source: String.raw`
/** Rotary positions on [B, T, C] (in heads heads of C/heads features) or [B, h, T, d]. */
class TLRoPE extends tf.layers.Layer {
  static className = "TLRoPE";
  readonly heads: number;
  readonly base: number;

  constructor(args: LayerArgs & { heads?: number; base?: number } = {}) {
    super(args);
    this.heads = args.heads ?? 1;
    this.base = args.base ?? 10000;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      const width = x.shape[x.rank - 1];
      return rotatePairs(x, x.rank === 3 ? width / this.heads : width, this.base);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, base: this.base };
  }
}
tf.serialization.registerClass(TLRoPE);`,
  },
];
