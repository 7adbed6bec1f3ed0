/**
 * Hand-written references in plain JS arrays (float64), written from the formulas in
 * graph/blocks/*.ts, independent of the layers under test; and seeded test inputs.
 */
import * as tf from "@tensorflow/tfjs";
import { mulberry32 } from "@/compiler/layers/random";

export type Vec = number[];
export type Mat = number[][];
export type Nested = number | Nested[];

/** Seeded uniform numbers, so test inputs are the same on every run (inputs only, not a reference). */
const uniform = mulberry32;

/** A float32 tensor of values uniform in [−scale, scale), from a seed. */
export function seeded(shape: number[], seed: number, scale = 1): tf.Tensor {
  const next = uniform(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => (2 * next() - 1) * scale),
    shape,
  );
}

/** Int32 ids in [0, vocab), from a seed. */
export function seededIds(shape: number[], vocab: number, seed: number): tf.Tensor {
  const next = uniform(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Int32Array.from({ length: size }, () => Math.floor(next() * vocab)),
    shape,
    "int32",
  );
}

export function arr<T = any>(t: tf.Tensor): T {
  return t.arraySync() as T;
}

/** Applies f to every vector along the last axis. */
export function mapLast(x: Nested, f: (row: Vec) => Vec): Nested {
  const rows = x as Nested[];
  return typeof rows[0] === "number" ? f(rows as Vec) : rows.map((r) => mapLast(r, f));
}

export const sum = (v: Vec) => v.reduce((a, b) => a + b, 0);
export const dot = (a: Vec, b: Vec) => sum(a.map((x, i) => x * b[i]));

export function matmul(a: Mat, b: Mat): Mat {
  return a.map((row) =>
    b[0].map((_, j) =>
      dot(
        row,
        b.map((r) => r[j]),
      ),
    ),
  );
}

export function transpose(a: Mat): Mat {
  return a[0].map((_, j) => a.map((r) => r[j]));
}

export function softmax(v: Vec): Vec {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const z = sum(e);
  return e.map((x) => x / z);
}

/** y = x·W + b on the last axis. */
export function denseRef(x: Nested, W: Mat, b?: Vec): Nested {
  return mapLast(x, (row) =>
    W[0].map(
      (_, j) =>
        dot(
          row,
          W.map((r) => r[j]),
        ) + (b ? b[j] : 0),
    ),
  );
}

/** softmax(q·kᵀ/√d + M)·v for one head: q [T, d], k [S, d], v [S, dv]. */
export function attentionRef(q: Mat, k: Mat, v: Mat, causal: boolean): { out: Mat; weights: Mat } {
  const d = q[0].length;
  const weights = q.map((qi, i) => softmax(k.map((kj, j) => (causal && j > i ? -Infinity : dot(qi, kj) / Math.sqrt(d)))));
  return { out: matmul(weights, v), weights };
}

/** attentionRef over [B][h] of 4-D arrays. */
export function attention4d(q: Mat[][], k: Mat[][], v: Mat[][], causal: boolean): { out: Mat[][]; weights: Mat[][] } {
  const per = q.map((qb, b) => qb.map((qh, h) => attentionRef(qh, k[b][h], v[b][h], causal)));
  return { out: per.map((pb) => pb.map((p) => p.out)), weights: per.map((pb) => pb.map((p) => p.weights)) };
}

/** RoPE on one vector at position t, interleaved pairs: θ_i = base^(−2i/d). */
export function ropeRef(x: Vec, t: number, base: number): Vec {
  const d = x.length;
  const y = [...x];
  for (let i = 0; i < d / 2; i++) {
    const a = t * Math.pow(base, (-2 * i) / d);
    y[2 * i] = x[2 * i] * Math.cos(a) - x[2 * i + 1] * Math.sin(a);
    y[2 * i + 1] = x[2 * i] * Math.sin(a) + x[2 * i + 1] * Math.cos(a);
  }
  return y;
}
