/**
 * Facts about a graph's structure that the emitted model must agree with compile() on: which
 * nodes a model keeps, its parameter count, and how many layers share the residual init.
 */
import { flattenGraph, lowerFlatGraph, lowerNode, peerId, residualLayers, scopeOf } from "../../graph";
import type { Analysis, GraphDocument, GraphEdge, GraphNode, ScopeAnalysis } from "../../graph";

/** Ids of `nodes` that lead to a sink (`sinkType`) along `edges`, plus Inputs and reused layers. */
export function liveNodes(nodes: GraphNode[], edges: GraphEdge[], sinkType: string, info: ScopeAnalysis): Set<string> {
  const back = new Map<string, string[]>();
  for (const e of edges) back.set(e.target, [...(back.get(e.target) ?? []), e.source]);
  const live = new Set<string>();
  const visit = (id: string) => {
    if (live.has(id)) return;
    live.add(id);
    (back.get(id) ?? []).forEach(visit);
  };
  nodes.filter((n) => n.type === sinkType || n.type === "Input").forEach((n) => visit(n.id));
  for (const n of nodes) {
    if (!live.has(n.id)) continue;
    const lowering = lowerNode(n, info.nodes[n.id], nodes);
    if (lowering.kind === "reuse") visit(lowering.node);
  }
  return live;
}

/**
 * Parameters of the model tf.model() builds: of the layers that lead to an Output (a layer that
 * leads nowhere, such as an unused output of all but the last copy of a block, is left out of
 * the model, though analysis counts it).
 */
export function builtParams(doc: GraphDocument, analysis: Analysis): number {
  const flat = flattenGraph(doc);
  const lowerings = lowerFlatGraph(doc, analysis, flat);
  const byId = new Map(flat.nodes.map((n) => [n.id, n]));
  const back = new Map<string, string[]>();
  for (const e of flat.edges) back.set(e.target.node, [...(back.get(e.target.node) ?? []), e.source.node]);
  const live = new Set<string>();
  const visit = (id: string) => {
    if (live.has(id)) return;
    live.add(id);
    (back.get(id) ?? []).forEach(visit);
    const lowering = lowerings.get(id)!;
    if (lowering.kind === "reuse") visit(peerId(byId.get(id)!, lowering.node));
  };
  flat.nodes.filter((n) => lowerings.get(n.id)!.kind === "output").forEach((n) => visit(n.id));
  let params = 0;
  for (const node of flat.nodes) if (live.has(node.id)) params += scopeOf(doc, analysis, node).info.nodes[node.sourceId]?.cost.params ?? 0;
  return params;
}

/** Flat layers initialised as residual projections (their init is scaled by 1/√count). */
export function residualCount(doc: GraphDocument, analysis: Analysis): number {
  return residualLayers(lowerFlatGraph(doc, analysis, flattenGraph(doc)).values());
}
