/**
 * The rows of the Cost tab's per-node table and their sorting. Pure: the table component
 * only renders what these return.
 */
import { formatShape, getBlock } from "@/graph";
import type { GraphDocument, ScopeAnalysis } from "@/graph";
import { scopeOf } from "../canvas/toFlow";

export interface CostRow {
  id: string;
  /** The user's label, if any; the table shows it beside the id. */
  label?: string;
  /** Key params: `Linear 128`, or for a block `Transformer block ×6`. */
  summary: string;
  /** Output shape(s), `B×T×128`; empty for a node with no output. */
  shape: string;
  params: number;
  flops: number;
  memory: number;
  /** Position in the scope's topological order (the table's default order). */
  order: number;
  /** Repeat count of a Group node; its costs are already the total over all copies. */
  repeat?: number;
}

/**
 * One row per node of a scope, in topological order, with costs from `sa` (an analysis of
 * that scope at the batch and length the tab shows).
 */
export function costRows(doc: GraphDocument, scope: string | undefined, sa: ScopeAnalysis | undefined): CostRow[] {
  const nodes = scopeOf(doc, scope).nodes;
  const rank = new Map((sa?.order ?? []).map((id, i) => [id, i]));
  return nodes
    .map((n, i): CostRow => {
      const info = sa?.nodes[n.id];
      const group = n.type === "Group" ? doc.groups.find((g) => g.id === n.params.group) : undefined;
      const repeat = n.type === "Group" ? Number(n.params.repeat ?? 1) : undefined;
      const summary = group ? `${group.name} ×${repeat}` : (info?.summary ?? getBlock(n.type)?.label ?? n.type);
      return {
        id: n.id,
        ...(n.label ? { label: n.label } : {}),
        summary,
        shape: Object.values(info?.outputs ?? {})
          .map((t) => formatShape(t.shape))
          .join(", "),
        params: info?.cost.params ?? 0,
        flops: info?.cost.flops ?? 0,
        memory: info?.cost.activationBytes ?? 0,
        order: rank.get(n.id) ?? nodes.length + i,
        ...(repeat !== undefined ? { repeat } : {}),
      };
    })
    .sort((a, b) => a.order - b.order);
}

export type SortKey = "order" | "id" | "summary" | "shape" | "params" | "flops" | "memory";
export interface SortState {
  key: SortKey;
  dir: "asc" | "desc";
}

export const NUMERIC_KEYS: ReadonlySet<SortKey> = new Set(["order", "params", "flops", "memory"]);

/** Clicking a header: a new column sorts biggest-first (numbers) or A→Z (text); the same column flips. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: NUMERIC_KEYS.has(key) && key !== "order" ? "desc" : "asc" };
}

/** The rows sorted by one column; ties keep the graph order. Returns a new array. */
export function sortRows(rows: readonly CostRow[], sort: SortState): CostRow[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  const key = sort.key;
  return [...rows].sort((a, b) => {
    const c = NUMERIC_KEYS.has(key)
      ? (a[key] as number) - (b[key] as number)
      : String(a[key]).localeCompare(String(b[key]), "en", { numeric: true });
    return c !== 0 ? sign * c : a.order - b.order;
  });
}
