/**
 * Matmul kernels with hand-written gradients that stay on tfjs-wasm's fast path.
 *
 * tfjs-wasm has a fast matmul only for 2-D, untransposed operands; any `transposeA/B` flag or
 * batch > 1 falls back to a naive loop, and tf.matMul's own gradient always sets a transpose
 * flag (STACK-NOTES.md). These kernels compute the same values and gradients as tf.matMul but
 * transpose with explicit `tf.transpose` copies, so every backward matmul is untransposed.
 * wasm also lacks UnsortedSegmentSum, the gradient of tf.gather; `oneHotLookup` replaces it.
 */
import * as tf from "@tensorflow/tfjs";

type Saved = (tensors: tf.Tensor[]) => void;

/** Swaps the last two axes of a rank-2/3/4 tensor as an explicit copy. */
function swapLastTwo(x: tf.Tensor): tf.Tensor {
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
  const y = matMul2d(rows, kernel); // [B·T, Cout]
  const withBias = bias ? tf.add(y, bias) : y;
  return tf.reshape(withBias, [...x.shape.slice(0, -1), cout]); // [B, T, Cout]
}

// Forward is a plain gather (no one-hot needed at inference); backward builds the one-hot
// and computes dE = onehotᵀ·dY as an untransposed 2-D matmul instead of UnsortedSegmentSum.
const gatherOneHotGrad = tf.customGrad((ids, table, save) => {
  const [flatIds, t] = [ids as tf.Tensor1D, table as tf.Tensor2D];
  (save as Saved)([flatIds]);
  return {
    value: tf.gather(t, flatIds), // [N, C]
    gradFunc: (dy: tf.Tensor, [savedIds]: tf.Tensor[]) => {
      const oneHot = tf.cast(tf.oneHot(savedIds as tf.Tensor1D, t.shape[0]), "float32"); // [N, V]
      const dTable = tf.matMul(tf.transpose(oneHot), dy); // [V, N]·[N, C] → [V, C]
      return [tf.zeros(flatIds.shape), dTable];
    },
  };
});

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
