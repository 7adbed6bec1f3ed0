/**
 * Comparing a model before and after quantization on the same data: validation batches drawn
 * once and kept, then the loss (and accuracy, or perplexity for a language model) of whatever
 * weights the model holds at the time.
 */
import * as tf from "@tensorflow/tfjs";
import { accuracy, lossFor } from "../loss";
import type { Batch, Task } from "../trainer";

export interface FixedBatches {
  kind: Task["kind"];
  batches: Batch[];
  dispose(): void;
}

/** `count` validation batches of `batchSize`, drawn once so every evaluation sees the same ones. */
export function drawValidationBatches(task: Task, count: number, batchSize: number): FixedBatches {
  const batches = Array.from({ length: count }, () => task.batch("val", batchSize));
  return {
    kind: task.kind,
    batches,
    dispose: () => tf.dispose(batches.flatMap((b) => [...b.inputs, b.target, ...(b.weights ? [b.weights] : [])])),
  };
}

export interface Evaluation {
  loss: number;
  /** Classification and language models: the share of positions whose top guess is right. */
  accuracy?: number;
  /** Language models: e^loss. */
  perplexity?: number;
}

/** Mean loss (and accuracy, perplexity) of `model` as it is now over the fixed batches, without dropout. */
export async function evaluateOn(model: tf.LayersModel, fixed: FixedBatches): Promise<Evaluation> {
  let loss = 0;
  let acc = 0;
  const classify = fixed.kind !== "regression";
  for (const b of fixed.batches) {
    const [l, a] = tf.tidy(() => {
      const raw = model.apply(b.inputs.length === 1 ? b.inputs[0] : b.inputs, { training: false }) as tf.Tensor | tf.Tensor[];
      const out = Array.isArray(raw) ? raw[0] : raw;
      return [lossFor(fixed.kind, out, b.target, b.weights), classify ? accuracy(out, b.target, b.weights) : tf.scalar(0)];
    });
    loss += (await l.data())[0];
    acc += (await a.data())[0];
    tf.dispose([l, a]);
  }
  const n = fixed.batches.length;
  const mean = loss / n;
  return {
    loss: mean,
    ...(classify ? { accuracy: acc / n } : {}),
    ...(fixed.kind === "language_model" ? { perplexity: Math.exp(mean) } : {}),
  };
}
