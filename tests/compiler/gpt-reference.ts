/**
 * A decoder-only GPT written out from nanoGPT's model.py in plain tf ops, sharing no code with
 * compiler/: the reference the compiled GPT preset is checked against.
 *
 * Weights are a dictionary under nanoGPT's names, with matrices stored [in, out] as tfjs
 * stores them (PyTorch's nn.Linear.weight transposed):
 *   wte [V, C], wpe [T_max, C] (absent with RoPE), lm_head.weight [C, V] (absent when tied),
 *   h.{i}.ln_1.{weight,bias} [C], h.{i}.attn.c_attn.{weight [C, 3C], bias [3C]},
 *   h.{i}.attn.c_proj.{weight [C, C], bias [C]}, h.{i}.ln_2.{weight,bias} [C],
 *   h.{i}.mlp.c_fc.{weight [C, 4C], bias [4C]}, h.{i}.mlp.c_proj.{weight [4C, C], bias [C]},
 *   ln_f.{weight,bias} [C]. Without biases the `.bias` entries of Linear layers are absent.
 */
import * as tf from "@tensorflow/tfjs";

export interface GptConfig {
  vocabSize: number;
  blockSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  bias: boolean;
  tieWeights: boolean;
  /** Rotary positions on q and k (interleaved pairs) instead of the learned wpe table. */
  rope: boolean;
}

export type GptWeights = Record<string, tf.Tensor>;

const LN_EPS = 1e-5;
const ROPE_BASE = 10_000;

/** The name and shape of every weight the reference reads for this config. */
export function gptWeightShapes(cfg: GptConfig): Record<string, number[]> {
  const { vocabSize: V, blockSize, nEmbd: C } = cfg;
  const shapes: Record<string, number[]> = { wte: [V, C], "ln_f.weight": [C], "ln_f.bias": [C] };
  if (!cfg.rope) shapes.wpe = [blockSize, C];
  if (!cfg.tieWeights) shapes["lm_head.weight"] = [C, V];
  const linear = (name: string, cin: number, cout: number) => {
    shapes[`${name}.weight`] = [cin, cout];
    if (cfg.bias) shapes[`${name}.bias`] = [cout];
  };
  for (let i = 0; i < cfg.nLayer; i++) {
    shapes[`h.${i}.ln_1.weight`] = shapes[`h.${i}.ln_1.bias`] = [C];
    shapes[`h.${i}.ln_2.weight`] = shapes[`h.${i}.ln_2.bias`] = [C];
    linear(`h.${i}.attn.c_attn`, C, 3 * C);
    linear(`h.${i}.attn.c_proj`, C, C);
    linear(`h.${i}.mlp.c_fc`, C, 4 * C);
    linear(`h.${i}.mlp.c_proj`, 4 * C, C);
  }
  return shapes;
}

/** x [B, T, Cin] · W [Cin, Cout] + b. */
function linear(x: tf.Tensor, w: GptWeights, name: string): tf.Tensor {
  const [B, T, cin] = x.shape;
  const weight = w[`${name}.weight`];
  const y = tf.reshape(tf.matMul(tf.reshape(x, [B * T, cin]), weight), [B, T, weight.shape[1] as number]); // [B, T, Cout]
  const bias = w[`${name}.bias`];
  return bias ? tf.add(y, bias) : y;
}

function layerNorm(x: tf.Tensor, w: GptWeights, name: string): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true); // [B, T, 1]
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LN_EPS)));
  return tf.add(tf.mul(normed, w[`${name}.weight`]), w[`${name}.bias`]);
}

/** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/**
 * RoPE on x [B, h, T, d]: the pair (x[2i], x[2i+1]) at position t is rotated by t·base^(−2i/d).
 */
function rope(x: tf.Tensor): tf.Tensor {
  const [B, h, T, d] = x.shape;
  const pairs = tf.reshape(x, [B, h, T, d / 2, 2]); // [B, h, T, d/2, 2]
  const [even, odd] = tf.unstack(pairs, 4); // 2 × [B, h, T, d/2]
  const angles = tf.outerProduct(tf.range(0, T), tf.tensor1d(Array.from({ length: d / 2 }, (_, i) => Math.pow(ROPE_BASE, (-2 * i) / d)))); // [T, d/2]
  const [cos, sin] = [tf.cos(angles), tf.sin(angles)];
  const rotatedEven = tf.sub(tf.mul(even, cos), tf.mul(odd, sin));
  const rotatedOdd = tf.add(tf.mul(even, sin), tf.mul(odd, cos));
  return tf.reshape(tf.stack([rotatedEven, rotatedOdd], 4), [B, h, T, d]); // [B, h, T, d]
}

/** Causal self-attention with one fused qkv matrix, as nanoGPT's CausalSelfAttention. */
function attention(x: tf.Tensor, w: GptWeights, name: string, cfg: GptConfig): tf.Tensor {
  const [B, T, C] = x.shape;
  const hs = C / cfg.nHead;
  const [q, k, v] = tf.split(linear(x, w, `${name}.c_attn`), 3, 2); // 3 × [B, T, C]
  const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, cfg.nHead, hs]), [0, 2, 1, 3]); // [B, nh, T, hs]
  let [qh, kh] = [heads(q), heads(k)];
  if (cfg.rope) [qh, kh] = [rope(qh), rope(kh)];
  const scores = tf.mul(tf.matMul(qh, kh, false, true), 1 / Math.sqrt(hs)); // [B, nh, T, T]
  const allowed = tf.broadcastTo(tf.cast(tf.linalg.bandPart(tf.ones([T, T]), -1, 0), "bool"), scores.shape); // key ≤ query
  const att = tf.softmax(tf.where(allowed, scores, tf.fill(scores.shape, -Infinity)), -1); // [B, nh, T, T]
  const y = tf.reshape(tf.transpose(tf.matMul(att, heads(v)), [0, 2, 1, 3]), [B, T, C]); // [B, T, C]
  return linear(y, w, `${name}.c_proj`);
}

/**
 * Logits [B, T, V] for token ids [B, T].
 * @example gptLogits(ids, weights, { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16, … })
 */
export function gptLogits(ids: tf.Tensor, w: GptWeights, cfg: GptConfig): tf.Tensor {
  return tf.tidy(() => {
    const [B, T] = ids.shape;
    const tok = tf.reshape(tf.gather(w.wte, tf.reshape(ids, [-1])), [B, T, cfg.nEmbd]); // [B, T, C]
    let x = cfg.rope ? tok : tf.add(tok, tf.slice(w.wpe, [0, 0], [T, cfg.nEmbd]));
    for (let i = 0; i < cfg.nLayer; i++) {
      x = tf.add(x, attention(layerNorm(x, w, `h.${i}.ln_1`), w, `h.${i}.attn`, cfg));
      const hidden = gelu(linear(layerNorm(x, w, `h.${i}.ln_2`), w, `h.${i}.mlp.c_fc`)); // [B, T, 4C]
      x = tf.add(x, linear(hidden, w, `h.${i}.mlp.c_proj`));
    }
    const h = tf.reshape(layerNorm(x, w, "ln_f"), [B * T, cfg.nEmbd]); // [B·T, C]
    const logits = cfg.tieWeights ? tf.matMul(h, w.wte, false, true) : tf.matMul(h, w["lm_head.weight"]); // [B·T, V]
    return tf.reshape(logits, [B, T, cfg.vocabSize]);
  });
}
