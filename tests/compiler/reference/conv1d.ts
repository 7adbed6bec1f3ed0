/**
 * The Conv1D block's equation in plain JS loops (float64), independent of TLConv1D:
 * y[b][t][f] = bias[f] + Σ_j Σ_c W[j][c][f] · x[b][t − j·d + s][c], x outside [0, T) = 0,
 * s = 0 when causal, ⌊(k−1)·d/2⌋ otherwise; and its gradients for L = Σ g ⊙ y.
 */
export type Seq = number[][][]; // [B][T][C]
export type Kernel = number[][][]; // [k][C][F]

export interface Conv1DSpec {
  dilation: number;
  causal: boolean;
}

const shiftOf = (k: number, { dilation, causal }: Conv1DSpec) => (causal ? 0 : Math.floor(((k - 1) * dilation) / 2));

/** The input step tap j of output step t reads, or undefined when it falls in the zero padding. */
function source(t: number, j: number, T: number, k: number, spec: Conv1DSpec): number | undefined {
  const u = t - j * spec.dilation + shiftOf(k, spec);
  return u >= 0 && u < T ? u : undefined;
}

export function conv1dRef(x: Seq, W: Kernel, bias: number[] | undefined, spec: Conv1DSpec): Seq {
  const [k, C, F] = [W.length, W[0].length, W[0][0].length];
  return x.map((seq) =>
    seq.map((_, t) =>
      Array.from({ length: F }, (_f, f) => {
        let y = bias ? bias[f] : 0;
        for (let j = 0; j < k; j++) {
          const u = source(t, j, seq.length, k, spec);
          if (u === undefined) continue;
          for (let c = 0; c < C; c++) y += W[j][c][f] * seq[u][c];
        }
        return y;
      }),
    ),
  );
}

/** dL/dx, dL/dW and dL/dbias for L = Σ g ⊙ conv1d(x, W, bias). */
export function conv1dGradRef(x: Seq, W: Kernel, g: Seq, spec: Conv1DSpec): { dx: Seq; dW: Kernel; dBias: number[] } {
  const [k, C, F] = [W.length, W[0].length, W[0][0].length];
  const dx = x.map((seq) => seq.map(() => new Array<number>(C).fill(0)));
  const dW = W.map((tap) => tap.map(() => new Array<number>(F).fill(0)));
  const dBias = new Array<number>(F).fill(0);
  x.forEach((seq, b) => {
    for (let t = 0; t < seq.length; t++) {
      for (let f = 0; f < F; f++) {
        const gy = g[b][t][f];
        dBias[f] += gy;
        for (let j = 0; j < k; j++) {
          const u = source(t, j, seq.length, k, spec);
          if (u === undefined) continue;
          for (let c = 0; c < C; c++) {
            dx[b][u][c] += gy * W[j][c][f];
            dW[j][c][f] += gy * seq[u][c];
          }
        }
      }
    }
  });
  return { dx, dW, dBias };
}
