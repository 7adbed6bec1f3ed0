/**
 * Plumbing shared by the edit operations: the scope an edit works in (the top level or one
 * group body), the result of an edit that can be refused, deterministic ids, and keeping
 * group bodies and the wires of their Group nodes consistent.
 */
import { getBlock } from "../blocks";
import { findGroup, groupInterface } from "../ports";
import type { GraphDocument, GraphEdge, GraphNode } from "../types";

/**
 * The result of an edit that may be refused: the new graph (plus extras such as new ids), or a
 * short message a UI can show as it is.
 */
export type EditResult<X = unknown> = ({ ok: true; graph: GraphDocument } & X) | { ok: false; message: string };

export interface ScopeArg {
  /** Id of the group body to edit in; the top level when absent. */
  scope?: string;
}

/** The nodes and wires of one scope. A `GraphDocument` and a `GroupDef` both are one. */
export interface Scope {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * The caller's id source for copies: given the id of the node or group body being copied,
 * returns a fresh id for the copy. A result that is taken anyway gets a `_2`, `_3` suffix.
 */
export type NewId = (previous: string) => string;

/** Longest id a document accepts (see `parseGraph`). */
export const MAX_ID = 128;
/** Longest label or block name a document accepts. */
export const MAX_LABEL = 200;

export function getScope(graph: GraphDocument, scope: string | undefined): Scope | undefined {
  return scope === undefined ? graph : findGroup(graph, scope);
}

/** A new graph with one scope's nodes and edges replaced; everything else is shared. */
export function withScope(graph: GraphDocument, scope: string | undefined, next: Scope): GraphDocument {
  if (scope === undefined) return { ...graph, nodes: next.nodes, edges: next.edges };
  return { ...graph, groups: graph.groups.map((g) => (g.id === scope ? { ...g, nodes: next.nodes, edges: next.edges } : g)) };
}

export function refuse(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

export function missingScope(scope: string): { ok: false; message: string } {
  return refuse(`there is no block body "${scope}"`);
}

/**
 * How messages name a node: its label, else a Group's block name or the block's label, then
 * its id: `Linear (linear1)`, `Decoder layer (group1)`.
 */
export function nodeName(node: GraphNode, graph?: Pick<GraphDocument, "groups">): string {
  const group = graph && node.type === "Group" ? findGroup(graph, node.params.group)?.name : undefined;
  return `${node.label || group || getBlock(node.type)?.label || node.type} (${node.id})`;
}

/** The first of `prefix1`, `prefix2`, … that is not taken: the builder's numbering. */
export function numberedId(taken: ReadonlySet<string>, prefix: string): string {
  const base = prefix.slice(0, MAX_ID - 8);
  for (let n = 1; ; n++) {
    const id = `${base}${n}`;
    if (!taken.has(id)) return id;
  }
}

/** `wanted` when it is free, else `wanted_2`, `wanted_3`, … */
export function uniqueId(taken: ReadonlySet<string>, wanted: string): string {
  if (wanted.length > 0 && wanted.length <= MAX_ID && !taken.has(wanted)) return wanted;
  const base = (wanted || "node").slice(0, MAX_ID - 8);
  for (let n = 2; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** A port name not in `taken`: `x`, then `x2`, `x3`, … */
export function freshName(taken: ReadonlySet<string>, base: string): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    if (!taken.has(`${base}${n}`)) return `${base}${n}`;
  }
}

/** `linear12` → `linear`: the prefix a copy is numbered from. */
export function idPrefix(id: string): string {
  return id.replace(/_?\d+$/, "") || "node";
}

/** The group body a Group node runs, if `node` is one. */
export function usedGroup(node: GraphNode): string | undefined {
  return node.type === "Group" && typeof node.params.group === "string" ? node.params.group : undefined;
}

/** Every group body reachable from `groupId` through Group nodes, `groupId` included. */
export function reachableGroups(graph: GraphDocument, groupId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [groupId];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const n of findGroup(graph, id)?.nodes ?? []) {
      const g = usedGroup(n);
      if (g !== undefined) stack.push(g);
    }
  }
  return seen;
}

/**
 * Drops the bodies among `candidates` that no Group node uses any more, then the bodies only
 * those used, and so on. Other unused bodies are left alone.
 */
export function pruneGroups(graph: GraphDocument, candidates: Iterable<string>): GraphDocument {
  let groups = graph.groups;
  let pending = new Set(candidates);
  while (pending.size > 0) {
    const used = new Set<string>();
    for (const nodes of [graph.nodes, ...groups.map((g) => g.nodes)]) {
      for (const n of nodes) {
        const g = usedGroup(n);
        if (g !== undefined) used.add(g);
      }
    }
    const dead = groups.filter((g) => pending.has(g.id) && !used.has(g.id));
    if (dead.length === 0) break;
    pending = new Set(dead.flatMap((g) => g.nodes.map(usedGroup).filter((id): id is string => id !== undefined)));
    groups = groups.filter((g) => !dead.includes(g));
  }
  return groups === graph.groups ? graph : { ...graph, groups };
}

export interface PortRename {
  side: "input" | "output";
  from: string;
  to: string;
}

/**
 * Keeps the wires of every Group node that runs `groupId` in step with the body's interface
 * after an edit inside it: a renamed port takes its wires along, and wires on a port the
 * body no longer declares are dropped. Scopes without such wires are shared.
 */
export function syncGroupWires(graph: GraphDocument, groupId: string, rename?: PortRename): GraphDocument {
  const group = findGroup(graph, groupId);
  if (!group) return graph;
  const ports = groupInterface(group);
  const inputs = new Set(ports.inputs);
  const outputs = new Set(ports.outputs);
  const renamed = (side: PortRename["side"], port: string, live: Set<string>) =>
    rename && rename.side === side && rename.from === port && !live.has(port) ? rename.to : port;
  const fix = (scope: { nodes: GraphNode[]; edges: GraphEdge[] }): GraphEdge[] => {
    const users = new Set(scope.nodes.filter((n) => usedGroup(n) === groupId).map((n) => n.id));
    if (users.size === 0) return scope.edges;
    let changed = false;
    const edges: GraphEdge[] = [];
    for (const e of scope.edges) {
      let next = e;
      if (users.has(e.target)) {
        const port = renamed("input", e.targetPort, inputs);
        if (port !== e.targetPort) next = { ...next, targetPort: port };
      }
      if (users.has(e.source)) {
        const port = renamed("output", e.sourcePort, outputs);
        if (port !== e.sourcePort) next = { ...next, sourcePort: port };
      }
      const stale = (users.has(next.target) && !inputs.has(next.targetPort)) || (users.has(next.source) && !outputs.has(next.sourcePort));
      if (next !== e || stale) changed = true;
      if (!stale) edges.push(next);
    }
    return changed ? edges : scope.edges;
  };
  const topEdges = fix(graph);
  let groupsChanged = false;
  const groups = graph.groups.map((g) => {
    const edges = fix(g);
    if (edges === g.edges) return g;
    groupsChanged = true;
    return { ...g, edges };
  });
  if (topEdges === graph.edges && !groupsChanged) return graph;
  return { ...graph, edges: topEdges, groups: groupsChanged ? groups : graph.groups };
}
