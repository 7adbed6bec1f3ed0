/** Small shape checks shared by the block definitions. */
import { formatShape, formatTensor, lastDim, shapesEqual } from "../shapes";
import type { Shape, TensorType } from "../types";
import type { BlockIssue, ShapeContext, ShapeResult } from "./block";

/** The one tensor on a single-input port (analysis guarantees presence before inferShape). */
export function one(ctx: ShapeContext<unknown>, port: string): TensorType {
  return ctx.inputs[port][0];
}

export function fail(message: string, code: BlockIssue["code"] = "shape-mismatch", port?: string): ShapeResult {
  return { ok: false, issues: [{ code, message, port }] };
}

export function ok(outputs: Record<string, TensorType>): ShapeResult {
  return { ok: true, outputs };
}

export function float(shape: Shape): TensorType {
  return { shape, dtype: "float32" };
}

/** The last dim as a number, or undefined when it is symbolic. */
export function featureSize(t: TensorType): number | undefined {
  const d = lastDim(t.shape);
  return typeof d === "number" ? d : undefined;
}

/** The input feature size of `port` for param counts; 0 while unknown. */
export function inFeatures(ctx: ShapeContext<unknown>, port = "x"): number {
  const t = ctx.inputs[port]?.[0];
  return t ? (featureSize(t) ?? 0) : 0;
}

export function requireFeature(t: TensorType, blockName: string, port = "x"): number | ShapeResult {
  const f = featureSize(t);
  if (f === undefined) {
    return fail(`${blockName} needs a fixed feature size on its last axis, got ${formatShape(t.shape)}`, "shape-mismatch", port);
  }
  return f;
}

export function sameShapes(inputs: TensorType[], blockName: string, port: string): ShapeResult | undefined {
  const first = inputs[0];
  for (const t of inputs.slice(1)) {
    if (!shapesEqual(first.shape, t.shape)) {
      return fail(`${blockName} needs equal shapes: ${formatShape(first.shape)} vs ${formatShape(t.shape)}`, "shape-mismatch", port);
    }
  }
  return undefined;
}

export function describe(t: TensorType): string {
  return formatTensor(t);
}

export function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/**
 * A Reshape target with its −1 (if any) given what is left of `total` elements per example.
 * @example reshapeTarget([4, -1], 24) // [4, 6]
 */
export function reshapeTarget(target: readonly number[], total: number): number[] {
  const known = product(target.filter((d) => d !== -1));
  return target.map((d) => (d === -1 ? total / known : d));
}
