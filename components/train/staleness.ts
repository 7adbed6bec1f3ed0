/**
 * Whether the document still describes the model a run trained. Moving nodes, renaming the
 * document or changing the training settings does not change the model; a block, a param, a
 * wire or a group body does, and then the run's weights belong to a graph that is gone.
 */
import type { GraphDocument, GraphEdge, GraphNode } from "@/graph";

const nodeKey = (n: GraphNode) => [n.id, n.type, n.params];
const edgeKey = (e: GraphEdge) => [e.source, e.sourcePort, e.target, e.targetPort];

/**
 * A string equal for two documents exactly when they build the same model.
 * @example modelFingerprint(moved) === modelFingerprint(original) // true
 */
export function modelFingerprint(doc: GraphDocument): string {
  return JSON.stringify([
    doc.nodes.map(nodeKey),
    doc.edges.map(edgeKey),
    doc.groups.map((g) => [g.id, g.nodes.map(nodeKey), g.edges.map(edgeKey)]),
  ]);
}
