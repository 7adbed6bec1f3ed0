/**
 * Every node of a graph lowered once, for the back ends: the block registry's `lower()` given the
 * types analysis worked out and the node's scope. compile() and the TypeScript export both read
 * these records, so a block is described in one place, its family file.
 */
import type { Analysis, NodeInfo, ScopeAnalysis } from "./analysis";
import { getBlock } from "./blocks";
import type { ConfigValue, LayerConfig, Lowering } from "./blocks/block";
import type { FlatGraph, FlatNode } from "./flatten";
import { findGroup } from "./ports";
import type { GraphDocument, GraphNode } from "./types";

const NO_INFO: Pick<NodeInfo, "inputs" | "outputs"> = { inputs: {}, outputs: {} };

/**
 * One node of a scope lowered by its block definition.
 * @example lowerNode(node, analysis.nodes[node.id], doc.nodes) // { kind: "layer", className: "TLLinear", … }
 */
export function lowerNode(
  node: Pick<GraphNode, "id" | "type" | "params">,
  info: Pick<NodeInfo, "inputs" | "outputs"> | undefined,
  peers: readonly GraphNode[],
): Lowering {
  const def = getBlock(node.type);
  if (!def) throw new Error(`node ${node.id}: unknown block type ${node.type}`);
  const { inputs, outputs } = info ?? NO_INFO;
  return def.lower(node.params, { inputs, outputs, peers, id: node.id });
}

/** The scope (nodes and their analysis) a flat node sits in, found along its group path. */
export function scopeOf(doc: GraphDocument, analysis: Analysis, node: FlatNode): { nodes: GraphNode[]; info: ScopeAnalysis } {
  let info: ScopeAnalysis = analysis;
  let nodes = doc.nodes;
  for (const [groupNode] of node.path) {
    const group = findGroup(doc, nodes.find((n) => n.id === groupNode)!.params.group)!;
    info = analysis.groups[group.id];
    nodes = group.nodes;
  }
  return { nodes, info };
}

/**
 * Every flat node lowered, by flat id (for a graph analysis found valid).
 * @example lowerFlatGraph(doc, analyse(doc), flattenGraph(doc)).get("blocks_0_attn") // TLMultiHeadAttention …
 */
export function lowerFlatGraph(doc: GraphDocument, analysis: Analysis, flat: FlatGraph): Map<string, Lowering> {
  const out = new Map<string, Lowering>();
  for (const node of flat.nodes) {
    const scope = scopeOf(doc, analysis, node);
    out.set(node.id, lowerNode({ id: node.sourceId, type: node.type, params: node.params }, scope.info.nodes[node.sourceId], scope.nodes));
  }
  return out;
}

/** The flat id of the node `sourceId` in the same scope (and copy) as flat node `node`. */
export function peerId(node: FlatNode, sourceId: string): string {
  return `${node.id.slice(0, node.id.length - node.sourceId.length)}${sourceId}`;
}

function mentionsResidual(value: ConfigValue): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some(mentionsResidual);
  const v = value as Exclude<ConfigValue, readonly ConfigValue[] | number | string | boolean | null>;
  if (v.$ === "residualStd") return true;
  return v.$ === "object" && Object.values(v.config).some(mentionsResidual);
}

/** True when a layer config uses the residual-projection init (its count sets the std-dev). */
export function usesResidualInit(config: LayerConfig): boolean {
  return Object.values(config).some(mentionsResidual);
}

/** How many layers use the residual-projection init: R in GPT-2's 0.02/√R. */
export function residualLayers(lowerings: Iterable<Lowering>): number {
  let n = 0;
  for (const l of lowerings) if (l.kind === "layer" && usesResidualInit(l.config)) n++;
  return n;
}
