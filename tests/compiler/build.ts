/** Building preset graphs, compiling them and making model inputs, for the compiler tests. */
import * as tf from "@tensorflow/tfjs";
import { compile } from "@/compiler";
import type { CompileOptions, CompiledModel } from "@/compiler";
import type { GraphDocument } from "@/graph";
import { createBuilder } from "@/graph";
import { buildPreset } from "@/presets";
import { seeded, seededIds } from "./layers/reference";

export function presetGraph(id: string, overrides: Record<string, unknown> = {}): GraphDocument {
  const r = buildPreset(id, overrides);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
}

/** Compiles a graph that must be valid; a failure names its diagnostics. */
export function compiled(graph: GraphDocument, options?: CompileOptions): CompiledModel {
  const r = compile(graph, options);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.nodeId}: ${d.message}`).join("; "));
  return r.compiled;
}

/** One seeded batch for every model input: token ids in [0, V), features in [−1, 1). */
export function sampleInputs(c: CompiledModel, batch: number, seed: number): tf.Tensor[] {
  return c.inputs.map((input, i) =>
    input.kind === "tokens" ? seededIds([batch, ...input.shape], input.vocabSize!, seed + i) : seeded([batch, ...input.shape], seed + i),
  );
}

/** The model's outputs for `inputs`, as one tensor list (inference mode). */
export function predictAll(model: tf.LayersModel, inputs: tf.Tensor[]): tf.Tensor[] {
  const out = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  return Array.isArray(out) ? out : [out];
}

/** Weights by their name without tfjs's session suffix: `blocks_0_mlpUp/kernel` → values. */
export function weightsByName(model: tf.LayersModel): Map<string, tf.Tensor> {
  return new Map(model.weights.map((w) => [w.originalName, w.read()]));
}

/**
 * Moves every weight off its initial value by seeded noise, so a test can tell loaded or copied
 * weights from a fresh initialisation (which a seeded layer would reproduce exactly).
 */
export function perturbWeights(model: tf.LayersModel, seed: number, scale = 0.1): void {
  tf.tidy(() => model.setWeights(model.weights.map((w, i) => tf.add(w.read(), seeded(w.shape as number[], seed + i, scale)))));
}

/** A LLaMA-style feed-forward sublayer: x + SwiGLU(RMSNorm(x)), then a head. */
export function swigluGraph(): GraphDocument {
  const b = createBuilder("swiglu");
  const x = b.node("Input", { kind: "sequence", seqLen: 5, features: 8 });
  const f = b.node("SwiGLU", { hidden: 12, bias: true }, { x: b.node("RMSNorm", {}, { x }) });
  b.node("Output", { kind: "regression" }, { x: b.node("Linear", { units: 3 }, { x: b.node("Add", {}, { x: [x, f] }) }) });
  return b.build();
}
