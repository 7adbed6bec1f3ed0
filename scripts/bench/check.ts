/**
 * End-to-end numerics: the compiled preset (fast kernels: grouped attention, hand-written
 * gradients, blocked transposes) against the hand-written GPT given the same weights, on one
 * batch: logits, loss and every weight's gradient, compared as the layer tests do
 * (|a − e| ≤ tol·max(1, |e|)).
 */
import * as tf from "@tensorflow/tfjs";
import { compile } from "../../compiler";
import { lossFor } from "../../train";
import { GPT_CONFIG } from "./config";
import { createNaiveGpt } from "./naive-gpt";
import { gptSetup } from "./runners";

export interface Equivalence {
  logits: number;
  loss: number;
  /** Largest gradient difference over all weights, and the largest gradient element. */
  grads: number;
  gradScale: number;
  ok: boolean;
}

/** Largest |a − e| / max(1, |e|) over all elements. */
function worst(a: tf.Tensor, e: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.div(tf.abs(tf.sub(a, e)), tf.maximum(1, tf.abs(e)))).dataSync()[0]);
}

export function checkAgainstNaive(seed: number, tol = 1e-5): Equivalence {
  const { graph, task } = gptSetup(seed);
  const r = compile(graph, { seed });
  if (!r.ok) throw new Error("the GPT preset did not compile");
  const model = r.compiled.model;
  const naive = createNaiveGpt(GPT_CONFIG, seed + 1);
  const ours = model.trainableWeights.map((w) => w.read() as tf.Variable);
  if (ours.length !== naive.vars.length || ours.some((v, i) => v.shape.join() !== naive.vars[i].shape.join())) {
    throw new Error("the compiled and hand-written GPTs list their weights differently");
  }
  naive.vars.forEach((v, i) => v.assign(ours[i]));
  const batch = task().batch("train", GPT_CONFIG.batch);
  const run = (forward: () => tf.Tensor, vars: tf.Variable[]) => {
    let logits: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      logits = tf.keep(forward());
      return lossFor("language_model", logits, batch.target);
    }, vars);
    return { logits: logits!, loss: value, grads: vars.map((v) => grads[v.name]) };
  };
  const result = tf.tidy(() => {
    const a = run(() => model.apply(batch.inputs[0], { training: true }) as tf.Tensor, ours);
    const b = run(() => naive.forward(batch.inputs[0]), naive.vars);
    const grads = Math.max(...a.grads.map((g, i) => worst(g, b.grads[i])));
    const gradScale = Math.max(...b.grads.map((g) => tf.max(tf.abs(g)).dataSync()[0]));
    const logits = worst(a.logits, b.logits);
    tf.dispose([a.logits, b.logits]);
    return { logits, loss: worst(a.loss, b.loss), grads, gradScale };
  });
  tf.dispose([...batch.inputs, batch.target]);
  naive.dispose();
  model.dispose();
  return { ...result, ok: Math.max(result.logits, result.loss, result.grads) <= tol };
}
