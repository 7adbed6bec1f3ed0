/**
 * The shape of a block definition. Every block type is one `BlockDef`: data plus pure
 * functions. Analysis, the inspector, the compiler and codegen all read these.
 */
import type { z } from "zod";
import type { DiagnosticCode, Shape, TensorType } from "../types";

export type Category = "io" | "core" | "sequence" | "normalisation" | "attention" | "structure";

export const CATEGORY_LABELS: Record<Category, string> = {
  io: "Input & output",
  core: "Core",
  sequence: "Sequence",
  normalisation: "Normalisation",
  attention: "Attention",
  structure: "Structure",
};

export interface PortSpec {
  name: string;
  /** `any` accepts both dtypes. */
  dtype: "float32" | "int32" | "any";
  /** Accepted ranks including the batch axis; any rank when absent. */
  rank?: readonly number[];
  /** The port takes several wires (Add, Concat, Multiply). Single otherwise. */
  multiple?: boolean;
  /** May be left unconnected. */
  optional?: boolean;
  doc?: string;
}

/** A problem a block reports about its own inputs or params; analysis adds the node id. */
export interface BlockIssue {
  code: DiagnosticCode;
  port?: string;
  message: string;
  severity?: "error" | "warning";
}

export interface ShapeContext<P> {
  params: P;
  /** Input types by port name; a `multiple` port lists every wire in edge order. */
  inputs: Record<string, TensorType[]>;
  /** Values of the symbols in scope, e.g. `{ T: 64 }` from the Input block. */
  bindings: Record<string, number>;
}

export type ShapeResult =
  | { ok: true; outputs: Record<string, TensorType>; bindings?: Record<string, number>; warnings?: BlockIssue[] }
  | { ok: false; issues: BlockIssue[] };

/** Concrete shapes (batch included) for cost formulas. */
export interface CostContext<P> {
  params: P;
  inputs: Record<string, number[][]>;
  outputs: Record<string, number[]>;
}

export interface BlockDef<P = any> {
  type: string;
  category: Category;
  label: string;
  /** One line for the palette. */
  description: string;
  /** Two to four sentences on what the block does and why. */
  explanation: string;
  /** KaTeX source of the block's formula. */
  formula: string;
  /** Zod object schema of the params; defaults, ranges and `.describe()` docs live here. */
  params: z.ZodObject<any>;
  inputs(params: P): PortSpec[];
  outputs(params: P): PortSpec[];
  inferShape(ctx: ShapeContext<P>): ShapeResult;
  /** Trainable parameters, given input types whose feature dims are numbers. */
  paramCount(ctx: ShapeContext<P>): number;
  /** True when the block's parameters count as embeddings (excluded from "non-embedding"). */
  embedding?: boolean;
  /** Forward FLOPs (a multiply-add is 2) for the concrete shapes given. */
  flops(ctx: CostContext<P>): number;
  /** Elements held for backward beyond the outputs, e.g. attention matrices `B·h·T²`. */
  extraActivations?(ctx: CostContext<P>): number;
  /** Key params inline on the node: `Linear 128`, `Attention 4 heads causal`. */
  summary(params: P): string;
}

/** Identity helper that keeps the param type of a block tied to its schema. */
export function defineBlock<S extends z.ZodObject<any>>(def: BlockDef<z.infer<S>> & { params: S }): BlockDef<z.infer<S>> {
  return def;
}

export type { Shape };
