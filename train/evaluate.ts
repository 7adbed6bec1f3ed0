/**
 * Exact-sequence evaluation for sequence tasks: the model writes the whole answer itself,
 * greedily, one token at a time (no teacher forcing), and an example counts only if every
 * token is right.
 */
import * as tf from "@tensorflow/tfjs";
import { BOS_ID, SEP_ID } from "./data";
import type { TaskBundle } from "./tasks";

export interface SequenceExample {
  input: string;
  target: string;
  prediction: string;
  correct: boolean;
}

export interface SequenceEvaluation {
  exactAccuracy: number;
  tokenAccuracy: number;
  examples: SequenceExample[];
}

function forward(model: tf.LayersModel, inputs: tf.Tensor[]): tf.Tensor {
  const out = model.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out[0] : out;
}

/**
 * Decodes `count` validation examples greedily and scores them.
 * `inputOrder` says which model input is the source for encoder–decoders ([src, tgt] indices).
 */
export async function evaluateSequences(
  model: tf.LayersModel,
  bundle: TaskBundle,
  count: number,
  sourceFirst = true,
): Promise<SequenceEvaluation> {
  const seq = bundle.sequence;
  if (!seq) throw new Error("not a sequence task");
  const { data, valStart } = seq;
  const n = Math.min(count, data.n - valStart);
  const { srcLen, tgtLen, vocab } = data;
  const src = data.src.slice(valStart * srcLen, (valStart + n) * srcLen);
  const target = data.tgtOut.slice(valStart * tgtLen, (valStart + n) * tgtLen);
  const pred = new Int32Array(n * tgtLen);

  if (seq.format === "seq2seq") {
    const tgtIn = new Int32Array(n * tgtLen);
    for (let i = 0; i < n; i++) tgtIn[i * tgtLen] = BOS_ID;
    for (let t = 0; t < tgtLen; t++) {
      const step = tf.tidy(() => {
        const s = tf.tensor2d(src, [n, srcLen], "int32");
        const d = tf.tensor2d(tgtIn, [n, tgtLen], "int32");
        const logits = forward(model, sourceFirst ? [s, d] : [d, s]); // [n, T, V]
        return logits.slice([0, t, 0], [n, 1, -1]).argMax(-1).reshape([n]); // [n]
      });
      const ids = await step.data();
      step.dispose();
      for (let i = 0; i < n; i++) {
        pred[i * tgtLen + t] = ids[i];
        if (t + 1 < tgtLen) tgtIn[i * tgtLen + t + 1] = ids[i];
      }
    }
  } else {
    const L = srcLen + tgtLen;
    const x = new Int32Array(n * L);
    for (let i = 0; i < n; i++) {
      x.set(src.subarray(i * srcLen, (i + 1) * srcLen), i * L);
      x[i * L + srcLen] = SEP_ID;
    }
    // Position srcLen-1+k+1 … : the answer token k is predicted at position srcLen + k.
    for (let k = 0; k < tgtLen; k++) {
      const pos = srcLen + k;
      const step = tf.tidy(() =>
        forward(model, [tf.tensor2d(x, [n, L], "int32")])
          .slice([0, pos, 0], [n, 1, -1])
          .argMax(-1)
          .reshape([n]),
      );
      const ids = await step.data();
      step.dispose();
      for (let i = 0; i < n; i++) {
        pred[i * tgtLen + k] = ids[i];
        if (pos + 1 < L) x[i * L + pos + 1] = ids[i];
      }
    }
  }

  let exact = 0;
  let tokens = 0;
  const examples: SequenceExample[] = [];
  for (let i = 0; i < n; i++) {
    let all = true;
    for (let t = 0; t < tgtLen; t++) {
      const ok = pred[i * tgtLen + t] === target[i * tgtLen + t];
      if (ok) tokens += 1;
      else all = false;
    }
    if (all) exact += 1;
    if (examples.length < 8) {
      const text = (a: Int32Array, w: number) => Array.from(a.subarray(i * w, (i + 1) * w), (id) => vocab[id] ?? "?").join("");
      examples.push({ input: text(src, srcLen), target: text(target, tgtLen), prediction: text(pred, tgtLen), correct: all });
    }
  }
  return { exactAccuracy: exact / n, tokenAccuracy: tokens / (n * tgtLen), examples };
}
