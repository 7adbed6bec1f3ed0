/**
 * Facts about a graph's structure that the emitted model must agree with compile() on: which
 * nodes a model keeps, its parameter count, and the position (hence the seed) of every layer.
 */
import { findGroup, flattenGraph } from "../../graph";
import type { Analysis, GraphDocument, GraphEdge, GraphNode, GroupDef, ScopeAnalysis } from "../../graph";

/** Ids of `nodes` that lead to a sink (`sinkType`) along `edges`, plus Inputs and tie targets. */
export function liveNodes(nodes: GraphNode[], edges: GraphEdge[], sinkType: string): Set<string> {
  const back = new Map<string, string[]>();
  for (const e of edges) back.set(e.target, [...(back.get(e.target) ?? []), e.source]);
  const live = new Set<string>();
  const visit = (id: string) => {
    if (live.has(id)) return;
    live.add(id);
    (back.get(id) ?? []).forEach(visit);
  };
  nodes.filter((n) => n.type === sinkType || n.type === "Input").forEach((n) => visit(n.id));
  for (const n of nodes) if (live.has(n.id) && n.type === "Linear" && n.params.tieTo) visit(String(n.params.tieTo));
  return live;
}

/**
 * Parameters of the model tf.model() builds: of the layers that lead to an Output (a layer that
 * leads nowhere, such as an unused output of all but the last copy of a block, is left out of
 * the model, though analysis counts it).
 */
export function builtParams(doc: GraphDocument, analysis: Analysis): number {
  const flat = flattenGraph(doc);
  const back = new Map<string, string[]>();
  for (const e of flat.edges) back.set(e.target.node, [...(back.get(e.target.node) ?? []), e.source.node]);
  const live = new Set<string>();
  const visit = (id: string) => {
    if (live.has(id)) return;
    live.add(id);
    (back.get(id) ?? []).forEach(visit);
    const node = flat.nodes.find((n) => n.id === id)!;
    const tied = node.type === "Linear" && node.params.tieTo;
    const tie = tied ? flat.nodes.find((n) => n.type === "Embedding" && n.sourceId === node.params.tieTo) : undefined;
    if (tie) visit(tie.id);
  };
  flat.nodes.filter((n) => n.type === "Output").forEach((n) => visit(n.id));
  let params = 0;
  for (const node of flat.nodes) {
    if (!live.has(node.id)) continue;
    let scope: ScopeAnalysis = analysis;
    let nodes = doc.nodes;
    for (const [groupNode] of node.path) {
      const group = findGroup(doc, nodes.find((n) => n.id === groupNode)!.params.group)!;
      scope = analysis.groups[group.id];
      nodes = group.nodes;
    }
    params += scope.nodes[node.sourceId]?.cost.params ?? 0;
  }
  return params;
}

/** Flat layers initialised as residual projections (compile() scales their init by 1/√count). */
export function residualCount(doc: GraphDocument): number {
  const residual = (n: { type: string; params: Record<string, unknown> }) =>
    (n.type === "Linear" && n.params.init === "residual") || (n.type === "MultiHeadAttention" && n.params.residualInit === true);
  return flattenGraph(doc).nodes.filter(residual).length;
}

/**
 * Layer positions as compile() counts them (every flat node but Outputs, in order): layer k of
 * a model seeded s is seeded from (s, k).
 */
export class LayerPositions {
  private readonly sizes = new Map<string, number>();

  constructor(private readonly doc: GraphDocument) {}

  /** Positions one copy of a group body takes. */
  size(group: GroupDef): number {
    const known = this.sizes.get(group.id);
    if (known !== undefined) return known;
    const size = group.nodes.reduce((sum, n) => sum + this.span(n), 0);
    this.sizes.set(group.id, size);
    return size;
  }

  /** Positions a node takes: a Group's copies expanded, none for ports and Outputs. */
  span(node: GraphNode): number {
    if (node.type === "Output" || node.type === "GroupInput" || node.type === "GroupOutput") return 0;
    if (node.type !== "Group") return 1;
    return Number(node.params.repeat ?? 1) * this.size(findGroup(this.doc, node.params.group)!);
  }
}
