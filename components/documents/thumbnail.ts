/**
 * A quick picture of a graph for the preset gallery: every top-level node is a small box in the
 * column of its longest path from an input, so data flows left to right. No elk, no network:
 * it runs synchronously for every card.
 */
import { getBlock, topoSort } from "@/graph";
import type { Category, GraphDocument } from "@/graph";

export interface ThumbnailNode {
  id: string;
  /** Block label or type, for a tooltip. */
  title: string;
  category: Category | "unknown";
  column: number;
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ThumbnailEdge {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface ThumbnailLayout {
  /** Size of the drawing, for the SVG viewBox. */
  width: number;
  height: number;
  columns: number;
  nodes: ThumbnailNode[];
  edges: ThumbnailEdge[];
}

export interface ThumbnailMetrics {
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
  padding: number;
}

export const THUMBNAIL_METRICS: ThumbnailMetrics = { nodeWidth: 28, nodeHeight: 14, gapX: 14, gapY: 8, padding: 6 };

/**
 * Column = longest path from a source (nodes on a cycle go after everything else, one column
 * each); rows keep document order within a column; each column is centred vertically.
 *
 * @example thumbnailLayout(mlpGraph).nodes.map((n) => n.column) // [0, 1, 2, 3, …]
 */
export function thumbnailLayout(graph: GraphDocument, metrics: ThumbnailMetrics = THUMBNAIL_METRICS): ThumbnailLayout {
  const { nodeWidth, nodeHeight, gapX, gapY, padding } = metrics;
  const ids = graph.nodes.map((n) => n.id);
  const known = new Set(ids);
  const edges = graph.edges.filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target);
  const { order, cyclic } = topoSort(ids, edges);

  const incoming = new Map<string, string[]>();
  for (const e of edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const column = new Map<string, number>();
  for (const id of order) {
    const before = (incoming.get(id) ?? []).map((s) => column.get(s) ?? 0);
    column.set(id, before.length ? Math.max(...before) + 1 : 0);
  }
  let next = order.length ? Math.max(...order.map((id) => column.get(id)!)) + 1 : 0;
  for (const id of cyclic) column.set(id, next++);

  const columns: string[][] = [];
  for (const id of ids) (columns[column.get(id)!] ??= []).push(id);
  const tallest = Math.max(0, ...columns.map((c) => c?.length ?? 0));
  const columnHeight = (count: number) => count * nodeHeight + Math.max(0, count - 1) * gapY;
  const width = columns.length ? 2 * padding + columns.length * nodeWidth + (columns.length - 1) * gapX : 2 * padding + nodeWidth;
  const height = 2 * padding + Math.max(nodeHeight, columnHeight(tallest));

  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const placed = new Map<string, ThumbnailNode>();
  columns.forEach((members, c) => {
    if (!members) return;
    const top = padding + (columnHeight(tallest) - columnHeight(members.length)) / 2;
    members.forEach((id, row) => {
      const node = byId.get(id)!;
      placed.set(id, {
        id,
        title: node.label || node.type,
        category: getBlock(node.type)?.category ?? "unknown",
        column: c,
        row,
        x: padding + c * (nodeWidth + gapX),
        y: top + row * (nodeHeight + gapY),
        width: nodeWidth,
        height: nodeHeight,
      });
    });
  });

  const nodes = ids.map((id) => placed.get(id)!);
  const wires: ThumbnailEdge[] = edges.map((e) => {
    const a = placed.get(e.source)!;
    const b = placed.get(e.target)!;
    return { id: e.id, x1: a.x + a.width, y1: a.y + a.height / 2, x2: b.x, y2: b.y + b.height / 2 };
  });
  return { width, height, columns: columns.length, nodes, edges: wires };
}
