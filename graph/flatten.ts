/**
 * Expands groups into one flat list of nodes and wires: a `Group ×N` becomes N copies of its
 * body, each node named `<group node>_<copy>_<node>` (e.g. `block1_2_attn1`). The compiler
 * builds one layer per flat node; inspection addresses nodes by these ids. Recursion here is
 * over group nesting only, which LIMITS.groupDepth bounds.
 */
import { groupStructure, repeatOf } from "./expansion";
import { LIMITS } from "./limits";
import { findGroup } from "./ports";
import { topoSort } from "./topology";
import type { GraphDocument, GraphEdge, GraphNode } from "./types";

export interface FlatNode {
  /** Unique across the flat graph; also the layer name. */
  id: string;
  type: string;
  params: Record<string, unknown>;
  /** The node in the document this copy comes from. */
  sourceId: string;
  /** Group node ids and copy indices leading to it, outermost first: `[["block1", 2]]`. */
  path: [string, number][];
  label?: string;
}

export interface FlatRef {
  node: string;
  port: string;
}

export interface FlatEdge {
  source: FlatRef;
  target: FlatRef;
}

export interface FlatGraph {
  nodes: FlatNode[];
  edges: FlatEdge[];
}

interface Scope {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Output port refs by port name (a Map: port names are document strings). */
type Ports = Map<string, FlatRef>;

/**
 * Flattens a document that analysis found valid (groups resolve, no cycles). Whatever the
 * document, it never expands past LIMITS: a Group node whose body nests too deep or expands to
 * too many layers (analysis reports both) is left out, like one that runs itself.
 */
export function flattenGraph(doc: GraphDocument): FlatGraph {
  const out: FlatGraph = { nodes: [], edges: [] };
  const structure = groupStructure(doc);
  if (structure.total > LIMITS.expandedNodes) return out;

  const expand = (scope: Scope, prefix: string, path: [string, number][], inputs: Ports, stack: string[]): Ports => {
    const byId = new Map(scope.nodes.map((n) => [n.id, n]));
    const refOf = new Map<string, FlatRef>(); // `${node}:${port}` → flat source
    const incoming = new Map<string, GraphEdge[]>();
    const outgoing = new Map<string, GraphEdge[]>();
    for (const e of scope.edges) {
      for (const [map, key] of [
        [incoming, e.target],
        [outgoing, e.source],
      ] as const) {
        const list = map.get(key);
        if (list) list.push(e);
        else map.set(key, [e]);
      }
    }
    const outputs: Ports = new Map();
    const { order } = topoSort(
      scope.nodes.map((n) => n.id),
      scope.edges,
    );
    for (const id of order) {
      const node = byId.get(id)!;
      const wires = incoming.get(id) ?? [];
      const src = (e: GraphEdge) => refOf.get(`${e.source}:${e.sourcePort}`);
      if (node.type === "GroupInput") {
        const ref = inputs.get(String(node.params.name));
        if (ref) refOf.set(`${id}:out`, ref);
      } else if (node.type === "GroupOutput") {
        const ref = wires[0] && src(wires[0]);
        if (ref) outputs.set(String(node.params.name), ref);
      } else if (node.type === "Group") {
        const group = findGroup(doc, node.params.group);
        if (!group || stack.includes(group.id) || stack.length + structure.depth(group.id) > LIMITS.groupDepth) continue;
        const current: Ports = new Map();
        for (const e of wires) {
          const ref = src(e);
          if (ref) current.set(e.targetPort, ref);
        }
        const repeat = repeatOf(node);
        for (let r = 0; r < repeat; r++) {
          const produced = expand(group, `${prefix}${id}_${r}_`, [...path, [id, r]], current, [...stack, group.id]);
          for (const [name, ref] of produced) current.set(name, ref);
        }
        for (const [name, ref] of current) refOf.set(`${id}:${name}`, ref);
      } else {
        const flatId = `${prefix}${id}`;
        out.nodes.push({
          id: flatId,
          type: node.type,
          params: node.params,
          sourceId: id,
          path,
          ...(node.label ? { label: node.label } : {}),
        });
        for (const e of wires) {
          const ref = src(e);
          if (ref) out.edges.push({ source: ref, target: { node: flatId, port: e.targetPort } });
        }
        // Every output port of a plain node is named after the node.
        for (const e of outgoing.get(id) ?? []) refOf.set(`${id}:${e.sourcePort}`, { node: flatId, port: e.sourcePort });
      }
    }
    return outputs;
  };

  expand(doc, "", [], new Map(), []);
  return out;
}
