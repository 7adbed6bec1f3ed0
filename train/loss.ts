/** Losses for the three Output kinds, written without tf.gather (its gradient has no wasm kernel). */
import * as tf from "@tensorflow/tfjs";

export type LossKind = "classification" | "language_model" | "regression";

/**
 * Softmax cross-entropy over the last axis with integer labels.
 * `logits` [..., C], `labels` [...] int32, optional `weights` [...] (e.g. a loss mask).
 */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor, weights?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const C = logits.shape[logits.shape.length - 1];
    const flat = logits.reshape([-1, C]); // [N, C]
    const y = tf.oneHot(labels.reshape([-1]).toInt(), C).toFloat(); // [N, C]
    const nll = tf.neg(tf.sum(y.mul(tf.logSoftmax(flat)), -1)); // [N]
    if (!weights) return nll.mean() as tf.Scalar;
    const w = weights.reshape([-1]).toFloat();
    return nll.mul(w).sum().div(w.sum().maximum(1e-9)) as tf.Scalar;
  });
}

export function meanSquaredError(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => pred.sub(target.reshape(pred.shape)).square().mean() as tf.Scalar);
}

export function lossFor(kind: LossKind, out: tf.Tensor, target: tf.Tensor, weights?: tf.Tensor): tf.Scalar {
  return kind === "regression" ? meanSquaredError(out, target) : softmaxCrossEntropy(out, target, weights);
}

/** Fraction of positions whose arg-max equals the label (weighted by `weights` when given). */
export function accuracy(logits: tf.Tensor, labels: tf.Tensor, weights?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const C = logits.shape[logits.shape.length - 1];
    const hit = tf.equal(logits.reshape([-1, C]).argMax(-1), labels.reshape([-1]).toInt()).toFloat();
    if (!weights) return hit.mean() as tf.Scalar;
    const w = weights.reshape([-1]).toFloat();
    return hit.mul(w).sum().div(w.sum().maximum(1e-9)) as tf.Scalar;
  });
}
