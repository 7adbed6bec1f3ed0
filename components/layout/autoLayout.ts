/**
 * Auto-layout with elkjs (layered): left-to-right or top-to-bottom, for one scope or for a
 * whole document (every group body too). Returns new positions; never touches anything else.
 * elkjs is ~430 KB gzipped, more than the rest of the editor: it is loaded on the first layout
 * (Layout button, opening a preset), never with the page.
 */
import type { ELK as ElkApi, ElkNode } from "elkjs/lib/elk-api";
import { emptyRecord, moveNodes } from "@/graph";
import type { GraphDocument, GraphEdge, GraphNode, Position } from "@/graph";
import { DEFAULT_SIZE, WRAP_ABOVE } from "./size";

export type LayoutDirection = "RIGHT" | "DOWN";

export { DEFAULT_SIZE } from "./size";

let elk: Promise<ElkApi> | undefined;

/** The one elk instance, loaded on first use (a failed load is retried next time). */
function loadElk(): Promise<ElkApi> {
  elk ??= import("elkjs/lib/elk.bundled.js").then(
    ({ default: ELK }) => new ELK(),
    (err: unknown) => {
      elk = undefined;
      throw err;
    },
  );
  return elk;
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
      // A long graph wraps into rows instead of one line far wider than the screen (which
      // would fit only at a zoom too small to read its shapes).
      ...(nodes.length > WRAP_ABOVE ? { "elk.layered.wrapping.strategy": "MULTI_EDGE", "elk.aspectRatio": direction === "RIGHT" ? "1.5" : "0.8" } : {}),
    },
    children: nodes.map((n) => ({ id: n.id, ...(Object.hasOwn(sizes, n.id) ? sizes[n.id] : DEFAULT_SIZE) })),
    edges: edges.filter((e) => nodes.some((n) => n.id === e.source) && nodes.some((n) => n.id === e.target)).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const out = await (await loadElk()).layout(graph);
  const positions = emptyRecord<Position>(); // keyed by node ids, which may be any string
  for (const c of out.children ?? []) positions[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return positions;
}

/** Lays out the top level and every group body of `doc`. */
export async function layoutDocument(doc: GraphDocument, direction: LayoutDirection = "RIGHT"): Promise<GraphDocument> {
  let next = moveNodes(doc, { positions: await layoutScope(doc.nodes, doc.edges, direction) });
  for (const g of doc.groups) next = moveNodes(next, { positions: await layoutScope(g.nodes, g.edges, direction), scope: g.id });
  return next;
}
