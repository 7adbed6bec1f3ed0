/**
 * Facts about a graph's structure that the emitted model must agree with compile() on: which
 * nodes a model keeps, its parameter count, and how many layers share the residual init.
 * All of them are worked out on the collapsed graph with iterative walks (graph/topology.ts):
 * export never expands a repeated block. Which layer reuses another (a tied head) and which
 * uses the residual init come from the blocks' lowerings, never from type names.
 */
import { adjacency, findGroup, groupInterface, lowerNode, reachable, topoSort, usesResidualInit } from "../../graph";
import type { Analysis, GraphDocument, GraphEdge, GraphNode, GroupDef, ScopeAnalysis } from "../../graph";

/** Ids of `nodes` that lead to a sink (`sinkType`) along `edges`, plus Inputs and the layers live ones reuse. */
export function liveNodes(nodes: GraphNode[], edges: GraphEdge[], sinkType: string, info: ScopeAnalysis | undefined): Set<string> {
  const back = adjacency(edges, true);
  let live = reachable(
    back,
    nodes.filter((n) => n.type === sinkType || n.type === "Input").map((n) => n.id),
  );
  const checked = new Set<string>();
  for (;;) {
    const reused: string[] = [];
    for (const n of nodes) {
      if (!live.has(n.id) || checked.has(n.id)) continue;
      checked.add(n.id);
      const lowering = lowerNode(n, info?.nodes[n.id], nodes);
      if (lowering.kind === "reuse" && !live.has(lowering.node)) reused.push(lowering.node);
    }
    if (reused.length === 0) return live;
    live = reachable(back, [...live, ...reused]);
  }
}

/** What one copy of a scope contributes to the built model, given which of its sinks are used. */
interface LiveScope {
  params: number;
  /** GroupInput names (for a body) whose tensor some live layer reads. */
  inputs: Set<string>;
}

/**
 * Parameters of the model tf.model() builds: of the layers that lead to an Output (a layer that
 * leads nowhere, such as an unused output of all but the last copy of a block, is left out of
 * the model, though analysis counts it). Worked out on the collapsed graph, one body analysis
 * per set of used outputs, so a ×256 block costs what one copy costs.
 */
export function builtParams(doc: GraphDocument, analysis: Analysis): number {
  const memo = new Map<string, LiveScope>();
  const body = (group: GroupDef, used: ReadonlySet<string>): LiveScope => {
    const key = `${group.id}\u0000${JSON.stringify([...used].sort())}`;
    let known = memo.get(key);
    if (!known) {
      const sinks = group.nodes.filter((n) => n.type === "GroupOutput" && used.has(String(n.params.name))).map((n) => n.id);
      known = liveScope(group, analysis.groups[group.id], sinks);
      memo.set(key, known);
    }
    return known;
  };

  /** One scope, walked from its consumers back (reverse topological order). */
  const liveScope = (scope: { nodes: GraphNode[]; edges: GraphEdge[] }, info: ScopeAnalysis | undefined, sinks: string[]): LiveScope => {
    const byId = new Map(scope.nodes.map((n) => [n.id, n]));
    const incoming = adjacencyEdges(scope.edges);
    const order = topoSort(
      scope.nodes.map((n) => n.id),
      scope.edges,
    ).order;
    const extra = new Set<string>(); // tie targets found after their turn: walk again with them
    for (;;) {
      const usedPorts = new Map<string, Set<string>>();
      const use = (id: string, port: string) => (usedPorts.get(id) ?? usedPorts.set(id, new Set()).get(id)!).add(port);
      const sinkSet = new Set([...sinks, ...extra]);
      const result: LiveScope = { params: 0, inputs: new Set() };
      const seen = new Set<string>();
      let missed = false;
      for (let i = order.length - 1; i >= 0; i--) {
        const node = byId.get(order[i])!;
        seen.add(node.id);
        const used = usedPorts.get(node.id);
        if (!sinkSet.has(node.id) && !used) continue;
        const wires = incoming.get(node.id) ?? [];
        if (node.type === "GroupInput") result.inputs.add(String(node.params.name));
        else if (node.type === "Group") {
          const group = findGroup(doc, node.params.group);
          if (!group) continue;
          const copies = groupCopies(group, Number(node.params.repeat ?? 1), used ?? new Set());
          result.params += copies.params;
          for (const e of wires) if (copies.inputs.has(e.targetPort)) use(e.source, e.sourcePort);
        } else {
          result.params += info?.nodes[node.id]?.cost.params ?? 0;
          for (const e of wires) use(e.source, e.sourcePort);
          const lowering = lowerNode(node, info?.nodes[node.id], scope.nodes);
          const tie = lowering.kind === "reuse" ? lowering.node : undefined;
          if (tie !== undefined && byId.has(tie)) {
            if (!seen.has(tie)) use(tie, "out");
            else if (!sinkSet.has(tie) && !usedPorts.has(tie)) {
              extra.add(tie);
              missed = true;
            }
          }
        }
      }
      if (!missed) return result;
    }
  };

  /** `repeat` chained copies of a body whose outputs `used` are read after the last copy. */
  const groupCopies = (group: GroupDef, repeat: number, used: ReadonlySet<string>): LiveScope => {
    const ports = groupInterface(group);
    const chained = new Set(ports.outputs.filter((p) => ports.inputs.includes(p)));
    const total: LiveScope = { params: 0, inputs: new Set() };
    let wanted: ReadonlySet<string> = used;
    for (let r = repeat - 1; r >= 0; r--) {
      const copy = body(group, wanted);
      total.params += copy.params;
      // An input that is also an output comes from the copy before; the first copy reads the Group's own wire.
      for (const name of copy.inputs) if (r === 0 || !chained.has(name)) total.inputs.add(name);
      wanted = new Set([...copy.inputs].filter((name) => chained.has(name)));
    }
    return total;
  };

  const top = doc.nodes.filter((n) => n.type === "Output").map((n) => n.id);
  return liveScope(doc, analysis, top).params;
}

/** Incoming wires of each node, in edge order. */
function adjacencyEdges(edges: GraphEdge[]): Map<string, GraphEdge[]> {
  const map = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    const list = map.get(e.target);
    if (list) list.push(e);
    else map.set(e.target, [e]);
  }
  return map;
}

/** Flat layers initialised as residual projections (their init is scaled by 1/√count), counted on the collapsed graph. */
export function residualCount(doc: GraphDocument, analysis: Analysis): number {
  const memo = new Map<string, number>();
  const count = (nodes: GraphNode[], info: ScopeAnalysis | undefined, stack: string[]): number => {
    let sum = 0;
    for (const n of nodes) {
      const group = n.type === "Group" ? findGroup(doc, n.params.group) : undefined;
      if (!group) {
        const lowering = n.type === "Group" ? undefined : lowerNode(n, info?.nodes[n.id], nodes);
        if (lowering?.kind === "layer" && usesResidualInit(lowering.config)) sum += 1;
        continue;
      }
      if (stack.includes(group.id)) continue; // a cycle of bodies is a diagnostic; analysis reports it
      if (!memo.has(group.id)) memo.set(group.id, count(group.nodes, analysis.groups[group.id], [...stack, group.id]));
      sum += Number(n.params.repeat ?? 1) * memo.get(group.id)!;
    }
    return sum;
  };
  return count(doc.nodes, analysis, []);
}
