/**
 * The document scope being edited, with its analysis, as React Flow nodes and edges. Node
 * `data` holds only plain values (no callbacks), so node views just render.
 */
import type { Edge, Node } from "@xyflow/react";
import { formatShape, formatTensor, getBlock, nodePorts } from "@/graph";
import type { Analysis, Category, Diagnostic, GraphDocument, GraphEdge, GraphNode, ScopeAnalysis } from "@/graph";

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
  const diags = diagnosticsIn(a, scope);
  return s.nodes.map((n) => {
    const def = getBlock(n.type);
    const info = sa?.nodes[n.id];
    const ports = nodePorts(doc, n);
    const mine = diags.filter((d) => d.nodeId === n.id);
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
    };
    return { id: n.id, type: "block", position: n.position, data, selected: selection.has(n.id) };
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
