/**
 * Wire edits. `canConnect` is the one judge of a wire, used by the canvas while dragging (to
 * show why a drop is refused, at the cursor) and by `connect`.
 */
import { nodePorts } from "../ports";
import { wouldCycle } from "../topology";
import type { GraphDocument, GraphEdge } from "../types";
import { getScope, MAX_ID, missingScope, nodeName, numberedId, withScope } from "./scope";
import type { EditResult, ScopeArg } from "./scope";

export interface WireArgs extends ScopeArg {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
  /** Replace the wire already on a single-input target port instead of refusing. */
  replace?: boolean;
}

export interface ConnectArgs extends WireArgs {
  /** Id of the new wire; the first free `e<n>` when absent. */
  id?: string;
}

/** Why a wire is refused, for tests and for styling; `reason` is the text to show. */
export type ConnectRefusal =
  "unknown-scope" | "missing-node" | "unknown-port" | "self-loop" | "duplicate" | "dtype-mismatch" | "port-taken" | "cycle";

export type ConnectCheck = { ok: true } | { ok: false; code: ConnectRefusal; reason: string };

const DTYPE_WORDS = { float32: "float values", int32: "integer token ids" } as const;

const no = (code: ConnectRefusal, reason: string): ConnectCheck => ({ ok: false, code, reason });

/**
 * Whether a wire may be drawn: both ports exist, the static dtypes agree (when neither side is
 * `any`), the wire closes no loop, and a single-input port is free (or `replace` is set).
 *
 * @example canConnect(doc, { source: "linear1", sourcePort: "out", target: "emb1", targetPort: "ids" })
 * // { ok: false, code: "dtype-mismatch", reason: "`ids` of Embedding (emb1) takes integer token ids; Linear (linear1) gives float values" }
 */
export function canConnect(graph: GraphDocument, args: WireArgs): ConnectCheck {
  const scope = getScope(graph, args.scope);
  if (!scope) return no("unknown-scope", `there is no block body "${args.scope}"`);
  const source = scope.nodes.find((n) => n.id === args.source);
  const target = scope.nodes.find((n) => n.id === args.target);
  if (!source || !target) return no("missing-node", `there is no node "${source ? args.target : args.source}" here`);
  if (source.id === target.id) return no("self-loop", "a block cannot feed itself");
  const out = nodePorts(graph, source).outputs.find((p) => p.name === args.sourcePort);
  if (!out) return no("unknown-port", `${nodeName(source, graph)} has no output \`${args.sourcePort}\``);
  const into = nodePorts(graph, target).inputs.find((p) => p.name === args.targetPort);
  if (!into) return no("unknown-port", `${nodeName(target, graph)} has no input \`${args.targetPort}\``);
  const same = (e: GraphEdge) => e.target === target.id && e.targetPort === into.name;
  if (scope.edges.some((e) => same(e) && e.source === source.id && e.sourcePort === out.name))
    return no("duplicate", "these ports are already wired");
  if (out.dtype !== "any" && into.dtype !== "any" && out.dtype !== into.dtype) {
    return no(
      "dtype-mismatch",
      `\`${into.name}\` of ${nodeName(target, graph)} takes ${DTYPE_WORDS[into.dtype]}; ${nodeName(source, graph)} gives ${DTYPE_WORDS[out.dtype]}`,
    );
  }
  if (wouldCycle(scope.edges, source.id, target.id)) {
    return no("cycle", `this wire would close a loop: ${nodeName(target, graph)} already feeds ${nodeName(source, graph)}`);
  }
  if (!into.multiple && !args.replace && scope.edges.some(same)) {
    return no("port-taken", `\`${into.name}\` of ${nodeName(target, graph)} takes one wire and has one; to sum two, use an Add block`);
  }
  return { ok: true };
}

/** True when a port takes several wires. */
function takesMany(graph: GraphDocument, scope: string | undefined, node: string, port: string): boolean {
  const n = getScope(graph, scope)?.nodes.find((x) => x.id === node);
  return n ? nodePorts(graph, n).inputs.some((p) => p.name === port && p.multiple) : false;
}

/**
 * Adds a wire after `canConnect` agrees; refused with its reason otherwise. With `replace`,
 * the wire already on a single-input port is removed.
 *
 * @example connect(doc, { source: "linear1", sourcePort: "out", target: "act1", targetPort: "x" })
 */
export function connect(graph: GraphDocument, args: ConnectArgs): EditResult {
  const check = canConnect(graph, args);
  if (!check.ok) return { ok: false, message: check.reason };
  const scope = getScope(graph, args.scope);
  if (!scope) return missingScope(args.scope!);
  const ids = new Set(scope.edges.map((e) => e.id));
  if (args.id !== undefined && (args.id.length === 0 || args.id.length > MAX_ID || ids.has(args.id))) {
    return { ok: false, message: `the wire id "${args.id}" is taken or invalid` };
  }
  const replaced = args.replace && !takesMany(graph, args.scope, args.target, args.targetPort);
  const edges = replaced ? scope.edges.filter((e) => !(e.target === args.target && e.targetPort === args.targetPort)) : scope.edges;
  const edge: GraphEdge = {
    id: args.id ?? numberedId(ids, "e"),
    source: args.source,
    sourcePort: args.sourcePort,
    target: args.target,
    targetPort: args.targetPort,
  };
  return { ok: true, graph: withScope(graph, args.scope, { nodes: scope.nodes, edges: [...edges, edge] }) };
}

/**
 * Removes wires by id; unknown ids are ignored.
 *
 * @example disconnect(doc, { ids: ["e3"] })
 */
export function disconnect(graph: GraphDocument, args: { ids: readonly string[] } & ScopeArg): GraphDocument {
  const scope = getScope(graph, args.scope);
  const drop = new Set(args.ids);
  if (!scope || !scope.edges.some((e) => drop.has(e.id))) return graph;
  return withScope(graph, args.scope, { nodes: scope.nodes, edges: scope.edges.filter((e) => !drop.has(e.id)) });
}
