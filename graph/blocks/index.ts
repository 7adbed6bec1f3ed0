/**
 * The block registry: one explicit list, no import side effects. Adding a block means a
 * definition in its family file, an entry here, a compiler entry and a codegen entry.
 */
import type { BlockDef, Category } from "./block";
import { MultiHeadAttention, MergeHeads, ScaledDotProductAttention, SplitHeads } from "./attention";
import { Activation, Add, Concat, Dropout, Flatten, Linear, Multiply, Reshape } from "./core";
import { Input, Output } from "./io";
import { LayerNorm, RMSNorm } from "./normalisation";
import { Embedding, GRU, LSTM, PositionEmbedding, RoPE, SimpleRNN, SinusoidalPositionalEncoding } from "./sequence";
import { Group, GroupInput, GroupOutput } from "./structure";

export const blockList: readonly BlockDef[] = [
  Input,
  Output,
  Linear,
  Activation,
  Dropout,
  Flatten,
  Reshape,
  Concat,
  Add,
  Multiply,
  Embedding,
  PositionEmbedding,
  SinusoidalPositionalEncoding,
  RoPE,
  SimpleRNN,
  LSTM,
  GRU,
  LayerNorm,
  RMSNorm,
  MultiHeadAttention,
  SplitHeads,
  ScaledDotProductAttention,
  MergeHeads,
  Group,
  GroupInput,
  GroupOutput,
];

const byType = new Map(blockList.map((b) => [b.type, b]));

/** `getBlock("Linear")` → its definition; undefined for an unknown type. */
export function getBlock(type: string): BlockDef | undefined {
  return byType.get(type);
}

/** Params of a block filled with the schema's defaults: `defaultParams("Linear")` → `{ units: 64, … }`. */
export function defaultParams(type: string): Record<string, unknown> {
  const def = getBlock(type);
  if (!def) throw new Error(`unknown block type ${type}`);
  return def.params.parse({}) as Record<string, unknown>;
}

export { CATEGORY_LABELS } from "./block";
export { reshapeTarget } from "./rules";
export type { BlockDef, BlockIssue, Category, CostContext, PortSpec, ShapeContext, ShapeResult } from "./block";
export const categories: readonly Category[] = ["io", "core", "sequence", "attention", "normalisation", "structure"];
