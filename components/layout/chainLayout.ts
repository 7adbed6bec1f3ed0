/**
 * A chain of blocks laid out without elk: in wire order, left to right, wrapped into rows the
 * way elk's layered wrapping lays out a long chain. The starting document (the MLP preset) is a
 * chain, so the page can open laid out without loading elkjs.
 */
import { emptyRecord } from "@/graph";
import type { GraphEdge, GraphNode, Position } from "@/graph";
import { DEFAULT_SIZE, WRAP_ABOVE } from "./size";

const GAP_X = 72;
const GAP_Y = 41;
const MARGIN = 12;
/** Width : height of the laid-out chain, as asked of elk for long chains. */
const ASPECT = 1.5;

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
 * @example chainLayout(mlp.nodes, mlp.edges) // 9 blocks → 3 rows of 3
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

  const cellW = DEFAULT_SIZE.width + GAP_X;
  const cellH = DEFAULT_SIZE.height + GAP_Y;
  const perRow = nodes.length <= WRAP_ABOVE ? nodes.length : Math.ceil(Math.sqrt((nodes.length * ASPECT * cellH) / cellW));
  const positions = emptyRecord<Position>(); // keyed by node ids, which may be any string
  order.forEach((id, i) => {
    positions[id] = { x: MARGIN + (i % perRow) * cellW, y: MARGIN + Math.floor(i / perRow) * cellH };
  });
  return positions;
}
