/**
 * The document scope being edited, with its analysis, as React Flow nodes and edges. Node
 * `data` holds only plain values (no callbacks), so node views just render.
 */
import type { Edge, Node } from "@xyflow/react";
import { formatShape, formatTensor, getBlock, nodePorts } from "@/graph";
import type { Analysis, Category, Diagnostic, GraphDocument, GraphEdge, GraphNode, ScopeAnalysis } from "@/graph";
import { flowsLeft } from "./flowDirection";

export interface PortView {
  name: string;
  /** Shown beside the handle when the block has more than one port on that side. */
  label?: string;
}

export interface BlockData extends Record<string, unknown> {
  type: string;
  title: string;
  summary: string;
  category: Category;
  shape?: string;
  params: number;
  inputs: PortView[];
  outputs: PortView[];
  severity?: "error" | "warning";
  messages: string[];
  repeat?: number;
  /** Inputs on the right, outputs on the left: the block sits in a row that reads right to left. */
  flipped?: boolean;
}

export interface ShapeEdgeData extends Record<string, unknown> {
  label?: string;
  full?: string;
}

export function scopeOf(doc: GraphDocument, scope: string | undefined): { nodes: GraphNode[]; edges: GraphEdge[] } {
  if (!scope) return doc;
  return doc.groups.find((g) => g.id === scope) ?? { nodes: [], edges: [] };
}

export function scopeAnalysis(a: Analysis, scope: string | undefined): ScopeAnalysis | undefined {
  return scope ? a.groups[scope] : a;
}

export function diagnosticsIn(a: Analysis, scope: string | undefined): Diagnostic[] {
  return a.diagnostics.filter((d) => d.groupId === scope);
}

function portViews(ports: { name: string }[]): PortView[] {
  return ports.map((p) => ({ name: p.name, ...(ports.length > 1 ? { label: p.name } : {}) }));
}

export function toFlowNodes(doc: GraphDocument, scope: string | undefined, a: Analysis, selection: ReadonlySet<string>): Node<BlockData>[] {
  const s = scopeOf(doc, scope);
  const sa = scopeAnalysis(a, scope);
  const byNode = new Map<string, Diagnostic[]>();
  for (const d of diagnosticsIn(a, scope)) {
    const list = byNode.get(d.nodeId);
    if (list) list.push(d);
    else byNode.set(d.nodeId, [d]);
  }
  const left = flowsLeft(s.nodes, s.edges);
  return s.nodes.map((n) => {
    const def = getBlock(n.type);
    const info = sa?.nodes[n.id];
    const ports = nodePorts(doc, n);
    const mine = byNode.get(n.id) ?? [];
    const out = info && Object.values(info.outputs)[0];
    const group = n.type === "Group" ? doc.groups.find((g) => g.id === n.params.group) : undefined;
    const data: BlockData = {
      type: n.type,
      title: n.label || group?.name || def?.label || n.type,
      summary: info?.summary ?? def?.label ?? n.type,
      category: def?.category ?? "core",
      shape: out ? formatShape(out.shape) : undefined,
      params: info?.cost.params ?? 0,
      inputs: portViews(ports.inputs),
      outputs: portViews(ports.outputs),
      severity: mine.some((d) => d.severity === "error") ? "error" : mine.length ? "warning" : undefined,
      messages: mine.map((d) => d.message),
      ...(n.type === "Group" ? { repeat: Number(n.params.repeat ?? 1) } : {}),
      ...(left.has(n.id) ? { flipped: true } : {}),
    };
    return { id: n.id, type: "block", position: n.position, data, selected: selection.has(n.id) };
  });
}

const samePorts = (a: PortView[], b: PortView[]) =>
  a.length === b.length && a.every((p, i) => p.name === b[i].name && p.label === b[i].label);
const sameStrings = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameBlockData(a: BlockData, b: BlockData): boolean {
  return (
    a.type === b.type &&
    a.title === b.title &&
    a.summary === b.summary &&
    a.category === b.category &&
    a.shape === b.shape &&
    a.params === b.params &&
    a.severity === b.severity &&
    a.repeat === b.repeat &&
    a.flipped === b.flipped &&
    samePorts(a.inputs, b.inputs) &&
    samePorts(a.outputs, b.outputs) &&
    sameStrings(a.messages, b.messages)
  );
}

/**
 * `next` with the objects of `prev` kept wherever nothing shown changed, so one edit re-renders
 * only the nodes it affects (node views are memoised and React Flow skips nodes it already
 * has). A node that changed keeps the size React Flow measured for it.
 */
export function reuseNodes(prev: readonly Node<BlockData>[], next: Node<BlockData>[]): Node<BlockData>[] {
  const old = new Map(prev.map((n) => [n.id, n]));
  return next.map((n) => {
    const p = old.get(n.id);
    if (!p) return n;
    const data = p.type === n.type && sameBlockData(p.data, n.data) ? p.data : n.data;
    if (data === p.data && p.position.x === n.position.x && p.position.y === n.position.y && Boolean(p.selected) === Boolean(n.selected))
      return p;
    return { ...n, data, measured: p.measured };
  });
}

/** `next` with the objects of `prev` kept for wires whose ends, label and selection are unchanged. */
export function reuseEdges(prev: readonly Edge<ShapeEdgeData>[], next: Edge<ShapeEdgeData>[]): Edge<ShapeEdgeData>[] {
  const old = new Map(prev.map((e) => [e.id, e]));
  return next.map((e) => {
    const p = old.get(e.id);
    const same =
      p &&
      p.source === e.source &&
      p.target === e.target &&
      p.sourceHandle === e.sourceHandle &&
      p.targetHandle === e.targetHandle &&
      p.type === e.type &&
      Boolean(p.selected) === Boolean(e.selected) &&
      p.data?.label === e.data?.label &&
      p.data?.full === e.data?.full;
    return same ? p : e;
  });
}

export function toFlowEdges(doc: GraphDocument, scope: string | undefined, a: Analysis): Edge<ShapeEdgeData>[] {
  const s = scopeOf(doc, scope);
  const sa = scopeAnalysis(a, scope);
  return s.edges.map((e) => {
    const t = sa?.edges[e.id];
    return {
      id: e.id,
      source: e.source,
      sourceHandle: e.sourcePort,
      target: e.target,
      targetHandle: e.targetPort,
      type: "shape",
      data: t ? { label: formatShape(t.shape), full: `${formatTensor(t)} (${t.dtype}${t.vocab ? `, vocab ${t.vocab}` : ""})` } : {},
    };
  });
}
