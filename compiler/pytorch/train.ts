/**
 * The training half of the PyTorch export: train.py and data.py (real Python files in
 * compiler/pytorch/py/, embedded from py-sources.json) and config.json, which carries the
 * document's settings and describes the data files the exporter wrote (train/data/torchData.ts).
 */
import { TrainConfigSchema, TrainingSpecSchema } from "../../graph";
import type { GraphDocument, TrainConfig } from "../../graph";
import type { OutputKind } from "../compile";
import sources from "./py-sources.json" with { type: "json" };

/** One binary array file: little-endian values of `dtype`, row-major `shape`. */
export interface TorchArraySpec {
  file: string;
  dtype: "float32" | "int32" | "uint16";
  shape: number[];
}

/** A split: rows (inputs in the model's order, a target, an optional loss mask) or a token stream. */
export type TorchSplitSpec =
  { kind: "rows"; inputs: TorchArraySpec[]; target: TorchArraySpec; weights?: TorchArraySpec } | { kind: "text"; ids: TorchArraySpec };

export interface TorchDataSpec {
  /** Window length for text (the token Input's length); 0 for row data. */
  blockSize: number;
  /** The character vocabulary of text data: `vocab[id]` is the character. */
  vocab?: string[];
  train: TorchSplitSpec;
  val: TorchSplitSpec;
}

/** What config.json holds; train.py reads nothing else from the document. */
export interface TorchTrainConfig {
  format: "tensorloom.pytorch-train";
  version: 1;
  name: string;
  loss: OutputKind;
  train: TrainConfig;
  data: TorchDataSpec;
}

const py = sources as Record<string, string>;

/**
 * train.py, data.py and config.json for a document whose data `exportTorchData` wrote.
 * @example emitTrainingFiles(doc, "classification", data.spec)["config.json"] // the settings of meta.training
 */
export function emitTrainingFiles(doc: GraphDocument, loss: OutputKind, data: TorchDataSpec): Record<string, string> {
  const spec = TrainingSpecSchema.safeParse(doc.meta.training ?? {});
  const train = spec.success ? spec.data.config : TrainConfigSchema.parse({});
  const config: TorchTrainConfig = { format: "tensorloom.pytorch-train", version: 1, name: doc.name || "model", loss, train, data };
  return { "train.py": py["train.py"], "data.py": py["data.py"], "config.json": JSON.stringify(config, null, 2) + "\n" };
}
