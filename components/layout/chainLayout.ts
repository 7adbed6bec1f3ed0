/**
 * A chain of blocks laid out without elk: in wire order, left to right, wrapped into snaking
 * rows as layoutScope wraps a long graph. The starting document (the MLP preset) is a chain
 * (of blocks with one input and one output each), so the page can open laid out without
 * loading elkjs.
 */
import type { GraphEdge, GraphNode, Position } from "@/graph";
import { DEFAULT_SIZE } from "./size";
import { snakeLayout } from "./snake";

/** True when every node has at most one wire in and one wire out. */
function isChain(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): boolean {
  const ins = new Map<string, number>();
  const outs = new Map<string, number>();
  for (const e of edges) {
    ins.set(e.target, (ins.get(e.target) ?? 0) + 1);
    outs.set(e.source, (outs.get(e.source) ?? 0) + 1);
  }
  return nodes.every((n) => (ins.get(n.id) ?? 0) <= 1 && (outs.get(n.id) ?? 0) <= 1);
}

/**
 * Positions for `nodes` when they form one connected chain (a single path through every node),
 * or undefined when they do not (branches, several pieces, a cycle): those need elk.
 * @example chainLayout(mlp.nodes, mlp.edges) // 9 blocks → 3 snaking rows of 3
 */
export function chainLayout(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Record<string, Position> | undefined {
  if (nodes.length === 0 || !isChain(nodes, edges)) return undefined;
  const ids = new Set(nodes.map((n) => n.id));
  const inner = edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const next = new Map(inner.map((e) => [e.source, e.target]));
  const targets = new Set(inner.map((e) => e.target));
  const heads = nodes.filter((n) => !targets.has(n.id));
  if (heads.length !== 1) return undefined;
  const order: string[] = [];
  for (let id: string | undefined = heads[0].id; id !== undefined && order.length <= nodes.length; id = next.get(id)) order.push(id);
  if (order.length !== nodes.length) return undefined;

  return snakeLayout(order.map((id) => [{ id, y: 0, ...DEFAULT_SIZE }]));
}
