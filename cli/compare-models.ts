/**
 * The models `cli compare` trains on the recall task, built as graphs with the project's builder
 * and presets and compiled as the app compiles them (the LSTM and GRU blocks lower to TLLSTM and
 * TLGRU: σ gates, PyTorch's equations, fast BPTT).
 */
import type * as tf from "@tensorflow/tfjs";
import { compile } from "../compiler";
import { createBuilder } from "../graph";
import type { GraphDocument } from "../graph";
import { buildPreset } from "../presets";

export const COMPARE_MODELS = ["lstm", "gru", "conv", "transformer"] as const;
export type CompareModel = (typeof COMPARE_MODELS)[number];

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

/** Compiles one compare model from its graph. */
export function compareModel(model: CompareModel, seqLen: number, vocab: number, seed: number): tf.LayersModel {
  const r = compile(compareGraph(model, seqLen, vocab), { seed });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.compiled.model;
}
