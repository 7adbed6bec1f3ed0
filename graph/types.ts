/**
 * The data types of the graph core. Everything here is plain, JSON-serialisable data.
 */

/** A dimension: a fixed size, or a symbol such as `B` (batch) or `T` (sequence length). */
export type Dim = number | string;
/** A tensor shape, batch first: `["B", "T", 128]`. */
export type Shape = Dim[];
export type DType = "float32" | "int32";

/** What flows along a wire. `vocab` travels with token ids so Embedding can check its size. */
export interface TensorType {
  shape: Shape;
  dtype: DType;
  vocab?: number;
}

export interface Position {
  x: number;
  y: number;
}

export interface GraphNode {
  id: string;
  type: string;
  /** A user label. Only ever shown or emitted as a string literal, never as code. */
  label?: string;
  params: Record<string, unknown>;
  position: Position;
}

export interface GraphEdge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/**
 * The body of a group block: a subgraph whose `GroupInput` / `GroupOutput` nodes name the
 * group's ports. A `Group` node in the parent refers to it by `id` and carries the repeat count.
 */
export interface GroupDef {
  id: string;
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphMeta {
  description?: string;
  /** Preset this document came from, if any. */
  preset?: string;
  /** Free-form training defaults a preset may attach (dataset, optimiser, …). */
  training?: Record<string, unknown>;
  createdWith?: string;
}

export const GRAPH_FORMAT = "tensorloom.graph" as const;

export interface GraphDocument {
  format: typeof GRAPH_FORMAT;
  version: number;
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GroupDef[];
  meta: GraphMeta;
}

export type Severity = "error" | "warning";

/** A problem found by analysis: data with a stable code, never a thrown string. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  nodeId: string;
  port?: string;
  /** Id of the group body the node lives in, when it is not at the top level. */
  groupId?: string;
  message: string;
}

export type DiagnosticCode =
  | "cycle"
  | "missing-input"
  | "dtype-mismatch"
  | "shape-mismatch"
  | "rank-mismatch"
  | "invalid-param"
  | "unreachable"
  | "no-output"
  | "multiple-connections"
  | "unknown-block"
  | "unknown-port"
  | "dangling-edge"
  | "unknown-group"
  | "group-recursion"
  | "group-interface"
  | "tie-target"
  | "too-large";
