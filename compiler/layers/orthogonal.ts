/**
 * A fast, seeded orthogonal initialiser for recurrent kernels. tfjs's own runs a QR
 * decomposition through tensor ops that takes seconds (a 192×768 LSTM kernel: ~12 s on wasm,
 * far more on cpu); modified Gram–Schmidt in plain JS does the same in milliseconds.
 */
import * as tf from "@tensorflow/tfjs";
import { mulberry32 } from "./random";

/**
 * A `rows × cols` matrix whose shorter side is orthonormal, scaled by `gain`.
 * @example orthogonalMatrix(4, 16, 1, 0) // 4 orthonormal rows of length 16
 */
export function orthogonalMatrix(rows: number, cols: number, gain: number, seed: number): Float32Array {
  const n = Math.min(rows, cols); // vectors to orthonormalise
  const len = Math.max(rows, cols); // their length
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

export interface TLOrthogonalArgs {
  gain?: number;
  seed?: number;
}

/** tfjs's Initializer type (the package exports it only through its factories). */
type Initializer = ReturnType<typeof tf.initializers.zeros>;

// tfjs does not export its Initializer base class; every built-in initialiser extends it.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as {
  new (): Initializer;
  fromConfig: typeof tf.serialization.Serializable.fromConfig;
};

export class TLOrthogonal extends InitializerBase {
  static className = "TLOrthogonal";
  readonly gain: number;
  readonly seed: number;

  constructor(args: TLOrthogonalArgs = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = args.seed ?? 0;
  }

  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length !== 2) throw new Error(`TLOrthogonal needs a 2-D shape, got [${shape.join(", ")}]`);
    const [rows, cols] = shape;
    return tf.tensor2d(
      orthogonalMatrix(rows, cols, this.gain, this.seed),
      [rows, cols],
      dtype === "int32" ? "float32" : (dtype ?? "float32"),
    );
  }

  getConfig(): tf.serialization.ConfigDict {
    return { gain: this.gain, seed: this.seed };
  }
}
tf.serialization.registerClass(TLOrthogonal);
