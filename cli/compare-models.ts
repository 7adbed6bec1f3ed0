/**
 * The models `cli compare` trains on the recall task, built as graphs with the project's builder
 * and presets, compiled, and (with `recurrent: "standard"`) with tfjs's LSTM/GRU layers swapped
 * for TLLSTM/TLGRU (σ gates, PyTorch's equations, fast BPTT) until the blocks lower to them.
 */
import * as tf from "@tensorflow/tfjs";
import { compile } from "../compiler";
import { TLGRU, TLLSTM } from "../compiler/layers";
import { createBuilder } from "../graph";
import type { GraphDocument } from "../graph";
import { buildPreset } from "../presets";

export const COMPARE_MODELS = ["lstm", "gru", "conv", "transformer"] as const;
export type CompareModel = (typeof COMPARE_MODELS)[number];
export type RecurrentImpl = "standard" | "tfjs";

/** Sizes picked for about the same parameter budget (~50k at 8 symbols; printed beside each run). */
const SIZES = { embd: 32, lstmUnits: 96, gruUnits: 112, gpt: { nLayer: 2, nHead: 4, nEmbd: 48 } } as const;
/** The TCN preset with 8 layers of kernel 2 (dilations 1 … 128): a 256-step field covers every k ≤ 128. */
const TCN = { channels: 56, kernelSize: 2, layers: 8 } as const;

function recurrentGraph(cell: "LSTM" | "GRU", units: number, seqLen: number, vocab: number): GraphDocument {
  const b = createBuilder(`${cell} on recall`);
  const ids = b.node("Input", { kind: "tokens", seqLen, vocabSize: vocab }, {}, { id: "tokens" });
  const h = b.node("Embedding", { vocabSize: vocab, dim: SIZES.embd }, { ids }, { id: "embed" });
  const r = b.node(cell, { units, returnSequences: true }, { x: h }, { id: cell.toLowerCase() });
  const head = b.node("Linear", { units: vocab }, { x: r }, { id: "head" });
  b.node("Output", { kind: "language_model" }, { x: head }, { id: "loss" });
  return b.build({ description: `${cell} (${units} units) on the recall task` });
}

/** The graph of one model for sequences of `seqLen` tokens over `vocab` symbols. */
export function compareGraph(model: CompareModel, seqLen: number, vocab: number): GraphDocument {
  if (model === "lstm") return recurrentGraph("LSTM", SIZES.lstmUnits, seqLen, vocab);
  if (model === "gru") return recurrentGraph("GRU", SIZES.gruUnits, seqLen, vocab);
  const built =
    model === "conv"
      ? buildPreset("tcn", { vocabSize: vocab, blockSize: seqLen, ...TCN })
      : buildPreset("gpt", { vocabSize: vocab, blockSize: seqLen, ...SIZES.gpt });
  if (!built.ok) throw new Error(built.message);
  return built.graph;
}

/**
 * A copy of a chain-shaped model with every tfjs LSTM/GRU replaced by TLLSTM/TLGRU of the same
 * units and fresh weights; every other layer is reused as is (so shares its weights).
 * @example withStandardRecurrent(compile(lstmPresetGraph).compiled.model, 0)
 */
export function withStandardRecurrent(model: tf.LayersModel, seed: number): tf.LayersModel {
  let x: tf.SymbolicTensor = model.inputs[0];
  model.layers.slice(1).forEach((layer, i) => {
    const cls = { LSTM: TLLSTM, GRU: TLGRU }[layer.getClassName()];
    const cfg = layer.getConfig();
    const swap = cls
      ? new cls({ units: cfg.units as number, returnSequences: cfg.returnSequences as boolean, seed: seed + i, name: layer.name })
      : layer;
    x = swap.apply(x) as tf.SymbolicTensor;
  });
  return tf.model({ inputs: model.inputs, outputs: x });
}

/** Compiles one compare model; recurrent models are chains, so the swap keeps every other layer. */
export function compareModel(model: CompareModel, seqLen: number, vocab: number, seed: number, recurrent: RecurrentImpl): tf.LayersModel {
  const r = compile(compareGraph(model, seqLen, vocab), { seed });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return (model === "lstm" || model === "gru") && recurrent === "standard"
    ? withStandardRecurrent(r.compiled.model, seed)
    : r.compiled.model;
}
