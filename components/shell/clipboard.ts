/**
 * Copy/paste of blocks as JSON text, so it also works between tabs. A pasted fragment is
 * checked by `parseGraph` (wrapped in a document) before anything is inserted.
 */
import { GRAPH_FORMAT, GRAPH_VERSION, parseGraph } from "@/graph";
import type { Fragment } from "@/graph";

export const FRAGMENT_FORMAT = "tensorloom.fragment";

export function fragmentToText(fragment: Fragment): string {
  return JSON.stringify({ format: FRAGMENT_FORMAT, ...fragment });
}

/** The fragment in clipboard text, or a message saying why it is not one. */
export function fragmentFromText(text: string): { ok: true; fragment: Fragment } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: "the clipboard does not hold Tensorloom blocks" };
  }
  if (!raw || typeof raw !== "object" || (raw as { format?: unknown }).format !== FRAGMENT_FORMAT) {
    return { ok: false, message: "the clipboard does not hold Tensorloom blocks" };
  }
  const { nodes, edges, groups } = raw as Record<string, unknown>;
  const wrapped = JSON.stringify({
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    name: "clipboard",
    nodes,
    edges,
    groups: groups ?? [],
    meta: {},
  });
  const parsed = parseGraph(wrapped);
  if (!parsed.ok) return { ok: false, message: `the copied blocks are not valid: ${parsed.errors[0]?.message ?? "unknown error"}` };
  return { ok: true, fragment: { nodes: parsed.graph.nodes, edges: parsed.graph.edges, groups: parsed.graph.groups } };
}
