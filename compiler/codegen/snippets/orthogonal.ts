/** The seeded orthogonal initialiser of recurrent kernels, mirroring compiler/layers/orthogonal.ts. */
import type { Snippet } from "./snippet";

export const ORTHOGONAL_SNIPPETS: Snippet[] = [
  {
    id: "mulberry32",
    needs: [],
    source: String.raw`
/** mulberry32: a small seeded PRNG, so a seed gives the same numbers on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}`,
  },
  {
    id: "TLOrthogonal",
    needs: ["mulberry32"],
    source: String.raw`
/** A rows × cols matrix whose shorter side is orthonormal (Gram–Schmidt), scaled by gain. */
function orthogonalMatrix(rows: number, cols: number, gain: number, seed: number): Float32Array {
  const n = Math.min(rows, cols);
  const len = Math.max(rows, cols);
  const rand = mulberry32(seed);
  const normal = () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const vecs: Float64Array[] = [];
  while (vecs.length < n) {
    const v = Float64Array.from({ length: len }, normal);
    for (const q of vecs) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += v[i] * q[i];
      for (let i = 0; i < len; i++) v[i] -= dot * q[i];
    }
    let norm = 0;
    for (let i = 0; i < len; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm < 1e-8) continue; // a (vanishingly rare) dependent draw: draw again
    for (let i = 0; i < len; i++) v[i] /= norm;
    vecs.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // Orthonormal rows when rows ≤ cols, orthonormal columns otherwise.
      out[r * cols + c] = gain * (rows <= cols ? vecs[r][c] : vecs[c][r]);
    }
  }
  return out;
}

type Initializer = ReturnType<typeof tf.initializers.ones>;
// tfjs does not export its Initializer base class; every built-in initialiser extends it.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as {
  new (): Initializer;
  fromConfig: typeof tf.serialization.Serializable.fromConfig;
};

/** A fast seeded orthogonal initialiser (tfjs's own runs a slow QR decomposition). */
class TLOrthogonal extends InitializerBase {
  static className = "TLOrthogonal";
  readonly gain: number;
  readonly seed: number;

  constructor(args: { gain?: number; seed?: number } = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = args.seed ?? 0;
  }

  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    const [rows, cols] = shape;
    const values = orthogonalMatrix(rows, cols, this.gain, this.seed);
    return tf.tensor2d(values, [rows, cols], dtype === "int32" ? "float32" : (dtype ?? "float32"));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { gain: this.gain, seed: this.seed };
  }
}
tf.serialization.registerClass(TLOrthogonal);`,
  },
];
