/**
 * Sampling from a language model whose input has a fixed length T: the context is cropped to
 * the last T tokens and right-padded (a causal model never looks at the padding), and the
 * next token is drawn from the logits at the last real position.
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "./data";

export interface SampleOptions {
  /** Tokens to add. */
  maxTokens: number;
  /** 0 picks the most likely token; higher is more random. */
  temperature: number;
  /** Keep only the k most likely tokens (0: all). */
  topK: number;
  /** The model's fixed context length T. */
  blockSize: number;
  /** Only ids below this can be drawn (the tokenizer's vocabulary, when the model's is larger). */
  vocabLimit?: number;
}

/** Draws one id from logits with temperature and top-k, using `rng`. */
export function pickToken(logits: Float32Array, temperature: number, topK: number, rng: Rng, vocabLimit = logits.length): number {
  const ids = Array.from(logits.keys())
    .filter((i) => i < vocabLimit)
    .sort((a, b) => logits[b] - logits[a]);
  if (temperature <= 0) return ids[0];
  const kept = topK > 0 ? ids.slice(0, topK) : ids;
  const max = logits[kept[0]];
  const weights = kept.map((i) => Math.exp((logits[i] - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rng.next() * total;
  for (let j = 0; j < kept.length; j++) {
    r -= weights[j];
    if (r <= 0) return kept[j];
  }
  return kept[kept.length - 1];
}

/**
 * Extends `context` token by token; calls `onToken` as each arrives (for streaming).
 * @example await generate(model, [0], { maxTokens: 100, temperature: 0.8, topK: 10, blockSize: 64 }, rng)
 */
export async function generate(
  model: tf.LayersModel,
  context: number[],
  options: SampleOptions,
  rng: Rng,
  onToken?: (id: number) => void | Promise<void>,
): Promise<number[]> {
  const T = options.blockSize;
  const tokens = context.length ? [...context] : [0];
  const added: number[] = [];
  for (let i = 0; i < options.maxTokens; i++) {
    const window = tokens.slice(-T);
    const last = window.length - 1;
    const padded = new Int32Array(T);
    padded.set(window);
    const logitsT = tf.tidy(() => {
      const out = model.predict(tf.tensor2d(padded, [1, T], "int32")) as tf.Tensor | tf.Tensor[];
      const logits = Array.isArray(out) ? out[0] : out; // [1, T, V]
      return logits.slice([0, last, 0], [1, 1, -1]).reshape([-1]); // [V]
    });
    const logits = (await logitsT.data()) as Float32Array;
    logitsT.dispose();
    const id = pickToken(logits, options.temperature, options.topK, rng, options.vocabLimit);
    tokens.push(id);
    added.push(id);
    await onToken?.(id);
  }
  return added;
}
