/**
 * Node edits: add, remove, move, set params, label, duplicate. Each is pure: it returns a new
 * document sharing every untouched node, or `graph` itself when nothing changes.
 */
import { defaultParams, getBlock } from "../blocks";
import { idPrefixFor } from "../builder";
import type { GraphDocument, GraphNode, Position } from "../types";
import { copyFragment, pasteFragment } from "./paste";
import type { PasteResult } from "./paste";
import {
  freshName,
  getScope,
  MAX_ID,
  MAX_LABEL,
  missingScope,
  numberedId,
  nodeName,
  pruneGroups,
  refuse,
  syncGroupWires,
  usedGroup,
  withScope,
} from "./scope";
import type { EditResult, NewId, PortRename, ScopeArg } from "./scope";
import { checkParams } from "./validate";

/** Where a duplicate lands relative to its original. */
export const DUPLICATE_OFFSET: Position = { x: 40, y: 40 };

const isInterface = (type: string) => type === "GroupInput" || type === "GroupOutput";
const finite = (p: Position) => Number.isFinite(p.x) && Number.isFinite(p.y);

/** Names used by the body's interface nodes of one kind (inputs or outputs). */
function interfaceNames(nodes: GraphNode[], type: string, except?: string): Set<string> {
  return new Set(nodes.filter((n) => n.type === type && n.id !== except).map((n) => String(n.params.name)));
}

export interface AddNodeArgs extends ScopeArg {
  type: string;
  id: string;
  position: Position;
  /** Overrides of the block's defaults; a Group node needs `group`. */
  params?: Record<string, unknown>;
  label?: string;
}

/**
 * Adds a node with the block's default params merged with `params`. Refused for an unknown
 * type, a taken id, invalid params, a Group whose body is missing or would contain itself,
 * and a block input/output outside a body. A block input/output without a `name` gets a free
 * one (`x`, `x2`, …).
 *
 * @example addNode(doc, { type: "Linear", id: "linear3", position: { x: 0, y: 0 }, params: { units: 10 } })
 */
export function addNode(graph: GraphDocument, args: AddNodeArgs): EditResult {
  const scope = getScope(graph, args.scope);
  if (!scope) return missingScope(args.scope!);
  const def = getBlock(args.type);
  if (!def) return refuse(`unknown block type "${args.type}"`);
  if (isInterface(args.type) && args.scope === undefined) return refuse(`${def.label} nodes belong inside a block body`);
  if (args.id.length === 0 || args.id.length > MAX_ID) return refuse(`a node id has 1 to ${MAX_ID} characters`);
  if (scope.nodes.some((n) => n.id === args.id)) return refuse(`the id "${args.id}" is taken`);
  if (!finite(args.position)) return refuse("a position needs finite x and y");
  if (args.label !== undefined && args.label.length > MAX_LABEL) return refuse(`a label has at most ${MAX_LABEL} characters`);
  const params: Record<string, unknown> = { ...(args.type === "Group" ? { repeat: 1 } : defaultParams(args.type)), ...args.params };
  if (isInterface(args.type)) {
    const taken = interfaceNames(scope.nodes, args.type);
    if (args.params?.name === undefined) params.name = freshName(taken, "x");
    else if (taken.has(String(params.name)))
      return refuse(`this block already has ${args.type === "GroupInput" ? "an input" : "an output"} named "${String(params.name)}"`);
  }
  const checked = checkParams(graph, args.scope, args.type, params, `${def.label} (${args.id})`);
  if (!checked.ok) return checked;
  const node: GraphNode = {
    id: args.id,
    type: args.type,
    ...(args.label ? { label: args.label } : {}),
    params: checked.params,
    position: { x: args.position.x, y: args.position.y },
  };
  return { ok: true, graph: withScope(graph, args.scope, { nodes: [...scope.nodes, node], edges: scope.edges }) };
}

/**
 * Removes nodes and every wire touching them. Removing a block input/output drops the wires
 * on that port of the Group nodes that run this body; a body no Group node uses any more is
 * removed with its last Group node.
 *
 * @example removeNodes(doc, { ids: ["act1"] }) // act1 and its wires are gone
 */
export function removeNodes(graph: GraphDocument, args: { ids: readonly string[] } & ScopeArg): GraphDocument {
  const scope = getScope(graph, args.scope);
  const drop = new Set(args.ids);
  const removed = scope?.nodes.filter((n) => drop.has(n.id)) ?? [];
  if (!scope || removed.length === 0) return graph;
  let next = withScope(graph, args.scope, {
    nodes: scope.nodes.filter((n) => !drop.has(n.id)),
    edges: scope.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target)),
  });
  if (args.scope !== undefined && removed.some((n) => isInterface(n.type))) next = syncGroupWires(next, args.scope);
  return pruneGroups(
    next,
    removed.map(usedGroup).filter((g): g is string => g !== undefined),
  );
}

/**
 * Moves nodes to new positions, by node id. Unknown ids and non-finite positions are ignored.
 *
 * @example moveNodes(doc, { positions: { linear1: { x: 200, y: 80 } } })
 */
export function moveNodes(graph: GraphDocument, args: { positions: Readonly<Record<string, Position>> } & ScopeArg): GraphDocument {
  const scope = getScope(graph, args.scope);
  if (!scope) return graph;
  let changed = false;
  const nodes = scope.nodes.map((n) => {
    const p = Object.hasOwn(args.positions, n.id) ? args.positions[n.id] : undefined;
    if (!p || !finite(p) || (p.x === n.position.x && p.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? withScope(graph, args.scope, { nodes, edges: scope.edges }) : graph;
}

/**
 * Merges `params` into a node's params after checking them with the block's schema; an
 * invalid value is refused with a message naming the node, the field and its range.
 * Renaming a block input/output carries the wires of the Group nodes that use the body.
 *
 * @example setParams(doc, { id: "linear1", params: { units: 0 } })
 * // { ok: false, message: "Linear (linear1): units must be an integer from 1 to 1000000, got 0" }
 */
export function setParams(graph: GraphDocument, args: { id: string; params: Record<string, unknown> } & ScopeArg): EditResult {
  const scope = getScope(graph, args.scope);
  if (!scope) return missingScope(args.scope!);
  const node = scope.nodes.find((n) => n.id === args.id);
  if (!node) return refuse(`there is no node "${args.id}" here`);
  const checked = checkParams(
    graph,
    args.scope,
    node.type,
    { ...node.params, ...args.params },
    nodeName(node, graph),
    Object.keys(args.params),
  );
  if (!checked.ok) return checked;
  let rename: PortRename | undefined;
  const [from, to] = [String(node.params.name), String(checked.params.name)];
  if (isInterface(node.type) && from !== to) {
    const side = node.type === "GroupInput" ? "input" : "output";
    if (interfaceNames(scope.nodes, node.type, node.id).has(to)) return refuse(`this block already has an ${side} named "${to}"`);
    rename = { side, from, to };
  }
  const nodes = scope.nodes.map((n) => (n === node ? { ...n, params: checked.params } : n));
  const next = withScope(graph, args.scope, { nodes, edges: scope.edges });
  return { ok: true, graph: rename && args.scope !== undefined ? syncGroupWires(next, args.scope, rename) : next };
}

/**
 * Sets or clears (empty or undefined) a node's label.
 *
 * @example setLabel(doc, { id: "linear1", label: "hidden" })
 */
export function setLabel(graph: GraphDocument, args: { id: string; label: string | undefined } & ScopeArg): EditResult {
  const scope = getScope(graph, args.scope);
  if (!scope) return missingScope(args.scope!);
  const node = scope.nodes.find((n) => n.id === args.id);
  if (!node) return refuse(`there is no node "${args.id}" here`);
  if (args.label !== undefined && args.label.length > MAX_LABEL) return refuse(`a label has at most ${MAX_LABEL} characters`);
  const { label: _old, ...rest } = node;
  const updated: GraphNode = args.label ? { ...rest, label: args.label } : rest;
  const nodes = scope.nodes.map((n) => (n === node ? updated : n));
  return { ok: true, graph: withScope(graph, args.scope, { nodes, edges: scope.edges }) };
}

/**
 * Copies nodes with the wires among them, offset by `offset` (default 40, 40), in the same
 * scope. Copied Group nodes get their own copy of their body (see `pasteFragment`). Returns
 * the new node ids, for the selection.
 *
 * @example duplicateNodes(doc, { ids: ["linear1", "act1"], newId: store.freshId })
 * // { ok: true, graph, nodeIds: ["linear2", "act2"] }
 */
export function duplicateNodes(
  graph: GraphDocument,
  args: { ids: readonly string[]; newId?: NewId; offset?: Position } & ScopeArg,
): PasteResult {
  if (!getScope(graph, args.scope)) return missingScope(args.scope!);
  const fragment = copyFragment(graph, args.ids, args.scope);
  if (fragment.nodes.length === 0) return refuse("select the nodes to duplicate");
  return pasteFragment(graph, { fragment, newId: args.newId, offset: args.offset ?? DUPLICATE_OFFSET, scope: args.scope });
}

/**
 * A fresh id for a new node of `type` in a scope, numbered like the builder's: `linear3`.
 * @example newNodeId(doc, "LayerNorm") // "ln2" when ln1 exists
 */
export function newNodeId(graph: GraphDocument, type: string, scope?: string): string {
  const nodes = getScope(graph, scope)?.nodes ?? [];
  return numberedId(new Set(nodes.map((n) => n.id)), idPrefixFor(type));
}
