/**
 * The bench's answer to "is tfjs's autodiff through the loop fast enough?": the same LSTM
 * forward as compiler/layers/recurrent-bptt.ts (one input matmul, matMul2d per step, σ gates),
 * differentiated by tfjs instead of the hand-written BPTT; timed against `recurrence`.
 */
import * as tf from "@tensorflow/tfjs";
import { dense, matMul2d } from "../../compiler/kernels";
import { recurrence } from "../../compiler/layers";
import { startClock } from "./clock";

function lstmAutodiff(x: tf.Tensor, W: tf.Tensor, U: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [B, T] = x.shape;
  const H = U.shape[0] as number;
  const P = tf.unstack(tf.transpose(dense(x, W, b), [1, 0, 2])); // T × [B, 4H]
  let h: tf.Tensor = tf.zeros([B, H]);
  let c: tf.Tensor = tf.zeros([B, H]);
  const hs: tf.Tensor[] = [];
  for (let t = 0; t < T; t++) {
    const [ai, af, ag, ao] = tf.split(tf.add(P[t], matMul2d(h, U)), 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(af), c), tf.mul(tf.sigmoid(ai), tf.tanh(ag)));
    h = tf.mul(tf.sigmoid(ao), tf.tanh(c));
    hs.push(h);
  }
  return tf.stack(hs, 1); // [B, T, H]
}

/** CPU ms of one forward + backward of an LSTM layer [B, T, D] → [B, T, H], median of `runs`. */
export function lstmGradientMs(B: number, T: number, D: number, H: number, runs = 3): { autodiff: number; bptt: number } {
  const x = tf.randomNormal([B, T, D]);
  const [W, U, b] = [tf.randomNormal([D, 4 * H], 0, 0.1), tf.randomNormal([H, 4 * H], 0, 0.1), tf.zeros([4 * H])];
  const time = (f: (x: tf.Tensor, W: tf.Tensor, U: tf.Tensor, b: tf.Tensor) => tf.Tensor) => {
    const ms: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const stop = startClock();
      tf.tidy(() =>
        tf
          .grads((xx: tf.Tensor, ww: tf.Tensor, uu: tf.Tensor, bb: tf.Tensor) => tf.sum(f(xx, ww, uu, bb)))([x, W, U, b])
          .forEach((g) => g.dataSync()),
      );
      if (i > 0) ms.push(stop().cpuMs); // the first run warms up
    }
    return ms.sort((p, q) => p - q)[Math.floor(ms.length / 2)];
  };
  const zeros = tf.zeros([4 * H]);
  const result = { autodiff: time(lstmAutodiff), bptt: time((xx, ww, uu, bb) => recurrence("lstm", xx, ww, uu, bb, zeros, true)) };
  tf.dispose([x, W, U, b, zeros]);
  return result;
}
