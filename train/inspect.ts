/**
 * Looking inside a trained model, for the panels: the decision boundary of a 2-D classifier,
 * attention maps with the tokens on both axes, and statistics of any tensor on a batch. Each
 * function returns plain data and disposes every tensor it makes.
 */
import * as tf from "@tensorflow/tfjs";
import { inspectionModel } from "../compiler";
import type { CompiledModel } from "../compiler";
import { findGroup, flattenGraph } from "../graph";
import type { GraphDocument, ScopeAnalysis } from "../graph";
import type { DecisionBoundary, TensorStats } from "./protocol";
import type { TaskBundle } from "./tasks";
import type { Task } from "./trainer";

/** A tensor's data on the JS side: a batch kept without holding tensors between calls. */
export interface HostTensor {
  values: Float32Array | Int32Array;
  /** With the batch axis first. */
  shape: number[];
  dtype: "float32" | "int32";
}

/** One validation batch, inputs in the model's input order. */
export interface HostBatch {
  inputs: HostTensor[];
  rows: number;
}

const HISTOGRAM_BINS = 30;

/** Draws a validation batch of `rows` from `task` and copies its inputs out of tfjs. */
export async function hostBatch(task: Task, rows: number): Promise<HostBatch> {
  const batch = task.batch("val", rows);
  try {
    const inputs = await Promise.all(
      batch.inputs.map(async (t) => ({
        values: (await t.data()) as Float32Array | Int32Array,
        shape: t.shape.slice(),
        dtype: t.dtype as HostTensor["dtype"],
      })),
    );
    return { inputs, rows };
  } finally {
    tf.dispose([...batch.inputs, batch.target, ...(batch.weights ? [batch.weights] : [])]);
  }
}

/** Rows `[from, to)` of a host tensor as a tensor (call inside `tf.tidy`). */
function rowsOf(t: HostTensor, from: number, to: number): tf.Tensor {
  const width = t.shape.slice(1).reduce((a, b) => a * b, 1);
  return tf.tensor(t.values.subarray(from * width, to * width), [to - from, ...t.shape.slice(1)], t.dtype);
}

function firstOutput(out: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(out) ? out[0] : out;
}

/**
 * The winning class and its probability on a resolution² grid over the points (with a 10%
 * margin), and accuracy and confusion over the validation split.
 * @example const b = await decisionBoundary(model, bundle.points!, 64); b.classes.length // 4096
 */
export async function decisionBoundary(
  model: tf.LayersModel,
  points: NonNullable<TaskBundle["points"]>,
  resolution: number,
): Promise<DecisionBoundary> {
  const { x, y, numClasses, valStart } = points;
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < x.length; i += 2) {
    xMin = Math.min(xMin, x[i]);
    xMax = Math.max(xMax, x[i]);
    yMin = Math.min(yMin, x[i + 1]);
    yMax = Math.max(yMax, x[i + 1]);
  }
  const margin = 0.1 * Math.max(xMax - xMin, yMax - yMin) || 1;
  [xMin, xMax, yMin, yMax] = [xMin - margin, xMax + margin, yMin - margin, yMax + margin];

  // Cell centres, row-major from the top-left corner (xMin, yMax).
  const grid = new Float32Array(resolution * resolution * 2);
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      const i = (r * resolution + c) * 2;
      grid[i] = xMin + ((c + 0.5) * (xMax - xMin)) / resolution;
      grid[i + 1] = yMax - ((r + 0.5) * (yMax - yMin)) / resolution;
    }
  }
  const valPoints = x.slice(valStart * 2);
  const labels = y.slice(valStart);
  const [classesT, confidenceT, predictedT] = tf.tidy(() => {
    const probs = tf.softmax(firstOutput(model.predict(tf.tensor2d(grid, [resolution * resolution, 2]))), -1); // [R², K]
    const predicted = firstOutput(model.predict(tf.tensor2d(valPoints, [labels.length, 2]))).argMax(-1); // [N]
    return [probs.argMax(-1), probs.max(-1), predicted];
  });
  try {
    const classes = new Int32Array(await classesT.data());
    const confidence = new Float32Array(await confidenceT.data());
    const predicted = await predictedT.data();
    const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
    let right = 0;
    for (let i = 0; i < labels.length; i++) {
      confusion[labels[i]][predicted[i]] += 1;
      if (labels[i] === predicted[i]) right += 1;
    }
    return {
      classes,
      confidence,
      resolution,
      xMin,
      xMax,
      yMin,
      yMax,
      points: valPoints,
      labels,
      accuracy: labels.length ? right / labels.length : 0,
      confusion,
    };
  } finally {
    tf.dispose([classesT, confidenceT, predictedT]);
  }
}

/**
 * Which model input each axis of an attention map runs over: the length symbols (`T`, `S`)
 * of the layer's weights port [B, h, T, S] in the analysis, matched to the Inputs' length names.
 * Cross-attention in an encoder–decoder gives `{ query: <target>, key: <source> }`.
 */
export function attentionAxes(doc: GraphDocument, compiled: CompiledModel, layer: string): { query: number; key: number } {
  const flat = flattenGraph(doc).nodes.find((n) => n.id === layer);
  let scope: ScopeAnalysis | undefined = compiled.analysis;
  let nodes = doc.nodes;
  for (const [groupNode] of flat?.path ?? []) {
    const def = findGroup(doc, nodes.find((n) => n.id === groupNode)?.params.group);
    scope = def ? compiled.analysis.groups[def.id] : undefined;
    nodes = def?.nodes ?? [];
  }
  const port = compiled.attention.find((a) => a.nodeId === layer)?.port;
  const weights = flat && port ? scope?.nodes[flat.sourceId]?.outputs[port] : undefined; // [B, h, T, S]
  const inputFor = (dim: string | number | undefined) => {
    const i = compiled.inputs.findIndex((inp) => (typeof dim === "string" ? inp.lengthName === dim : inp.shape[0] === dim));
    return Math.max(0, i);
  };
  return { query: inputFor(weights?.shape[2]), key: inputFor(weights?.shape[3]) };
}

/**
 * Attention weights `[heads, T, S]` of `layer` for one example (`inputs`, one row each),
 * cropped to the first `length` queries and keys when given (a prompt shorter than the context).
 */
export async function attentionWeights(
  compiled: CompiledModel,
  layer: string,
  inputs: HostTensor[],
  length?: number,
): Promise<{ weights: Float32Array; heads: number; queries: number; keys: number }> {
  const info = compiled.attention.find((a) => a.nodeId === layer);
  if (!info) throw new Error(`no attention layer "${layer}" in this model`);
  const probe = inspectionModel(compiled, [`${layer}:${info.port}`]);
  const mapT = tf.tidy(() => {
    const maps = firstOutput(probe.predict(inputs.map((t) => rowsOf(t, 0, 1)))); // [1, h, T, S]
    const [, h, T, S] = maps.shape;
    return length === undefined
      ? maps.reshape([h, T, S])
      : maps.slice([0, 0, 0, 0], [1, h, Math.min(length, T), Math.min(length, S)]).squeeze([0]);
  });
  try {
    const [heads, queries, keys] = mapT.shape;
    return { weights: new Float32Array(await mapT.data()), heads, queries, keys };
  } finally {
    mapT.dispose();
  }
}

/** Runs the model up to `ref` (`"linear1"`, `"blocks_0_attn1:out"`) on a batch and summarises the values. */
export async function activationStats(compiled: CompiledModel, ref: string, batch: HostBatch): Promise<TensorStats> {
  const probe = inspectionModel(compiled, [ref]);
  const outT = tf.tidy(() => firstOutput(probe.predict(batch.inputs.map((t) => rowsOf(t, 0, batch.rows)))));
  try {
    return tensorStats(ref, outT.shape, (await outT.data()) as Float32Array | Int32Array);
  } finally {
    outT.dispose();
  }
}

/** Mean, std, range, share of exact zeros and a 30-bin histogram of the finite values. */
export function tensorStats(ref: string, shape: number[], values: ArrayLike<number>): TensorStats {
  let [min, max, sum, zeros, finite] = [Infinity, -Infinity, 0, 0, 0];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    finite += 1;
    sum += v;
    if (v === 0) zeros += 1;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (finite === 0) [min, max] = [0, 0];
  const mean = finite ? sum / finite : 0;
  // Equal values get a unit-wide range around them, so every value still lands in a bin.
  const [lo, hi] = max > min ? [min, max] : [min - 0.5, max + 0.5];
  const width = (hi - lo) / HISTOGRAM_BINS;
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    squares += (v - mean) * (v - mean);
    counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((v - lo) / width))] += 1;
  }
  return {
    ref,
    shape,
    mean,
    std: finite ? Math.sqrt(squares / finite) : 0,
    min,
    max,
    zeros: finite ? zeros / finite : 0,
    histogram: { edges: Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => lo + i * width), counts },
    nonFinite: values.length - finite,
  };
}
