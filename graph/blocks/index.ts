/**
 * The block registry: one explicit list, no import side effects. Each family file lists its own
 * blocks, so adding a block means its definition (with its lowering) in its family file.
 */
import type { BlockDef, Category } from "./block";
import { ATTENTION_BLOCKS } from "./attention";
import { CORE_BLOCKS } from "./core";
import { IO_BLOCKS } from "./io";
import { NORMALISATION_BLOCKS } from "./normalisation";
import { SEQUENCE_BLOCKS } from "./sequence";
import { STRUCTURE_BLOCKS } from "./structure";

export const blockList: readonly BlockDef[] = [
  ...IO_BLOCKS,
  ...CORE_BLOCKS,
  ...SEQUENCE_BLOCKS,
  ...NORMALISATION_BLOCKS,
  ...ATTENTION_BLOCKS,
  ...STRUCTURE_BLOCKS,
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
