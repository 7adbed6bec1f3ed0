/**
 * The LSTM and GRU recurrences as single tfjs ops with backpropagation through time written out
 * (tf.customGrad), so that every matrix product, forward and backward, is a 2-D untransposed
 * matmul: tfjs-wasm's XNNPACK fast path (see compiler/kernels.ts). What each pass does:
 * - forward: all T input projections in ONE matmul ([T·B, D]·[D, G·H]); per step one [B, H]·
 *   [H, G·H] matmul and ~10 element-wise ops; the gate activations are kept for backward;
 * - backward: per step ~20 element-wise ops and one [B, G·H]·[G·H, H] matmul with Uᵀ
 *   materialised once; then dW, dU, the biases and dx as ONE matmul each over all T·B rows.
 * Time steps are split off in one read (see `steps`), not with tf.slice: wasm's Slice copies its
 * whole input to JS first, which would make T slices of a [T, B, G·H] tensor cost O(T²).
 *
 * Shapes: x [B, T, D], W [D, G·H], U [H, G·H], bih and bhh [G·H]; h₀ = c₀ = 0. Gate order and
 * equations (the same as PyTorch's nn.LSTM / nn.GRU):
 *   LSTM (G = 4: i, f, g, o): a = x·W + bih + h·U + bhh; i, f, o = σ(a_i), σ(a_f), σ(a_o);
 *        g = tanh(a_g); c' = f ⊙ c + i ⊙ g; h' = o ⊙ tanh(c').
 *   GRU (G = 3: r, z, n): p = x·W + bih, q = h·U + bhh; r = σ(p_r + q_r), z = σ(p_z + q_z),
 *        n = tanh(p_n + r ⊙ q_n); h' = (1 − z) ⊙ n + z ⊙ h.
 */
import * as tf from "@tensorflow/tfjs";
import { transposeMatrix } from "../kernels";
import type { Saved } from "../kernels";

export type RecurrentCell = "lstm" | "gru";

/** Number of gates (blocks of H columns in W and U): 4 for the LSTM, 3 for the GRU. */
export const GATES: Record<RecurrentCell, number> = { lstm: 4, gru: 3 };

/**
 * The T steps [B, n] of a time-major [T, B, n] tensor. On wasm and cpu the data sits in host
 * memory: one read and T small copies (~3 ms for [64, 32, 768]) beat T GatherV2 kernels
 * (~0.37 ms each on wasm) and T Slices (each copies the whole input); elsewhere, tf.unstack.
 */
function steps(seq: tf.Tensor): tf.Tensor[] {
  if (!["wasm", "cpu"].includes(tf.getBackend())) return tf.unstack(seq);
  const [T, B, n] = seq.shape;
  const data = seq.dataSync() as Float32Array;
  return Array.from({ length: T }, (_, t) => tf.tensor2d(data.subarray(t * B * n, (t + 1) * B * n), [B, n]));
}
const swapBatchTime = (x: tf.Tensor) => tf.transpose(x, [1, 0, 2]); // [B, T, n] ↔ [T, B, n]
const oneMinus = (x: tf.Tensor) => tf.sub(1, x);

/** x [B, T, D] → its rows time-major [T·B, D], and P = rows·W + b reshaped to [T, B, G·H]. */
function projectInputs(x: tf.Tensor, W: tf.Tensor, b: tf.Tensor) {
  const [B, T, D] = x.shape;
  const rows = tf.reshape(swapBatchTime(x), [T * B, D]) as tf.Tensor2D; // [T·B, D]
  const P = tf.fused.matMul({ a: rows, b: W as tf.Tensor2D, bias: b }); // [T·B, G·H]
  return { rows, P: tf.reshape(P, [T, B, -1]) };
}

/** The output: every step [B, T, H] or the last [B, H]; and the gradient arriving at step t. */
function outputOf(hs: tf.Tensor[], returnSequences: boolean): tf.Tensor {
  return returnSequences ? swapBatchTime(tf.stack(hs)) : hs[hs.length - 1];
}
function outputGrad(dy: tf.Tensor, T: number, returnSequences: boolean): (t: number) => tf.Tensor | null {
  if (!returnSequences) return (t) => (t === T - 1 ? dy : null);
  const dys = steps(swapBatchTime(dy)); // T × [B, H]
  return (t) => dys[t];
}

/**
 * The weight gradients shared by both cells, each one matmul over all T·B rows:
 * dW = rowsᵀ·dP, dU = Hprevᵀ·dQ, dbih = 1ᵀ·dP, dbhh = 1ᵀ·dQ, dx = dP·Wᵀ (back to [B, T, D]).
 */
function weightGrads(x: tf.Tensor, rows: tf.Tensor, W: tf.Tensor, hPrev: tf.Tensor, dP: tf.Tensor, dQ: tf.Tensor): tf.Tensor[] {
  const [B, T, D] = x.shape;
  const ones = tf.ones([1, T * B]);
  const dx = tf.reshape(tf.matMul(dP, transposeMatrix(W)), [T, B, D]); // [T·B, G·H]·[G·H, D]
  return [
    swapBatchTime(dx), // [B, T, D]
    tf.matMul(transposeMatrix(rows), dP), // [D, T·B]·[T·B, G·H]
    tf.matMul(transposeMatrix(hPrev), dQ), // [H, T·B]·[T·B, G·H]
    tf.reshape(tf.matMul(ones, dP), [-1]), // [G·H]
    tf.reshape(tf.matMul(ones, dQ), [-1]),
  ];
}

function lstmOp(returnSequences: boolean) {
  return tf.customGrad((xIn, wIn, uIn, bihIn, bhhIn, save) => {
    const [x, W, U] = [xIn as tf.Tensor3D, wIn as tf.Tensor2D, uIn as tf.Tensor2D];
    const [B, T] = x.shape;
    const H = U.shape[0];
    const { rows, P } = projectInputs(x, W, tf.add(bihIn as tf.Tensor, bhhIn as tf.Tensor)); // both biases enter every gate
    const Ps = steps(P); // T × [B, 4H]
    let h: tf.Tensor = tf.zeros([B, H]);
    let c: tf.Tensor = tf.zeros([B, H]);
    const hs: tf.Tensor[] = [h]; // h₋₁ = 0, h₀, …, h_{T−1}
    const kept: tf.Tensor[] = []; // per step: i, f, g, o, c_{t−1}, tanh(c_t)
    for (let t = 0; t < T; t++) {
      const a = tf.add(Ps[t], tf.matMul(h, U)); // [B, 4H]
      const [ai, af, ag, ao] = tf.split(a, 4, 1);
      const [i, f, g, o] = [tf.sigmoid(ai), tf.sigmoid(af), tf.tanh(ag), tf.sigmoid(ao)];
      const cPrev = c;
      c = tf.add(tf.mul(f, cPrev), tf.mul(i, g));
      const tc = tf.tanh(c);
      h = tf.mul(o, tc);
      hs.push(h);
      kept.push(i, f, g, o, cPrev, tc);
    }
    const hPrev = tf.reshape(tf.stack(hs.slice(0, T)), [T * B, H]); // [T·B, H]
    (save as Saved)([x, rows, W, U, hPrev, ...kept]);
    return {
      value: outputOf(hs.slice(1), returnSequences),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sRows, sW, sU, sHPrev] = saved;
        const per = saved.slice(5);
        const UT = transposeMatrix(sU); // [4H, H], once
        const dyAt = outputGrad(dy, T, returnSequences);
        // 0 on the σ gates' columns and 1 on g's, so (α + a)(1 − a) is every gate's derivative at once.
        const alpha = tf.concat([tf.zeros([2 * H]), tf.ones([H]), tf.zeros([H])]);
        let dh: tf.Tensor = tf.zeros([B, H]);
        let dc: tf.Tensor = tf.zeros([B, H]);
        const da: tf.Tensor[] = new Array(T);
        for (let t = T - 1; t >= 0; t--) {
          const [i, f, g, o, cPrev, tc] = per.slice(6 * t, 6 * t + 6);
          const dyt = dyAt(t);
          if (dyt) dh = tf.add(dh, dyt);
          dc = tf.add(dc, tf.mul(tf.mul(dh, o), oneMinus(tf.square(tc)))); // ∂h/∂c = o ⊙ (1 − tanh²c)
          const dAct = tf.concat([tf.mul(dc, g), tf.mul(dc, cPrev), tf.mul(dc, i), tf.mul(dh, tc)], 1); // ∂L/∂(i, f, g, o), [B, 4H]
          const act = tf.concat([i, f, g, o], 1);
          da[t] = tf.mul(dAct, tf.mul(tf.add(alpha, act), oneMinus(act))); // σ' = σ(1 − σ), tanh' = (1 + g)(1 − g)
          dh = tf.matMul(da[t], UT); // [B, 4H]·[4H, H]
          dc = tf.mul(dc, f);
        }
        const dA = tf.reshape(tf.stack(da), [T * B, 4 * H]); // [T·B, 4H]
        return weightGrads(sx, sRows, sW, sHPrev, dA, dA);
      },
    };
  });
}

function gruOp(returnSequences: boolean) {
  return tf.customGrad((xIn, wIn, uIn, bihIn, bhhIn, save) => {
    const [x, W, U, bhh] = [xIn as tf.Tensor3D, wIn as tf.Tensor2D, uIn as tf.Tensor2D, bhhIn as tf.Tensor1D];
    const [B, T] = x.shape;
    const H = U.shape[0];
    const { rows, P } = projectInputs(x, W, bihIn as tf.Tensor);
    const Ps = steps(P); // T × [B, 3H]
    let h: tf.Tensor = tf.zeros([B, H]);
    const hs: tf.Tensor[] = [h];
    const kept: tf.Tensor[] = []; // per step: r, z, n, q_n
    for (let t = 0; t < T; t++) {
      const q = tf.fused.matMul({ a: h as tf.Tensor2D, b: U, bias: bhh }); // h·U + bhh, [B, 3H]
      const [prz, pn] = tf.split(Ps[t], [2 * H, H], 1);
      const [qrz, qn] = tf.split(q, [2 * H, H], 1);
      const [r, z] = tf.split(tf.sigmoid(tf.add(prz, qrz)), 2, 1);
      const n = tf.tanh(tf.add(pn, tf.mul(r, qn)));
      h = tf.add(n, tf.mul(z, tf.sub(h, n))); // (1 − z) ⊙ n + z ⊙ h
      hs.push(h);
      kept.push(r, z, n, qn);
    }
    const hPrev = tf.reshape(tf.stack(hs.slice(0, T)), [T * B, H]); // [T·B, H]
    (save as Saved)([x, rows, W, U, hPrev, ...hs.slice(0, T), ...kept]);
    return {
      value: outputOf(hs.slice(1), returnSequences),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sRows, sW, sU, sHPrev] = saved;
        const prevs = saved.slice(5, 5 + T);
        const per = saved.slice(5 + T);
        const UT = transposeMatrix(sU); // [3H, H], once
        const dyAt = outputGrad(dy, T, returnSequences);
        let dh: tf.Tensor = tf.zeros([B, H]);
        const dp: tf.Tensor[] = new Array(T);
        const dq: tf.Tensor[] = new Array(T);
        for (let t = T - 1; t >= 0; t--) {
          const [r, z, n, qn] = per.slice(4 * t, 4 * t + 4);
          const dyt = dyAt(t);
          if (dyt) dh = tf.add(dh, dyt);
          const dan = tf.mul(tf.mul(dh, oneMinus(z)), oneMinus(tf.square(n))); // ∂L/∂(p_n + r ⊙ q_n)
          const dar = tf.mul(tf.mul(dan, qn), tf.mul(r, oneMinus(r)));
          const daz = tf.mul(tf.mul(dh, tf.sub(prevs[t], n)), tf.mul(z, oneMinus(z)));
          dp[t] = tf.concat([dar, daz, dan], 1); // [B, 3H]
          dq[t] = tf.concat([dar, daz, tf.mul(dan, r)], 1);
          dh = tf.add(tf.mul(dh, z), tf.matMul(dq[t], UT)); // [B, 3H]·[3H, H]
        }
        const dP = tf.reshape(tf.stack(dp), [T * B, 3 * H]);
        const dQ = tf.reshape(tf.stack(dq), [T * B, 3 * H]);
        return weightGrads(sx, sRows, sW, sHPrev, dP, dQ);
      },
    };
  });
}

const OPS = {
  lstm: { seq: lstmOp(true), last: lstmOp(false) },
  gru: { seq: gruOp(true), last: gruOp(false) },
} as const;

/**
 * Runs one LSTM or GRU layer over x [B, T, D] from a zero state: every hidden state [B, T, H]
 * with `returnSequences`, else the last [B, H]. Differentiable w.r.t. x and every weight.
 * @example recurrence("lstm", x, W, U, bih, bhh, true) // x [32, 64, 64], W [64, 768], U [192, 768] → [32, 64, 192]
 */
export function recurrence(
  cell: RecurrentCell,
  x: tf.Tensor,
  W: tf.Tensor,
  U: tf.Tensor,
  bih: tf.Tensor,
  bhh: tf.Tensor,
  returnSequences: boolean,
): tf.Tensor {
  const G = GATES[cell];
  const H = U.shape[0] as number;
  if (
    x.rank !== 3 ||
    W.rank !== 2 ||
    W.shape[0] !== x.shape[2] ||
    W.shape[1] !== G * H ||
    U.shape[1] !== G * H ||
    bih.size !== G * H ||
    bhh.size !== G * H
  ) {
    throw new Error(
      `${cell}: needs x [B, T, D], W [D, ${G}H], U [H, ${G}H], biases [${G}H]; got x [${x.shape}], W [${W.shape}], U [${U.shape}], bih [${bih.shape}], bhh [${bhh.shape}]`,
    );
  }
  if (x.shape[1] === 0) throw new Error(`${cell}: the sequence is empty (T = 0)`);
  const op = returnSequences ? OPS[cell].seq : OPS[cell].last;
  return op(x, W, U, bih, bhh);
}
