/**
 * `compile(graph)`: a valid graph → a real `tf.LayersModel` built with the functional API,
 * one named layer per (flattened) block. A graph with errors returns its diagnostics instead.
 */
import * as tf from "@tensorflow/tfjs";
import { analyse, flattenGraph, isValid, lowerFlatGraph, peerId, residualLayers } from "../graph";
import type { Analysis, Diagnostic, FlatRef, GraphDocument } from "../graph";
import { buildLayer } from "./build-layer";
import "./layers"; // registers the custom layer classes that lowerings name

export interface CompileOptions {
  /** Seed for weight initialisation (default 0). */
  seed?: number;
}

export type OutputKind = "classification" | "language_model" | "regression";

export interface ModelInputInfo {
  nodeId: string;
  kind: "features" | "tokens" | "sequence";
  /** Shape without the batch axis, e.g. `[64]` for 64 token ids. */
  shape: number[];
  dtype: "float32" | "int32";
  vocabSize?: number;
  /** The length symbol (`T`, or `S` for a source sequence). */
  lengthName: "T" | "S";
}

export interface ModelOutputInfo {
  nodeId: string;
  kind: OutputKind;
  /** Size of the last axis: classes (or vocabulary) for cross-entropy, outputs for regression. */
  width: number;
}

export interface AttentionInfo {
  /** Flat node id (= layer name) of the attention layer. */
  nodeId: string;
  /** Its output port that carries the weights [B, h, T, S] (from the lowering). */
  port: string;
  heads: number;
  causal: boolean;
}

export interface CompiledModel {
  model: tf.LayersModel;
  analysis: Analysis;
  inputs: ModelInputInfo[];
  outputs: ModelOutputInfo[];
  attention: AttentionInfo[];
  /** Symbolic tensor of every flat node output, `${flatId}:${port}`, for inspection models. */
  tensors: Map<string, tf.SymbolicTensor>;
}

export type CompileResult = { ok: true; compiled: CompiledModel } | { ok: false; diagnostics: Diagnostic[] };

const fail = (nodeId: string, message: string): CompileResult => ({
  ok: false,
  diagnostics: [{ code: "invalid-param", severity: "error", nodeId, message }],
});

/**
 * Compiles a graph document into a tfjs model.
 * @example
 * const r = compile(doc, { seed: 1 });
 * if (r.ok) r.compiled.model.summary();
 */
export function compile(doc: GraphDocument, options: CompileOptions = {}): CompileResult {
  const analysis = analyse(doc);
  if (!isValid(analysis)) return { ok: false, diagnostics: analysis.diagnostics.filter((d) => d.severity === "error") };
  const flat = flattenGraph(doc);
  const incoming = new Map<string, Map<string, FlatRef[]>>();
  for (const e of flat.edges) {
    const byPort = incoming.get(e.target.node) ?? new Map<string, FlatRef[]>();
    const refs = byPort.get(e.target.port);
    if (refs) refs.push(e.source);
    else byPort.set(e.target.port, [e.source]);
    incoming.set(e.target.node, byPort);
  }
  const lowerings = lowerFlatGraph(doc, analysis, flat);
  const ctx = { seed: options.seed ?? 0, residualLayers: residualLayers(lowerings.values()) };
  const layers = new Map<string, tf.layers.Layer>(); // flat id → its layer, for a reused (tied) one
  const tensors = new Map<string, tf.SymbolicTensor>();
  const inputs: ModelInputInfo[] = [];
  const inputTensors: tf.SymbolicTensor[] = [];
  const outputs: ModelOutputInfo[] = [];
  const outputTensors: tf.SymbolicTensor[] = [];
  const attention: AttentionInfo[] = [];

  // flattenGraph lists nodes in topological order: each scope is walked in order and a group
  // is expanded where its node stands, after everything that feeds it.
  for (const node of flat.nodes) {
    const lowering = lowerings.get(node.id)!;
    const ins: Record<string, tf.SymbolicTensor[]> = {};
    for (const [port, refs] of incoming.get(node.id) ?? []) {
      ins[port] = refs.map((r) => tensors.get(`${r.node}:${r.port}`)!);
    }
    if (lowering.kind === "structure") continue;
    if (lowering.kind === "output") {
      outputs.push({ nodeId: node.id, kind: node.params.kind as OutputKind, width: ins.x[0].shape[ins.x[0].shape.length - 1] as number });
      outputTensors.push(ins.x[0]);
      continue;
    }
    if (lowering.kind === "input") {
      const t = tf.input({ shape: lowering.shape, dtype: lowering.dtype, name: node.id });
      tensors.set(`${node.id}:out`, t);
      const p = node.params as { kind: ModelInputInfo["kind"]; vocabSize: number; lengthName: "T" | "S" };
      inputs.push({
        nodeId: node.id,
        kind: p.kind,
        shape: lowering.shape,
        dtype: lowering.dtype,
        lengthName: p.lengthName,
        ...(p.kind === "tokens" ? { vocabSize: p.vocabSize } : {}),
      });
      inputTensors.push(t);
      continue;
    }
    let layer: tf.layers.Layer;
    try {
      if (lowering.kind === "reuse") {
        const shared = layers.get(peerId(node, lowering.node));
        if (!shared) throw new Error(`it reuses the layer of ${lowering.node}, which must be built before it (in the same block)`);
        layer = shared;
      } else {
        layer = buildLayer(lowering, node.id, ctx);
        layers.set(node.id, layer);
      }
      const args = lowering.inputs.flatMap((port) => ins[port] ?? []);
      const list = lowering.inputs.length > 1 || (lowering.kind === "layer" && lowering.list === true);
      const result = layer.apply(list ? args : args[0]) as tf.SymbolicTensor | tf.SymbolicTensor[];
      const results = Array.isArray(result) ? result : [result];
      lowering.outputs.forEach((port, i) => tensors.set(`${node.id}:${port}`, results[i]));
    } catch (err) {
      return fail(node.sourceId, `${node.id} could not be built: ${(err as Error).message}`);
    }
    if (lowering.kind === "layer" && lowering.attention) {
      attention.push({ nodeId: node.id, ...lowering.attention });
    }
  }
  if (outputTensors.length === 0) return fail("", "the graph has no Output block");
  const model = tf.model({ inputs: inputTensors, outputs: outputTensors, name: "tensorloom" });
  return { ok: true, compiled: { model, analysis, inputs, outputs, attention, tensors } };
}

/**
 * A model sharing the compiled model's layers (no copy of the weights) whose outputs are the
 * given flat node outputs, e.g. `["block1_0_attn1:weights"]` for attention maps.
 */
export function inspectionModel(compiled: CompiledModel, refs: string[]): tf.LayersModel {
  const outs = refs.map((r) => {
    const key = r.includes(":") ? r : `${r}:out`;
    const t = compiled.tensors.get(key);
    if (!t) throw new Error(`no tensor ${key} in this model`);
    return t;
  });
  return tf.model({ inputs: compiled.model.inputs, outputs: outs });
}
