/**
 * Pure edit operations on graph documents: `(graph, args) => graph` (or an `EditResult` when
 * an edit can be refused). None mutates its input; untouched nodes, wires and bodies are
 * shared with the input. Ids come from the caller or are numbered deterministically.
 */
export { addNode, duplicateNodes, moveNodes, newNodeId, removeNodes, setLabel, setParams, DUPLICATE_OFFSET } from "./nodes";
export type { AddNodeArgs } from "./nodes";
export { canConnect, connect, disconnect } from "./edges";
export type { ConnectArgs, ConnectCheck, ConnectRefusal, WireArgs } from "./edges";
export { groupNodes, setRepeat, ungroup } from "./groups";
export type { GroupNodesArgs, GroupResult } from "./groups";
export { copyFragment, pasteFragment, PASTE_OFFSET } from "./paste";
export type { Fragment, PasteResult } from "./paste";
export { getScope, MAX_LABEL } from "./scope";
export type { EditResult, NewId, ScopeArg } from "./scope";
