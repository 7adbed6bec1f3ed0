/**
 * Reference LSTM and GRU in plain JS float64 loops, written from the published equations, not
 * from tfjs or from compiler/layers/recurrent.ts; and their gradients by central finite
 * differences (also float64), which needs nothing but the forward pass.
 *
 * Shapes: x [B][T][D]; W [D][G·H] (the input kernel, PyTorch's weight_ih_l0 transposed),
 * U [H][G·H] (PyTorch's weight_hh_l0 transposed), bih, bhh [G·H]; h₀ = c₀ = 0.
 *
 * LSTM (Hochreiter & Schmidhuber 1997 with a forget gate, Gers et al. 2000; PyTorch nn.LSTM),
 * G = 4, gate order i, f, g, o:
 *   i = σ(x·W_i + b_ii + h·U_i + b_hi)     f = σ(x·W_f + b_if + h·U_f + b_hf)
 *   g = tanh(x·W_g + b_ig + h·U_g + b_hg)  o = σ(x·W_o + b_io + h·U_o + b_ho)
 *   c' = f ⊙ c + i ⊙ g                     h' = o ⊙ tanh(c')
 * GRU (Cho et al. 2014, in the cuDNN / PyTorch nn.GRU form), G = 3, gate order r, z, n:
 *   r = σ(x·W_r + b_ir + h·U_r + b_hr)     z = σ(x·W_z + b_iz + h·U_z + b_hz)
 *   n = tanh(x·W_n + b_in + r ⊙ (h·U_n + b_hn))
 *   h' = (1 − z) ⊙ n + z ⊙ h
 * σ(a) = 1 / (1 + e^(−a)) is the logistic function.
 */

export type Cell = "lstm" | "gru";

/** One layer's weights, as flat row-major float64 arrays in the layout above. */
export interface RecurrentWeights {
  W: number[]; // [D, G·H]
  U: number[]; // [H, G·H]
  bih: number[]; // [G·H]
  bhh: number[]; // [G·H]
}

export const gateCount = (cell: Cell) => (cell === "lstm" ? 4 : 3);
const sigma = (a: number) => 1 / (1 + Math.exp(-a));

/** Row vector v [n] times row-major M [n, m] plus bias b [m]. */
function affine(v: number[], M: number[], b: number[], m: number): number[] {
  const out = b.slice();
  for (let k = 0; k < v.length; k++) for (let j = 0; j < m; j++) out[j] += v[k] * M[k * m + j];
  return out;
}

/** One layer over x [B][T][D]: every hidden state h_t, [B][T][H]. */
export function recurrentLayer(cell: Cell, x: number[][][], w: RecurrentWeights, H: number): number[][][] {
  const G = gateCount(cell);
  return x.map((seq) => {
    let h = new Array<number>(H).fill(0);
    let c = new Array<number>(H).fill(0);
    return seq.map((xt) => {
      const a = affine(xt, w.W, w.bih, G * H); // x·W + b_i*
      const q = affine(h, w.U, w.bhh, G * H); // h·U + b_h*
      if (cell === "lstm") {
        const gate = (k: number, j: number) => a[k * H + j] + q[k * H + j];
        const cNext = c.map((cj, j) => sigma(gate(1, j)) * cj + sigma(gate(0, j)) * Math.tanh(gate(2, j)));
        h = cNext.map((cj, j) => sigma(gate(3, j)) * Math.tanh(cj));
        c = cNext;
      } else {
        h = h.map((hj, j) => {
          const r = sigma(a[j] + q[j]);
          const z = sigma(a[H + j] + q[H + j]);
          const n = Math.tanh(a[2 * H + j] + r * q[2 * H + j]);
          return (1 - z) * n + z * hj;
        });
      }
      return h.slice();
    });
  });
}

/** A stack of layers; the output is every step of the last one, or its last step only. */
export function recurrentStack(
  cell: Cell,
  x: number[][][],
  layers: RecurrentWeights[],
  H: number,
  returnSequences: boolean,
): number[][][] | number[][] {
  const seqs = layers.reduce((h, w) => recurrentLayer(cell, h, w, H), x);
  return returnSequences ? seqs : seqs.map((s) => s[s.length - 1]);
}

/**
 * ∂L/∂θ for L = Σ f(θ) ⊙ weights by central differences, (L(θ + ε) − L(θ − ε)) / 2ε, in float64
 * (truncation error O(ε²), rounding O(1e-16/ε): ~1e-10 at ε = 1e-6).
 */
export function finiteDifferenceGrad(theta: number[], loss: (theta: number[]) => number, eps = 1e-6): number[] {
  return theta.map((_, i) => {
    const plus = theta.slice();
    const minus = theta.slice();
    plus[i] += eps;
    minus[i] -= eps;
    return (loss(plus) - loss(minus)) / (2 * eps);
  });
}

/** Σ a ⊙ b over two nested arrays of equal shape. */
export function weightedSum(a: unknown, b: unknown): number {
  if (typeof a === "number") return a * (b as number);
  return (a as unknown[]).reduce<number>((s, v, i) => s + weightedSum(v, (b as unknown[])[i]), 0);
}
