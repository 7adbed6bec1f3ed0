/**
 * Blocks: fold a selection into a Group node with its own body, unfold it again, set its
 * repeat count. Grouping keeps node ids, params, positions and wire order (which matters for
 * Concat), so `ungroup(groupNodes(g))` wires the same nodes the same way.
 */
import { findGroup } from "../ports";
import { adjacency, reachable } from "../topology";
import type { GraphDocument, GraphEdge, GraphNode, GroupDef } from "../types";
import { setParams } from "./nodes";
import {
  freshName,
  getScope,
  MAX_ID,
  MAX_LABEL,
  missingScope,
  nodeName,
  numberedId,
  pruneGroups,
  refuse,
  uniqueId,
  withScope,
} from "./scope";
import type { EditResult, ScopeArg } from "./scope";

export interface GroupNodesArgs extends ScopeArg {
  ids: readonly string[];
  /** Name of the new block; "Block" when absent. */
  name?: string;
  /** Id of the new body; the first free `block<n>` when absent. */
  groupId?: string;
  /** Id of the new Group node; the first free `block<n>` of the scope when absent. */
  nodeId?: string;
}

/** A new block: the graph and the ids of its Group node and body. */
export type GroupResult = EditResult<{ nodeId: string; groupId: string }>;

/** Horizontal gap between a body's nodes and its block inputs/outputs; vertical gap between ports. */
const PORT_GAP = { x: 220, y: 120 };
const STAYS = new Set(["Input", "Output", "GroupInput", "GroupOutput"]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,59}$/;

interface End {
  source: string;
  sourcePort: string;
}

const keyOf = (node: string, port: string) => JSON.stringify([node, port]);

function centroid(nodes: GraphNode[]): { x: number; y: number } {
  const sum = nodes.reduce((a, n) => ({ x: a.x + n.position.x, y: a.y + n.position.y }), { x: 0, y: 0 });
  return nodes.length ? { x: sum.x / nodes.length, y: sum.y / nodes.length } : sum;
}

/** A node outside `selected` that is fed by the selection and feeds it: grouping would loop. */
function nodeBetween(edges: GraphEdge[], selected: Set<string>): string | undefined {
  const after = reachable(adjacency(edges), selected);
  const before = reachable(adjacency(edges, true), selected);
  return [...after].find((id) => !selected.has(id) && before.has(id));
}

/**
 * Folds the selected nodes of a scope into a new block. Its body holds the selection plus a
 * block input for each distinct outside (node, port) that feeds it and a block output for each
 * selected (node, port) that feeds something outside. Inputs are named after the first port
 * they feed (`x`, `x2`, `ids`, …); outputs reuse the input names in order (then `out`, …), so a
 * one-in one-out block chains when repeated. The Group node (repeat 1) sits at the selection's
 * centroid and takes over the outside wires. Refused for Input/Output blocks, block
 * inputs/outputs, a selection with a node between its parts (grouping would close a loop) or
 * with no wire leaving it.
 *
 * @example
 * const r = groupNodes(doc, { ids: ["linear1", "act1"], name: "MLP layer" });
 * // r.ok → r.graph has node r.nodeId = "block1" of type Group running body r.groupId = "block1"
 */
export function groupNodes(graph: GraphDocument, args: GroupNodesArgs): GroupResult {
  const s = getScope(graph, args.scope);
  if (!s) return missingScope(args.scope!);
  const selected = new Set(args.ids);
  const picked = s.nodes.filter((n) => selected.has(n.id));
  if (picked.length === 0) return refuse("select the nodes to group");
  const unknown = [...selected].find((id) => !picked.some((n) => n.id === id));
  if (unknown !== undefined) return refuse(`there is no node "${unknown}" here`);
  const fixed = picked.find((n) => STAYS.has(n.type));
  if (fixed) return refuse(`${nodeName(fixed, graph)} cannot move into a block: leave it out of the selection`);
  const between = nodeBetween(s.edges, selected);
  if (between !== undefined)
    return refuse(
      `${nodeName(
        s.nodes.find((n) => n.id === between)!,
        graph,
      )} sits between selected nodes: select it too`,
    );
  const incoming = s.edges.filter((e) => !selected.has(e.source) && selected.has(e.target));
  const outgoing = s.edges.filter((e) => selected.has(e.source) && !selected.has(e.target));
  if (outgoing.length === 0)
    return refuse("nothing outside the selection uses it, so the block would have no output: wire it onward first");
  const name = args.name ?? "Block";
  if (name.length > MAX_LABEL) return refuse(`a block name has at most ${MAX_LABEL} characters`);

  const groupIds = new Set(graph.groups.map((g) => g.id));
  const groupId = args.groupId ?? numberedId(groupIds, "block");
  if (groupIds.has(groupId) || groupId.length === 0 || groupId.length > MAX_ID)
    return refuse(`the block body id "${groupId}" is taken or invalid`);
  const others = new Set(s.nodes.filter((n) => !selected.has(n.id)).map((n) => n.id));
  const nodeId = args.nodeId ?? numberedId(new Set(s.nodes.map((n) => n.id)), "block");
  if (others.has(nodeId) || nodeId.length === 0 || nodeId.length > MAX_ID) return refuse(`the node id "${nodeId}" is taken or invalid`);

  // The interface: port names and the body's GroupInput / GroupOutput nodes.
  const inNames = new Map<string, string>();
  for (const e of incoming) {
    const k = keyOf(e.source, e.sourcePort);
    if (!inNames.has(k)) inNames.set(k, freshName(new Set(inNames.values()), IDENTIFIER.test(e.targetPort) ? e.targetPort : "x"));
  }
  const inputOrder = [...inNames.values()];
  const outNames = new Map<string, string>();
  for (const e of outgoing) {
    const k = keyOf(e.source, e.sourcePort);
    if (!outNames.has(k)) outNames.set(k, freshName(new Set(outNames.values()), inputOrder[outNames.size] ?? "out"));
  }
  const bodyIds = new Set(selected);
  const box = { min: Math.min(...picked.map((n) => n.position.x)), max: Math.max(...picked.map((n) => n.position.x)) };
  const center = centroid(picked);
  const portNodes = (type: "GroupInput" | "GroupOutput", names: Map<string, string>, x: number) => {
    const ids = new Map<string, string>();
    const nodes = [...names].map(([k, portName], i): GraphNode => {
      const id = numberedId(bodyIds, type === "GroupInput" ? "in" : "out");
      bodyIds.add(id);
      ids.set(k, id);
      return { id, type, params: { name: portName }, position: { x, y: center.y + (i - (names.size - 1) / 2) * PORT_GAP.y } };
    });
    return { ids, nodes };
  };
  const ins = portNodes("GroupInput", inNames, box.min - PORT_GAP.x);
  const outs = portNodes("GroupOutput", outNames, box.max + PORT_GAP.x);

  // Wires, each list in the original order so multi-wire ports keep their order.
  const bodyEdges: GraphEdge[] = [];
  const outerEdges: GraphEdge[] = [];
  const outerIds = new Set(s.edges.map((e) => e.id));
  const fed = new Set<string>();
  for (const e of s.edges) {
    const [src, dst] = [selected.has(e.source), selected.has(e.target)];
    const k = keyOf(e.source, e.sourcePort);
    if (src && dst) bodyEdges.push(e);
    else if (dst) {
      bodyEdges.push({ ...e, source: ins.ids.get(k)!, sourcePort: "out" });
      if (fed.has(k)) continue;
      fed.add(k);
      const id = numberedId(outerIds, "e");
      outerIds.add(id);
      outerEdges.push({ id, source: e.source, sourcePort: e.sourcePort, target: nodeId, targetPort: inNames.get(k)! });
    } else if (src) outerEdges.push({ ...e, source: nodeId, sourcePort: outNames.get(k)! });
    else outerEdges.push(e);
  }
  const bodyEdgeIds = new Set(bodyEdges.map((e) => e.id));
  for (const [k, id] of outs.ids) {
    const [source, sourcePort] = JSON.parse(k) as [string, string];
    const edgeId = numberedId(bodyEdgeIds, "e");
    bodyEdgeIds.add(edgeId);
    bodyEdges.push({ id: edgeId, source, sourcePort, target: id, targetPort: "x" });
  }

  const body: GroupDef = { id: groupId, name, nodes: [...ins.nodes, ...picked, ...outs.nodes], edges: bodyEdges };
  const block: GraphNode = { id: nodeId, type: "Group", params: { group: groupId, repeat: 1 }, position: center };
  const first = s.nodes.findIndex((n) => selected.has(n.id));
  const nodes = s.nodes.flatMap((n, i) => (i === first ? [block] : selected.has(n.id) ? [] : [n]));
  const next = withScope({ ...graph, groups: [...graph.groups, body] }, args.scope, { nodes, edges: outerEdges });
  return { ok: true, graph: next, nodeId, groupId };
}

/**
 * Inlines a Group node's body in its place: the body's nodes return (centred on the Group
 * node, ids kept unless taken) and the wires through block inputs/outputs are joined up. Only
 * a block that runs once can be ungrouped; set repeat to 1 first (ungrouping ×N would have to
 * invent N copies of every id). The body is removed when no other Group node runs it.
 *
 * @example
 * const r = ungroup(doc, { id: "block1" });
 * if (r.ok) select(r.nodeIds); // ["linear1", "act1"]
 */
export function ungroup(graph: GraphDocument, args: { id: string } & ScopeArg): EditResult<{ nodeIds: string[] }> {
  const s = getScope(graph, args.scope);
  if (!s) return missingScope(args.scope!);
  const node = s.nodes.find((n) => n.id === args.id);
  if (!node || node.type !== "Group") return refuse(`there is no block "${args.id}" here`);
  const group = findGroup(graph, node.params.group);
  if (!group) return refuse(`${nodeName(node, graph)} runs a missing body "${String(node.params.group)}"`);
  const repeat = Number(node.params.repeat ?? 1);
  if (repeat !== 1) return refuse(`${nodeName(node, graph)} runs ×${repeat}: set repeat to 1 before ungrouping`);

  const inName = new Map(group.nodes.filter((n) => n.type === "GroupInput").map((n) => [n.id, String(n.params.name)]));
  const outName = new Map(group.nodes.filter((n) => n.type === "GroupOutput").map((n) => [n.id, String(n.params.name)]));
  const inner = group.nodes.filter((n) => !inName.has(n.id) && !outName.has(n.id));
  const taken = new Set(s.nodes.filter((n) => n.id !== node.id).map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of inner) {
    const id = uniqueId(taken, n.id);
    taken.add(id);
    rename.set(n.id, id);
  }

  // Where each end of a body wire comes from once the block is gone.
  const feeds = new Map<string, End[]>();
  for (const e of s.edges) {
    if (e.target === node.id) feeds.set(e.targetPort, [...(feeds.get(e.targetPort) ?? []), { source: e.source, sourcePort: e.sourcePort }]);
  }
  const ends = (e: GraphEdge): End[] => {
    if (inName.has(e.source)) return feeds.get(inName.get(e.source)!) ?? [];
    const source = rename.get(e.source);
    return source === undefined ? [] : [{ source, sourcePort: e.sourcePort }];
  };
  const results = new Map<string, End[]>();
  const through: GraphEdge[] = [];
  for (const e of group.edges) {
    const port = outName.get(e.target);
    if (port !== undefined) results.set(port, [...(results.get(port) ?? []), ...ends(e)]);
    else if (rename.has(e.target)) for (const end of ends(e)) through.push({ ...e, ...end, target: rename.get(e.target)! });
  }

  const edgeIds = new Set(s.edges.filter((e) => e.target !== node.id).map((e) => e.id));
  const inlined = through.map((e) => {
    const id = uniqueId(edgeIds, e.id);
    edgeIds.add(id);
    return { ...e, id };
  });
  const edges: GraphEdge[] = [];
  let placed = false;
  const place = () => {
    if (!placed) edges.push(...inlined);
    placed = true;
  };
  for (const e of s.edges) {
    if (e.target === node.id) place();
    else if (e.source === node.id) {
      place();
      (results.get(e.sourcePort) ?? []).forEach((end, i) => {
        const id = i === 0 ? e.id : uniqueId(edgeIds, e.id);
        edgeIds.add(id);
        edges.push({ ...e, ...end, id });
      });
    } else edges.push(e);
  }
  place();

  const c = centroid(inner);
  const [dx, dy] = [node.position.x - c.x, node.position.y - c.y];
  const moved = inner.map((n) => ({ ...n, id: rename.get(n.id)!, position: { x: n.position.x + dx, y: n.position.y + dy } }));
  const nodes = s.nodes.flatMap((n) => (n === node ? moved : [n]));
  const next = pruneGroups(withScope(graph, args.scope, { nodes, edges }), [group.id]);
  return { ok: true, graph: next, nodeIds: moved.map((n) => n.id) };
}

/**
 * Sets how many unshared copies of a block run in a chain (1–256).
 *
 * @example setRepeat(doc, { id: "block1", repeat: 6 }) // a Transformer block ×6
 */
export function setRepeat(graph: GraphDocument, args: { id: string; repeat: number } & ScopeArg): EditResult {
  const node = getScope(graph, args.scope)?.nodes.find((n) => n.id === args.id);
  if (node && node.type !== "Group") return refuse(`${nodeName(node, graph)} is not a block: only blocks repeat`);
  return setParams(graph, { id: args.id, params: { repeat: args.repeat }, scope: args.scope });
}
