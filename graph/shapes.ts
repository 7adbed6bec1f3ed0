/**
 * Symbolic shape algebra: dims are numbers or symbols (`B`, `T`), compared exactly and
 * evaluated against bindings (`{ B: 16, T: 64 }`) only when a number is needed.
 */
import type { Dim, Shape, TensorType } from "./types";

/** `formatShape(["B", "T", 128])` → `"B×T×128"`. */
export function formatShape(shape: Shape): string {
  return shape.length === 0 ? "scalar" : shape.map(String).join("×");
}

export function formatTensor(t: TensorType): string {
  return t.dtype === "int32" ? `${formatShape(t.shape)} int` : formatShape(t.shape);
}

export function dimsEqual(a: Dim, b: Dim): boolean {
  return a === b;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => dimsEqual(d, b[i]));
}

export function lastDim(shape: Shape): Dim | undefined {
  return shape[shape.length - 1];
}

/** The value of a dim under bindings, or undefined when a symbol is unbound. */
export function evalDim(dim: Dim, bindings: Record<string, number>): number | undefined {
  if (typeof dim === "number") return dim;
  const v = bindings[dim];
  return typeof v === "number" ? v : undefined;
}

/** Every dim as a number, or undefined if any symbol is unbound. */
export function evalShape(shape: Shape, bindings: Record<string, number>): number[] | undefined {
  const out: number[] = [];
  for (const d of shape) {
    const v = evalDim(d, bindings);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Product of the dims, kept symbolic where it must be: `["T", 4]` → `"T·4"`; all numbers → a number. */
export function dimProduct(dims: Shape, bindings: Record<string, number>): Dim {
  const evaluated = evalShape(dims, bindings);
  if (evaluated) return numel(evaluated);
  let num = 1;
  const syms: string[] = [];
  for (const d of dims) {
    if (typeof d === "number") num *= d;
    else syms.push(d);
  }
  return [...syms, ...(num === 1 ? [] : [String(num)])].join("·");
}
