/**
 * Auto-layout with elkjs (layered): left-to-right or top-to-bottom, for one scope or for a
 * whole document (every group body too). Returns new positions; never touches anything else.
 */
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import { moveNodes } from "@/graph";
import type { GraphDocument, GraphEdge, GraphNode, Position } from "@/graph";

export type LayoutDirection = "RIGHT" | "DOWN";

/** Rough size of a block view when it has not been measured yet. */
export const DEFAULT_SIZE = { width: 200, height: 84 };

const elk = new ELK();

/** True when every node has at most one wire in and one wire out. */
function isChain(nodes: GraphNode[], edges: GraphEdge[]): boolean {
  const ins = new Map<string, number>();
  const outs = new Map<string, number>();
  for (const e of edges) {
    ins.set(e.target, (ins.get(e.target) ?? 0) + 1);
    outs.set(e.source, (outs.get(e.source) ?? 0) + 1);
  }
  return nodes.every((n) => (ins.get(n.id) ?? 0) <= 1 && (outs.get(n.id) ?? 0) <= 1);
}

export async function layoutScope(
  nodes: GraphNode[],
  edges: GraphEdge[],
  direction: LayoutDirection = "RIGHT",
  sizes: Record<string, { width: number; height: number }> = {},
): Promise<Record<string, Position>> {
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": direction,
      "elk.spacing.nodeNode": "36",
      "elk.layered.spacing.nodeNodeBetweenLayers": "72",
      "elk.layered.spacing.edgeNodeBetweenLayers": "24",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.crossingMinimization.semiInteractive": "true",
      // A long chain (an MLP, a GPT) wraps into rows instead of one line far wider than the
      // screen; a branching graph (encoder–decoder) keeps its layers side by side.
      ...(isChain(nodes, edges) && nodes.length > 5 ? { "elk.layered.wrapping.strategy": "MULTI_EDGE", "elk.aspectRatio": direction === "RIGHT" ? "1.5" : "0.8" } : {}),
    },
    children: nodes.map((n) => ({ id: n.id, ...(sizes[n.id] ?? DEFAULT_SIZE) })),
    edges: edges.filter((e) => nodes.some((n) => n.id === e.source) && nodes.some((n) => n.id === e.target)).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const out = await elk.layout(graph);
  const positions: Record<string, Position> = {};
  for (const c of out.children ?? []) positions[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return positions;
}

/** Lays out the top level and every group body of `doc`. */
export async function layoutDocument(doc: GraphDocument, direction: LayoutDirection = "RIGHT"): Promise<GraphDocument> {
  let next = moveNodes(doc, { positions: await layoutScope(doc.nodes, doc.edges, direction) });
  for (const g of doc.groups) next = moveNodes(next, { positions: await layoutScope(g.nodes, g.edges, direction), scope: g.id });
  return next;
}
