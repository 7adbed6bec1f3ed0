/**
 * Kernels with hand-written gradients that keep training on tfjs-wasm's fast paths. What
 * tfjs-wasm 4.22 does (its dist kernels and cc sources), and what each kernel here avoids:
 * - BatchMatMul and _FusedMatMul reach XNNPACK only when no operand is transposed by flag and
 *   both have batch size 1 (batch_mat_mul_impl.cc); anything else runs a naive loop at
 *   1–2.6 GFLOP/s. tf.matMul's gradient always sets a flag: matMul2d and dense transpose by copy.
 * - Batched products (attention) therefore run naive: groupedMatMul makes each one a depthwise
 *   convolution, which XNNPACK runs as one grouped GEMM.
 * - A 2-D Transpose writes with a stride of the row count (12 ns/element at [1024, 512]):
 *   transposeMatrix copies cache-sized blocks instead.
 * - Sum over axis 0 transposes first: bias gradients are ones·dY.
 * - GatherV2 is slow and its gradient (UnsortedSegmentSum) is missing: oneHotLookup.
 * - Every Slice copies its whole input to JS first, so callers avoid slicing activations.
 */
import * as tf from "@tensorflow/tfjs";

/** The `save` argument of a tf.customGrad function, typed. */
export type Saved = (tensors: tf.Tensor[]) => void;

/** The wasm-only workarounds below are slower elsewhere (an extra op for a problem that is not there). */
const onWasm = () => tf.getBackend() === "wasm";

// Below this many elements the plain Transpose is as quick as the blocked one.
const BLOCKED_TRANSPOSE_MIN = 16_384;

/** The largest divisor of n that is at most `max` (and at least 4), or 1 when there is none. */
function blockSize(n: number, max: number): number {
  for (let r = max; r >= 4; r--) if (n % r === 0) return r;
  return 1;
}

/**
 * xᵀ for a 2-D x [m, n]. On wasm, tf.transpose writes with a stride of m floats (12 ns/element
 * for [1024, 512]); this version copies blocks of b rows × r columns in two passes that both
 * stay in cache: [m/b, b, n/r, r] → [n/r, m/b, b, r] (runs of r floats) → [n/r, r, m/b, b]
 * (2 KB tiles), 4–8× faster.
 * @example transposeMatrix(tf.ones([1024, 512])) // [512, 1024]
 */
export function transposeMatrix(x: tf.Tensor): tf.Tensor2D {
  const [m, n] = x.shape as [number, number];
  const [b, r] = [blockSize(m, 32), blockSize(n, 16)];
  if (!onWasm() || b === 1 || r === 1 || x.size < BLOCKED_TRANSPOSE_MIN) return tf.transpose(x) as tf.Tensor2D;
  const runs = tf.transpose(tf.reshape(x, [m / b, b, n / r, r]), [2, 0, 1, 3]); // [n/r, m/b, b, r]
  return tf.reshape(tf.transpose(runs, [0, 3, 1, 2]), [n, m]); // [n/r, r, m/b, b] → [n, m]
}

/** Swaps the last two axes of a rank-2/3/4 tensor as an explicit copy. */
function swapLastTwo(x: tf.Tensor): tf.Tensor {
  if (x.rank === 2) return transposeMatrix(x);
  const perm = [...Array(x.rank).keys()];
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return tf.transpose(x, perm); // [..., n, m]
}

// dY = A·B  ⇒  dA = dY·Bᵀ, dB = Aᵀ·dY, with Bᵀ and Aᵀ materialised first.
const matMulExplicitGrad = tf.customGrad((a, b, save) => {
  const [x, y] = [a as tf.Tensor, b as tf.Tensor];
  (save as Saved)([x, y]);
  return {
    value: tf.matMul(x, y),
    gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => [tf.matMul(dy, swapLastTwo(sb)), tf.matMul(swapLastTwo(sa), dy)],
  };
});

// y = x·W + b with the bias added inside the matmul (_FusedMatMul). db, the column sums of dY,
// is ones[1, N]·dY: tf.sum over axis 0 runs wasm's slow transpose, and XNNPACK packs dY (its
// right operand) once for both this product and xᵀ·dY, so the bias gradient costs ~0.1 ms.
const denseBiasGrad = tf.customGrad((x, w, b, save) => {
  const [rows, kernel, bias] = [x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D];
  (save as Saved)([rows, kernel]);
  return {
    value: tf.fused.matMul({ a: rows, b: kernel, bias }),
    gradFunc: (dy: tf.Tensor, [sx, sw]: tf.Tensor[]) => [
      tf.matMul(dy, swapLastTwo(sw)),
      tf.matMul(swapLastTwo(sx), dy),
      tf.reshape(tf.matMul(tf.ones([1, sx.shape[0] as number]), dy), [-1]),
    ],
  };
});

function assertMatMul(a: tf.Tensor, b: tf.Tensor, ranks: number[], fn: string): void {
  if (!ranks.includes(a.rank) || a.rank !== b.rank) {
    throw new Error(`${fn} needs two tensors of equal rank ${ranks.join(" or ")}, got [${a.shape}] and [${b.shape}]`);
  }
  if (a.shape.slice(0, -2).some((d, i) => d !== b.shape[i])) {
    throw new Error(`${fn} needs equal batch axes, got [${a.shape}] and [${b.shape}]`);
  }
  if (a.shape[a.rank - 1] !== b.shape[b.rank - 2]) {
    throw new Error(`${fn}: inner sizes differ, [${a.shape}] · [${b.shape}]`);
  }
}

/**
 * A·B for 2-D tensors, same value and gradient as `tf.matMul(a, b)`.
 * @example matMul2d(tf.ones([2, 3]), tf.ones([3, 4])) // [2, 4], all 3
 */
export function matMul2d(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  assertMatMul(a, b, [2], "matMul2d");
  return matMulExplicitGrad(a, b) as tf.Tensor2D;
}

/**
 * Batched A·B for rank-3 [N, n, k]·[N, k, m] or rank-4 [B, h, n, k]·[B, h, k, m] tensors with
 * equal batch axes (no broadcasting); backward transposes explicitly, never by flag.
 * @example batchedMatMul(q, kT) // [B, h, T, d]·[B, h, d, S] → [B, h, T, S]
 */
export function batchedMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  assertMatMul(a, b, [3, 4], "batchedMatMul");
  return matMulExplicitGrad(a, b);
}

/**
 * y = x·W + b over the last axis of x of any rank ≥ 1, through one 2-D matmul.
 * @example dense(x, w, bias) // x [B, T, 64], w [64, 256], bias [256] → [B, T, 256]
 */
export function dense(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const cin = x.shape[x.rank - 1];
  const cout = kernel.shape[1] as number;
  if (kernel.rank !== 2 || kernel.shape[0] !== cin) {
    throw new Error(`dense: input has ${cin} features but the kernel is [${kernel.shape}]`);
  }
  const rows = tf.reshape(x, [-1, cin]); // [B·T, C]
  const y = bias ? denseBiasGrad(rows, kernel, bias) : matMul2d(rows, kernel); // [B·T, Cout]
  return tf.reshape(y, [...x.shape.slice(0, -1), cout]); // [B, T, Cout]
}

const oneHotRows = (ids: tf.Tensor, V: number) => tf.cast(tf.oneHot(ids as tf.Tensor1D, V), "float32"); // [N, V]

// Backward computes dE = onehotᵀ·dY as an untransposed 2-D matmul instead of
// UnsortedSegmentSum. Forward is tf.gather, except on wasm, where GatherV2 is ~6× slower than
// onehot·E (XNNPACK); both copy rows exactly.
const gatherOneHotGrad = tf.customGrad((ids, table, save) => {
  const [flatIds, t] = [ids as tf.Tensor1D, table as tf.Tensor2D];
  const V = t.shape[0];
  (save as Saved)([flatIds]);
  return {
    value: onWasm() ? tf.matMul(oneHotRows(flatIds, V), t) : tf.gather(t, flatIds), // [N, C]
    gradFunc: (dy: tf.Tensor, [savedIds]: tf.Tensor[]) => [
      tf.zeros(flatIds.shape),
      tf.matMul(transposeMatrix(oneHotRows(savedIds, V)), dy),
    ], // [V, N]·[N, C] → [V, C]
  };
});

// out[p, g, r] = Σ_w x[p, w, g]·f[w, g, r]: a depthwise convolution of the image [1, p, w, g]
// (g channels) with the filter [1, w, g, r] (channel multiplier r), valid padding. On wasm it
// runs as one XNNPACK grouped GEMM, where a batched tf.matMul runs a naive loop.
function groupedProduct(x: tf.Tensor, f: tf.Tensor): tf.Tensor {
  const [p, w, g] = x.shape as [number, number, number];
  const r = f.shape[2] as number;
  const image = tf.reshape(x, [1, p, w, g]) as tf.Tensor4D;
  const out = tf.depthwiseConv2d(image, tf.reshape(f, [1, w, g, r]) as tf.Tensor4D, 1, "valid"); // [1, p, 1, g·r]
  return tf.reshape(out, [p, g, r]);
}

// The three products of the group-middle layout (rows, G, cols) that forward and backward need.
const nn = (a: tf.Tensor, b: tf.Tensor) => groupedProduct(tf.transpose(a, [0, 2, 1]), b); // [n,G,k]·[k,G,m] → [n,G,m]
// [m, G, k] → [k, G, m] through [G, m, k]: 3–4× faster on wasm than the one-step [2, 1, 0].
const outerToInner = (b: tf.Tensor) => tf.transpose(tf.transpose(b, [1, 0, 2]), [2, 0, 1]);
const nt = (a: tf.Tensor, b: tf.Tensor) => groupedProduct(tf.transpose(a, [0, 2, 1]), outerToInner(b)); // [n,G,k]·[m,G,k]ᵀ → [n,G,m]
const tn = (a: tf.Tensor, b: tf.Tensor) => groupedProduct(tf.transpose(a, [2, 0, 1]), b); // [n,G,k]ᵀ·[n,G,m] → [k,G,m]

// C = A·B ⇒ dA = dC·Bᵀ, dB = Aᵀ·dC;  C = A·Bᵀ ⇒ dA = dC·B, dB = dCᵀ·A.
const groupedNN = tf.customGrad((a, b, save) => {
  (save as Saved)([a as tf.Tensor, b as tf.Tensor]);
  return { value: nn(a as tf.Tensor, b as tf.Tensor), gradFunc: (dc: tf.Tensor, [sa, sb]: tf.Tensor[]) => [nt(dc, sb), tn(sa, dc)] };
});
const groupedNT = tf.customGrad((a, b, save) => {
  (save as Saved)([a as tf.Tensor, b as tf.Tensor]);
  return { value: nt(a as tf.Tensor, b as tf.Tensor), gradFunc: (dc: tf.Tensor, [sa, sb]: tf.Tensor[]) => [nn(dc, sb), tn(dc, sa)] };
});

/**
 * One matrix product per group g, with the group axis in the middle (the layout attention uses:
 * time, batch·head, feature): a [n, G, k], b [k, G, m] → [n, G, m], C_g = A_g·B_g; with
 * `transposeB`, b is [m, G, k] and C_g = A_g·B_gᵀ. Same values and gradients as the batched
 * tf.matMul of the [G, n, k] views; every product, forward and backward, is one grouped
 * convolution (XNNPACK on wasm, 3–4× faster there than batched tf.matMul).
 * @example groupedMatMul(q, k, true) // q [T, G, d], k [S, G, d] → scores [T, G, S]
 */
export function groupedMatMul(a: tf.Tensor, b: tf.Tensor, transposeB = false): tf.Tensor {
  const [, G, k] = a.shape;
  const inner = transposeB ? b.shape[2] : b.shape[0];
  if (a.rank !== 3 || b.rank !== 3 || b.shape[1] !== G || inner !== k) {
    throw new Error(`groupedMatMul needs a [n, G, k] and b [${transposeB ? "m, G, k" : "k, G, m"}], got [${a.shape}] and [${b.shape}]`);
  }
  return transposeB ? groupedNT(a, b) : groupedNN(a, b);
}

/**
 * Embedding lookup E[ids] for int ids of any shape; the table's gradient is one-hotᵀ·dY,
 * which works on wasm (where tf.gather's gradient throws). Ids must lie in [0, V).
 * @example oneHotLookup(tf.tensor2d([[1, 0]], [1, 2], "int32"), table) // table [V, C] → [1, 2, C]
 */
export function oneHotLookup(ids: tf.Tensor, table: tf.Tensor): tf.Tensor {
  if (table.rank !== 2) throw new Error(`oneHotLookup needs a [V, C] table, got [${table.shape}]`);
  const flat = tf.reshape(ids.dtype === "int32" ? ids : tf.cast(ids, "int32"), [-1]); // [N]
  const rows = gatherOneHotGrad(flat, table); // [N, C]
  return tf.reshape(rows, [...ids.shape, table.shape[1] as number]); // [..., C]
}
