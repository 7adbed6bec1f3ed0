/**
 * Checking a node's params before an edit stores them: the block's zod schema, and for a
 * Group node a body that exists and does not end up containing itself.
 */
import { z } from "zod";
import { describeRange } from "../allowed";
import { getBlock } from "../blocks";
import { findGroup } from "../ports";
import type { GraphDocument } from "../types";
import { reachableGroups } from "./scope";

export type CheckedParams = { ok: true; params: Record<string, unknown> } | { ok: false; message: string };

/**
 * Parses `params` for a node of `type` that sits in `scope`; `who` names it in messages.
 * A key of `checkKeys` (default: all of `params`) the block does not have is refused; other
 * unknown keys are dropped. On success the params are the schema's output (defaults filled).
 *
 * @example checkParams(doc, undefined, "Linear", { units: 0 }, "Linear (linear1)")
 * // { ok: false, message: "Linear (linear1): units must be an integer from 1 to 1000000, got 0" }
 */
export function checkParams(
  graph: GraphDocument,
  scope: string | undefined,
  type: string,
  params: Record<string, unknown>,
  who: string,
  checkKeys: readonly string[] = Object.keys(params),
): CheckedParams {
  const def = getBlock(type);
  if (!def) return { ok: false, message: `unknown block type "${type}"` };
  const shape: Record<string, z.ZodType> = def.params.shape;
  const unknown = checkKeys.find((key) => !Object.hasOwn(shape, key));
  if (unknown !== undefined) return { ok: false, message: `${who}: ${def.label} has no setting "${unknown}"` };
  const parsed = def.params.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0] ?? "");
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    const allowed = field ? describeRange(field) : undefined;
    const message = allowed ? `${key} must be ${allowed}, got ${preview(params[key])}` : `${key ? `${key}: ` : ""}${issue.message}`;
    return { ok: false, message: `${who}: ${message}` };
  }
  const data = parsed.data as Record<string, unknown>;
  if (type === "Group") {
    const group = findGroup(graph, data.group);
    if (!group) return { ok: false, message: `${who}: there is no block body "${String(data.group)}"` };
    if (scope !== undefined && reachableGroups(graph, group.id).has(scope)) {
      return { ok: false, message: `${who}: block "${group.name}" would contain itself` };
    }
  }
  return { ok: true, params: data };
}

function preview(value: unknown): string {
  const text = typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
