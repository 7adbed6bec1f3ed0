/**
 * Auto-layout with elkjs (layered): left-to-right (a long graph wrapped into snaking rows, see
 * snake.ts) or top-to-bottom, for one scope or for a whole document (every group body too).
 * Returns new positions; never touches anything else.
 * elkjs is ~430 KB gzipped, more than the rest of the editor: it is loaded on the first layout
 * (Layout button, opening a preset), never with the page.
 */
import type { ELK as ElkApi, ElkNode } from "elkjs/lib/elk-api";
import { emptyRecord, moveNodes, nodePorts } from "@/graph";
import type { GraphDocument, GraphEdge, GraphNode, Position } from "@/graph";
import { blockSize, DEFAULT_SIZE, WRAP_ABOVE } from "./size";
import { layersOf, snakeLayout } from "./snake";

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
      // Top to bottom, a long graph wraps into columns instead of one line far taller than the
      // screen. Left to right it is laid out in one line and then wrapped into snaking rows
      // (elk's own wrapping joins each row's end to the next row's start by a wire across it).
      ...(direction === "DOWN" && nodes.length > WRAP_ABOVE
        ? { "elk.layered.wrapping.strategy": "MULTI_EDGE", "elk.aspectRatio": "0.8" }
        : {}),
    },
    children: nodes.map((n) => ({ id: n.id, ...(Object.hasOwn(sizes, n.id) ? sizes[n.id] : DEFAULT_SIZE) })),
    edges: edges
      .filter((e) => nodes.some((n) => n.id === e.source) && nodes.some((n) => n.id === e.target))
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const out = await (await loadElk()).layout(graph);
  const placed = (out.children ?? []).map((c) => ({
    id: c.id,
    x: c.x ?? 0,
    y: c.y ?? 0,
    width: c.width ?? DEFAULT_SIZE.width,
    height: c.height ?? DEFAULT_SIZE.height,
  }));
  if (direction === "RIGHT") return snakeLayout(layersOf(placed));
  const positions = emptyRecord<Position>(); // keyed by node ids, which may be any string
  for (const c of placed) positions[c.id] = { x: Math.round(c.x), y: Math.round(c.y) };
  return positions;
}

/** Rough sizes of the blocks of one scope of `doc` (blocks with named ports are taller). */
export function scopeSizes(doc: GraphDocument, nodes: readonly GraphNode[]): Record<string, { width: number; height: number }> {
  return Object.fromEntries(
    nodes.map((n) => {
      const p = nodePorts(doc, n);
      return [n.id, blockSize(p.inputs.length, p.outputs.length)];
    }),
  );
}

/** Lays out the top level and every group body of `doc`. */
export async function layoutDocument(doc: GraphDocument, direction: LayoutDirection = "RIGHT"): Promise<GraphDocument> {
  let next = moveNodes(doc, { positions: await layoutScope(doc.nodes, doc.edges, direction, scopeSizes(doc, doc.nodes)) });
  for (const g of doc.groups)
    next = moveNodes(next, { positions: await layoutScope(g.nodes, g.edges, direction, scopeSizes(doc, g.nodes)), scope: g.id });
  return next;
}
