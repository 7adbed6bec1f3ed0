/**
 * The thin tfjs side of quantization: a model's weights as plain arrays, and plain arrays set
 * back into a model by name; weights from a tfjs model.json and its weights files.
 */
import * as tf from "@tensorflow/tfjs";
import type { WeightTensor } from "./quantize";

/** The model's weights by tfjs `originalName`, as float32 arrays (copies). */
export function modelWeights(model: tf.LayersModel): WeightTensor[] {
  return model.weights.map((w) => {
    const t = w.read();
    return { name: w.originalName, shape: [...t.shape], values: Float32Array.from(t.dataSync()) };
  });
}

/**
 * Sets every weight of `model` from `weights` by name. Throws naming a weight that is missing,
 * extra or of another shape, before changing anything.
 */
export function setModelWeights(model: tf.LayersModel, weights: Iterable<WeightTensor>, source: string): void {
  const byName = new Map([...weights].map((w) => [w.name, w]));
  const problems: string[] = [];
  for (const w of model.weights) {
    const got = byName.get(w.originalName);
    if (!got) problems.push(`${w.originalName} [${w.shape.join(", ")}] is missing`);
    else if (got.shape.join() !== w.shape.join())
      problems.push(`${w.originalName} is [${w.shape.join(", ")}] in the graph but [${got.shape.join(", ")}] in ${source}`);
  }
  const names = new Set(model.weights.map((w) => w.originalName));
  const extra = [...byName.keys()].filter((n) => !names.has(n));
  if (extra.length) problems.push(`${source} has weights the graph does not: ${extra.join(", ")}`);
  if (problems.length) throw new Error(`the weights in ${source} do not fit this graph: ${problems.join("; ")}`);
  const tensors = model.weights.map((w) => tf.tensor(byName.get(w.originalName)!.values, w.shape as number[], "float32"));
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/**
 * The weights of a tfjs `model.json` (as the app's Weights download and `cli train --save`
 * write it), given its text and the bytes of the files its manifest names, in order.
 */
export function weightsFromModelJson(modelJson: string, files: Uint8Array[]): WeightTensor[] {
  const groups = (JSON.parse(modelJson) as Partial<tf.io.ModelJSON>).weightsManifest ?? [];
  const specs = groups.flatMap((g) => g.weights);
  if (specs.length === 0) throw new Error("the model.json names no weights: is it a tfjs model.json with its weights?");
  const buffers = files.map((f) => new Uint8Array(f).buffer as ArrayBuffer);
  const named = tf.io.decodeWeights(buffers, specs);
  try {
    return specs.map((s) => ({ name: s.name, shape: [...s.shape], values: Float32Array.from(named[s.name].dataSync()) }));
  } finally {
    tf.dispose(Object.values(named));
  }
}

/** The files a model.json's manifest names, relative to it, in order. */
export function weightFilePaths(modelJson: string): string[] {
  const groups = (JSON.parse(modelJson) as Partial<tf.io.ModelJSON>).weightsManifest ?? [];
  return groups.flatMap((g) => g.paths.map((p) => p.replace(/^\.\//, "")));
}
