/**
 * Checks analysis runs beside shape inference: reachability, tied heads, the document-wide
 * limits, and the texts of a few messages. Each reports through a callback, as data.
 */
import { getBlock } from "./blocks";
import { formatCount } from "./expansion";
import type { GroupStructure } from "./expansion";
import { LIMITS } from "./limits";
import { leadingTo } from "./topology";
import type { Diagnostic, GraphDocument, GraphEdge, GraphNode, TensorType } from "./types";

export type Report = (d: Diagnostic) => void;

/** How messages name a node: `Label (id)`, or its id. */
export const nameOf = (n: GraphNode) => (n.label ? `${n.label} (${n.id})` : n.id);

export function rankHint(rank: readonly number[]): string {
  const names: Record<number, string> = { 1: "B", 2: "B×F or B×T", 3: "B×T×C", 4: "B×h×T×d" };
  return rank.map((r) => names[r] ?? `rank ${r}`).join(" or ");
}

/** Blocks that keep their input's rank: a B×h from a recurrent block stays B×h through them. */
const RANK_KEEPING = new Set(["Linear", "Activation", "Dropout", "LayerNorm", "RMSNorm", "SwiGLU"]);
const RECURRENT = new Set(["SimpleRNN", "LSTM", "GRU"]);

/**
 * The recurrent block with Return sequences off whose last state B×h reaches a port that needs
 * B×T×C, directly or through rank-keeping blocks (LSTM → Linear head → Output): the block to fix
 * when a rank 2 tensor arrives where time is needed.
 * @example lastStateSource(byId, incoming, "head") // the LSTM node "lstm1" feeding the head
 */
export function lastStateSource(
  byId: ReadonlyMap<string, GraphNode>,
  incoming: ReadonlyMap<string, ReadonlyMap<string, readonly GraphEdge[]>>,
  sourceId: string,
): GraphNode | undefined {
  const seen = new Set<string>();
  for (let id: string | undefined = sourceId; id !== undefined && !seen.has(id);) {
    seen.add(id);
    const node = byId.get(id);
    if (!node) return undefined;
    if (RECURRENT.has(node.type)) return node.params.returnSequences === false ? node : undefined;
    if (!RANK_KEEPING.has(node.type)) return undefined;
    const wires: readonly GraphEdge[] = [...(incoming.get(id)?.values() ?? [])].flat();
    id = wires.length === 1 ? wires[0].source : undefined;
  }
  return undefined;
}

/** `a → b → a`, or for a long cycle its first steps and its length. */
export function cycleText(names: string[]): string {
  if (names.length <= 12) return names.join(" → ");
  return `${names.slice(0, 8).join(" → ")} → … → ${names[names.length - 1]}, ${formatCount(names.length - 1)} blocks`;
}

export function expansionMessage(who: string, body: string, repeat: number, layers: number): string {
  return `${who} runs "${body}" ×${repeat}: ${formatCount(layers)} layers once expanded; the limit is ${formatCount(LIMITS.expandedNodes)}: lower the repeat counts`;
}

/** A tied head: its target is an Embedding whose vocab and width match the head. */
export function checkTie(
  doc: GraphDocument,
  node: GraphNode,
  params: Record<string, any>,
  x: TensorType,
  diag: (d: Omit<Diagnostic, "groupId" | "severity">) => void,
) {
  const target = doc.nodes.find((n) => n.id === params.tieTo) ?? doc.groups.flatMap((g) => g.nodes).find((n) => n.id === params.tieTo);
  if (!target || target.type !== "Embedding") {
    diag({
      code: "tie-target",
      nodeId: node.id,
      message: `${nameOf(node)} is tied to "${params.tieTo}", which is not an Embedding block: pick an Embedding or clear tieTo`,
    });
    return;
  }
  const parsed = getBlock("Embedding")!.params.safeParse(target.params);
  if (!parsed.success) return; // the Embedding reports its own invalid params
  const emb = parsed.data as { vocabSize: number; dim: number };
  const C = x.shape[x.shape.length - 1];
  if (emb.vocabSize !== params.units)
    diag({
      code: "tie-target",
      nodeId: node.id,
      message: `a head tied to ${target.id} needs units = its vocab (${emb.vocabSize}), has ${params.units}`,
    });
  if (emb.dim !== C)
    diag({
      code: "tie-target",
      nodeId: node.id,
      message: `a head tied to ${target.id} needs input width = its dim (${emb.dim}), got ${C}`,
    });
}

/** Every node of a scope leads to a sink (`Output`, or `GroupOutput` in a body); the scope has one. */
export function checkReachability(report: Report, nodes: GraphNode[], edges: GraphEdge[], sinkType: string, groupId?: string) {
  const sinks = nodes.filter((n) => n.type === sinkType).map((n) => n.id);
  if (sinks.length === 0) {
    if (!groupId)
      report({
        code: "no-output",
        severity: "error",
        nodeId: "",
        message: "the graph has no Output block: add one to say what the network predicts and which loss to train",
      });
    else report({ code: "group-interface", severity: "error", nodeId: "", groupId, message: "this block body has no Block output node" });
    return;
  }
  const live = leadingTo(edges, sinks);
  for (const n of nodes) {
    if (!live.has(n.id)) {
      report({
        code: "unreachable",
        severity: "warning",
        nodeId: n.id,
        ...(groupId ? { groupId } : {}),
        message: `${nameOf(n)} does not lead to ${groupId ? "a block output" : "an Output"}; it will not be trained`,
      });
    }
  }
}

/** The limits on the document as a whole: nodes, wires, expanded layers and parameters. */
export function checkDocumentLimits(
  report: Report,
  doc: GraphDocument,
  structure: GroupStructure,
  params: number,
  reported: boolean,
): void {
  const too = (message: string) => report({ code: "too-large", severity: "error", nodeId: "", message });
  const nodes = doc.groups.reduce((n, g) => n + g.nodes.length, doc.nodes.length);
  const edges = doc.groups.reduce((n, g) => n + g.edges.length, doc.edges.length);
  if (nodes > LIMITS.nodes)
    too(`the document has ${formatCount(nodes)} nodes; the limit is ${formatCount(LIMITS.nodes)}: use a repeated block`);
  if (edges > LIMITS.edges) too(`the document has ${formatCount(edges)} wires; the limit is ${formatCount(LIMITS.edges)}`);
  if (!reported && structure.total > LIMITS.expandedNodes) {
    too(
      `the graph expands to ${formatCount(structure.total)} layers; the limit is ${formatCount(LIMITS.expandedNodes)}: lower the repeat counts`,
    );
  }
  if (params > LIMITS.params) too(`the model has ${formatCount(params)} parameters; the limit is ${formatCount(LIMITS.params)}`);
}
