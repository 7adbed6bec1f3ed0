/**
 * Copy and paste: a fragment is a set of nodes, the wires among them and the group bodies their
 * Group nodes run (nested ones included), so it can travel between scopes and documents.
 */
import type { GraphDocument, GraphEdge, GraphNode, GroupDef, Position } from "../types";
import {
  freshName,
  getScope,
  idPrefix,
  missingScope,
  nodeName,
  numberedId,
  pruneGroups,
  reachableGroups,
  refuse,
  uniqueId,
  usedGroup,
  withScope,
} from "./scope";
import type { EditResult, NewId, ScopeArg } from "./scope";
import { checkParams } from "./validate";

export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GroupDef[];
}

/** A paste or duplicate: the new graph and the ids of the nodes it added, in fragment order. */
export type PasteResult = EditResult<{ nodeIds: string[] }>;

/** Where a paste lands relative to the copied nodes when no offset is given. */
export const PASTE_OFFSET: Position = { x: 40, y: 40 };

/**
 * The nodes `nodeIds` of a scope, the wires among them, and every group body they run. The
 * fragment shares objects with `graph`; treat it as read-only.
 *
 * @example const clip = copyFragment(doc, ["linear1", "act1"]); // { nodes: [2], edges: [1], groups: [] }
 */
export function copyFragment(graph: GraphDocument, nodeIds: readonly string[], scope?: string): Fragment {
  const s = getScope(graph, scope);
  if (!s) return { nodes: [], edges: [], groups: [] };
  const pick = new Set(nodeIds);
  const nodes = s.nodes.filter((n) => pick.has(n.id));
  const edges = s.edges.filter((e) => pick.has(e.source) && pick.has(e.target));
  const used = new Set<string>();
  for (const n of nodes) {
    const g = usedGroup(n);
    if (g !== undefined) for (const id of reachableGroups(graph, g)) used.add(id);
  }
  return { nodes, edges, groups: graph.groups.filter((g) => used.has(g.id)) };
}

/**
 * Inserts a fragment into a scope with fresh ids: node and body ids come from `newId` (or are
 * numbered from the old id's prefix, `linear1` → `linear4`), wires get `e<n>` ids, and only
 * wires between pasted nodes are kept. Positions move by `offset` (default 40, 40). Every
 * pasted body becomes a new body, so a pasted block can be edited without changing the
 * original. Block inputs/outputs pasted at the top level are dropped; inside a body they get
 * free port names. Params the block does not know are dropped. Refused when a node's params
 * are invalid or a block would contain itself.
 *
 * @example
 * const r = pasteFragment(doc, { fragment: copyFragment(doc, ["linear1"]), offset: { x: 0, y: 120 } });
 * if (r.ok) select(r.nodeIds); // ["linear2"]
 */
export function pasteFragment(
  graph: GraphDocument,
  args: { fragment: Fragment; newId?: NewId; offset?: Position } & ScopeArg,
): PasteResult {
  const { fragment, newId } = args;
  const offset = args.offset ?? PASTE_OFFSET;
  const s = getScope(graph, args.scope);
  if (!s) return missingScope(args.scope!);
  if (!Number.isFinite(offset.x) || !Number.isFinite(offset.y)) return refuse("a paste offset needs finite x and y");
  const fresh = (taken: Set<string>, old: string) => {
    const id = uniqueId(taken, newId ? newId(old) : numberedId(taken, idPrefix(old)));
    taken.add(id);
    return id;
  };

  // Group bodies: each gets a new id, and Group nodes follow the renames.
  const groupIds = new Set(graph.groups.map((g) => g.id));
  const groupMap = new Map<string, string>();
  for (const g of fragment.groups) if (!groupMap.has(g.id)) groupMap.set(g.id, fresh(groupIds, g.id));
  const relink = (n: GraphNode): GraphNode => {
    const g = usedGroup(n);
    return g !== undefined && groupMap.has(g) ? { ...n, params: { ...n.params, group: groupMap.get(g) } } : n;
  };
  const bodies = [...groupMap].map(([old, id]) => {
    const g = fragment.groups.find((x) => x.id === old)!;
    return { ...g, id, nodes: g.nodes.map(relink) };
  });
  for (const body of bodies) {
    const missing = body.nodes.map(usedGroup).find((g) => g !== undefined && !groupIds.has(g));
    if (missing !== undefined)
      return refuse(`pasted block "${body.name}" runs a body "${missing}" that is not in the clipboard or this document`);
  }
  const withBodies: GraphDocument = bodies.length ? { ...graph, groups: [...graph.groups, ...bodies] } : graph;

  // Nodes: fresh ids, moved, checked.
  const nodeIds = new Set(s.nodes.map((n) => n.id));
  const portNames = { GroupInput: namesOf(s.nodes, "GroupInput"), GroupOutput: namesOf(s.nodes, "GroupOutput") };
  const nodeMap = new Map<string, string>();
  const added: GraphNode[] = [];
  for (const n of fragment.nodes) {
    if (nodeMap.has(n.id)) continue;
    const isInterface = n.type === "GroupInput" || n.type === "GroupOutput";
    if (isInterface && args.scope === undefined) continue;
    const node = relink(n);
    let params = node.params;
    if (isInterface) {
      const taken = portNames[n.type as keyof typeof portNames];
      params = { ...params, name: freshName(taken, String(params.name ?? "x")) };
      taken.add(String(params.name));
    }
    const checked = checkParams(withBodies, args.scope, n.type, params, nodeName(node, withBodies), []);
    if (!checked.ok) return checked;
    const position = { x: n.position.x + offset.x, y: n.position.y + offset.y };
    if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) return refuse(`${nodeName(node, withBodies)} has no finite position`);
    const id = fresh(nodeIds, n.id);
    nodeMap.set(n.id, id);
    added.push({ ...node, id, params: checked.params, position });
  }
  if (added.length === 0) return refuse("nothing to paste here");

  const edgeIds = new Set(s.edges.map((e) => e.id));
  const wires: GraphEdge[] = [];
  for (const e of fragment.edges) {
    const source = nodeMap.get(e.source);
    const target = nodeMap.get(e.target);
    if (source === undefined || target === undefined) continue;
    const id = numberedId(edgeIds, "e");
    edgeIds.add(id);
    wires.push({ id, source, sourcePort: e.sourcePort, target, targetPort: e.targetPort });
  }
  // A body in the clipboard that no pasted node runs is not kept.
  const next = pruneGroups(
    withScope(withBodies, args.scope, { nodes: [...s.nodes, ...added], edges: [...s.edges, ...wires] }),
    groupMap.values(),
  );
  return { ok: true, graph: next, nodeIds: added.map((n) => n.id) };
}

function namesOf(nodes: GraphNode[], type: string): Set<string> {
  return new Set(nodes.filter((n) => n.type === type).map((n) => String(n.params.name)));
}
