/**
 * Expands groups into one flat list of nodes and wires: a `Group ×N` becomes N copies of its
 * body, each node named `<group node>_<copy>_<node>` (e.g. `block1_2_attn1`). The compiler
 * builds one layer per flat node; inspection addresses nodes by these ids.
 */
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

/** Flattens a document that analysis found valid (groups resolve, no cycles). */
export function flattenGraph(doc: GraphDocument): FlatGraph {
  const out: FlatGraph = { nodes: [], edges: [] };

  const expand = (scope: Scope, prefix: string, path: [string, number][], inputs: Record<string, FlatRef>, stack: string[]): Record<string, FlatRef> => {
    const byId = new Map(scope.nodes.map((n) => [n.id, n]));
    const refOf = new Map<string, FlatRef>(); // `${node}:${port}` → flat source
    const incoming = new Map<string, GraphEdge[]>();
    for (const e of scope.edges) {
      const list = incoming.get(e.target);
      if (list) list.push(e);
      else incoming.set(e.target, [e]);
    }
    const outputs: Record<string, FlatRef> = {};
    const { order } = topoSort(scope.nodes.map((n) => n.id), scope.edges);
    for (const id of order) {
      const node = byId.get(id)!;
      const wires = incoming.get(id) ?? [];
      const src = (e: GraphEdge) => refOf.get(`${e.source}:${e.sourcePort}`);
      if (node.type === "GroupInput") {
        const ref = inputs[String(node.params.name)];
        if (ref) refOf.set(`${id}:out`, ref);
      } else if (node.type === "GroupOutput") {
        const ref = wires[0] && src(wires[0]);
        if (ref) outputs[String(node.params.name)] = ref;
      } else if (node.type === "Group") {
        const group = findGroup(doc, node.params.group);
        if (!group || stack.includes(group.id)) continue;
        let current: Record<string, FlatRef> = {};
        for (const e of wires) {
          const ref = src(e);
          if (ref) current[e.targetPort] = ref;
        }
        const repeat = Math.max(1, Number(node.params.repeat ?? 1));
        for (let r = 0; r < repeat; r++) {
          const produced = expand(group, `${prefix}${id}_${r}_`, [...path, [id, r]], current, [...stack, group.id]);
          current = { ...current, ...produced };
        }
        for (const [name, ref] of Object.entries(current)) refOf.set(`${id}:${name}`, ref);
      } else {
        const flatId = `${prefix}${id}`;
        out.nodes.push({ id: flatId, type: node.type, params: node.params, sourceId: id, path, ...(node.label ? { label: node.label } : {}) });
        for (const e of wires) {
          const ref = src(e);
          if (ref) out.edges.push({ source: ref, target: { node: flatId, port: e.targetPort } });
        }
        // Every output port of a plain node is named after the node.
        for (const e of scope.edges) if (e.source === id) refOf.set(`${id}:${e.sourcePort}`, { node: flatId, port: e.sourcePort });
      }
    }
    return outputs;
  };

  expand(doc, "", [], {}, []);
  return out;
}
