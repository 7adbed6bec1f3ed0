/**
 * A straightforward hand-written tfjs GPT, the baseline the compiled preset is measured
 * against: plain ops, tf.matMul with transpose flags (QKᵀ, the tied head), batched 4-D
 * attention matmuls, no tf.layers. Only the embedding lookup differs from the obvious code:
 * tf.gather's gradient has no wasm kernel, so it is one-hot · table.
 * Same architecture as presets/gpt.ts: pre-LN blocks, GELU (tanh) MLP, tied head.
 */
import * as tf from "@tensorflow/tfjs";
import type { GptConfig } from "./config";

interface Block {
  ln1g: tf.Variable;
  ln1b: tf.Variable;
  wqkv: tf.Variable;
  bqkv: tf.Variable;
  wo: tf.Variable;
  bo: tf.Variable;
  ln2g: tf.Variable;
  ln2b: tf.Variable;
  wfc: tf.Variable;
  bfc: tf.Variable;
  wproj: tf.Variable;
  bproj: tf.Variable;
}

export interface NaiveGpt {
  vars: tf.Variable[];
  /** ids [B, T] int32 → logits [B, T, V]. */
  forward(ids: tf.Tensor): tf.Tensor;
  dispose(): void;
}

function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
}

function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/** Weights N(0, 0.02²) (output projections 0.02/√(2·layers)), biases 0, norms 1/0; seeded. */
export function createNaiveGpt(c: GptConfig, seed: number): NaiveGpt {
  const { vocab: V, context: T, width: C, heads: h, layers: L } = c;
  const d = C / h;
  let k = 0;
  const normal = (shape: number[], std = 0.02) => tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, std, "float32", seed * 1000 + k++)));
  const zeros = (n: number) => tf.tidy(() => tf.variable(tf.zeros([n])));
  const ones = (n: number) => tf.tidy(() => tf.variable(tf.ones([n])));
  const residualStd = 0.02 / Math.sqrt(2 * L);
  const wte = normal([V, C]);
  const wpe = normal([T, C]);
  const blocks: Block[] = Array.from({ length: L }, () => ({
    ln1g: ones(C),
    ln1b: zeros(C),
    wqkv: normal([C, 3 * C]),
    bqkv: zeros(3 * C),
    wo: normal([C, C], residualStd),
    bo: zeros(C),
    ln2g: ones(C),
    ln2b: zeros(C),
    wfc: normal([C, 4 * C]),
    bfc: zeros(4 * C),
    wproj: normal([4 * C, C], residualStd),
    bproj: zeros(C),
  }));
  const lnfg = ones(C);
  const lnfb = zeros(C);
  const mask = tf.tidy(() => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9)); // [T, T]: −1e9 above the diagonal

  const linear = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(x, w), b); // x [N, Cin]

  function attention(x: tf.Tensor, blk: Block, B: number): tf.Tensor {
    const qkv = linear(x, blk.wqkv, blk.bqkv); // [B·T, 3C]
    const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, h, d]), [0, 2, 1, 3]); // [B, h, T, d]
    const [q, kk, v] = tf.split(qkv, 3, -1).map(heads);
    const att = tf.softmax(tf.add(tf.mul(tf.matMul(q, kk, false, true), 1 / Math.sqrt(d)), mask)); // [B, h, T, T]
    const y = tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [B * T, C]); // [B·T, C]
    return linear(y, blk.wo, blk.bo);
  }

  function forward(ids: tf.Tensor): tf.Tensor {
    const B = ids.shape[0];
    const oneHot = tf.oneHot(tf.reshape(ids, [-1]), V).toFloat(); // [B·T, V]
    const pos = tf.tile(wpe, [B, 1]); // [B·T, C]
    let x = tf.add(tf.matMul(oneHot, wte), pos); // [B·T, C]
    for (const blk of blocks) {
      x = tf.add(x, attention(layerNorm(x, blk.ln1g, blk.ln1b), blk, B));
      x = tf.add(x, linear(gelu(linear(layerNorm(x, blk.ln2g, blk.ln2b), blk.wfc, blk.bfc)), blk.wproj, blk.bproj));
    }
    const logits = tf.matMul(layerNorm(x, lnfg, lnfb), wte, false, true); // [B·T, V]
    return tf.reshape(logits, [B, T, V]);
  }

  const vars = [wte, wpe, ...blocks.flatMap((b) => Object.values(b) as tf.Variable[]), lnfg, lnfb];
  return { vars, forward, dispose: () => tf.dispose([...vars, mask]) };
}
