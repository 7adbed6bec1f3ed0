/**
 * Reading and writing graph documents. Every document — file, paste, share link, autosave —
 * enters through `parseGraph`, which never throws and never executes anything from the text,
 * and leaves through `serializeGraph`, which writes stable JSON.
 *
 * parseGraph, in order: size limit → JSON.parse → forbidden keys and depth (copying into fresh
 * objects) → format → version → migrations → repairs → non-finite numbers → zod schema →
 * semantic checks (ids, blocks, params, edges, groups).
 */
import { z } from "zod";
import { describeRange } from "./allowed";
import { getBlock } from "./blocks/index";
import { migrate } from "./migrations";
import { GRAPH_FORMAT, type GraphDocument, type GraphNode, type GroupDef } from "./types";

/** The document version this app writes. Bump it only together with a migration. */
export const GRAPH_VERSION = 1;
/** Longest accepted text, in UTF-16 code units (≈ 10 MB). Checked before JSON.parse. */
export const MAX_DOCUMENT_CHARS = 10 * 1024 * 1024;
/** Deepest accepted nesting of objects and arrays. A real document needs fewer than 10 levels. */
export const MAX_DEPTH = 64;
/** At most this many errors are returned; the rest are dropped. */
export const MAX_ERRORS = 100;
/** Keys rejected anywhere in a document: they are how prototype pollution starts. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export type DocErrorCode =
  | "too-large"
  | "invalid-json"
  | "too-deep"
  | "forbidden-key"
  | "wrong-format"
  | "invalid-version"
  | "version-too-new"
  | "migration-failed"
  | "invalid-document"
  | "non-finite"
  | "duplicate-id"
  | "unknown-block"
  | "invalid-param"
  | "dangling-edge"
  | "unknown-group"
  | "internal";

/** A reason a document was rejected. `path` is like `nodes[0].position.x` ("" for the whole). */
export interface DocError {
  code: DocErrorCode;
  path: string;
  message: string;
}

/** A harmless fix applied while reading, listed so the user can see what changed. */
export interface Repair {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; graph: GraphDocument; repairs: Repair[] } | { ok: false; errors: DocError[] };

// ---------------------------------------------------------------------------------------------
// Schema

const Id = z.string().min(1).max(128);
const Label = z.string().max(200);
const PositionSchema = z.object({ x: z.number(), y: z.number() }); // zod 4 numbers are finite
const NodeSchema = z.object({
  id: Id,
  type: z.string().min(1).max(128),
  label: Label.optional(),
  params: z.record(z.string(), z.unknown()),
  position: PositionSchema,
});
const EdgeSchema = z.object({ id: Id, source: Id, sourcePort: Id, target: Id, targetPort: Id });
const GroupSchema = z.object({ id: Id, name: Label, nodes: z.array(NodeSchema), edges: z.array(EdgeSchema) });
const MetaSchema = z.object({
  description: z.string().max(10_000).optional(),
  preset: z.string().max(200).optional(),
  createdWith: z.string().max(200).optional(),
  training: z.record(z.string(), z.unknown()).optional(),
});

/** The zod schema of a current-version document (structure only; see `parseGraph` for the rest). */
export const GraphDocumentSchema = z.object({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  name: Label,
  nodes: z.array(NodeSchema),
  edges: z.array(EdgeSchema),
  groups: z.array(GroupSchema),
  meta: MetaSchema,
});

// Compile-time check that the schema and the hand-written types agree.
const _schemaMatchesTypes: (d: z.infer<typeof GraphDocumentSchema>) => GraphDocument = (d) => d;

// ---------------------------------------------------------------------------------------------
// Paths and small helpers

type PathKey = string | number;
type Path = readonly PathKey[];
type Json = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["nodes", 0, "position", "x"]` → `nodes[0].position.x`; odd keys are quoted: `meta["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && IDENTIFIER.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A short, safe rendering of a value for messages. */
function preview(value: unknown): string {
  const text = typeof value === "number" && !Number.isFinite(value) ? String(value) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function at(path: Path, message: string): string {
  return path.length === 0 ? message : `${formatPath(path)}: ${message}`;
}

class Collector {
  readonly errors: DocError[] = [];
  readonly repairs: Repair[] = [];
  error(code: DocErrorCode, path: Path, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ code, path: formatPath(path), message: at(path, message) });
  }
  repair(path: Path, message: string): void {
    this.repairs.push({ path: formatPath(path), message: at(path, message) });
  }
}

function failure(code: DocErrorCode, path: Path, message: string): ParseResult {
  const c = new Collector();
  c.error(code, path, message);
  return { ok: false, errors: c.errors };
}

// ---------------------------------------------------------------------------------------------
// parseGraph

/**
 * Reads a document from text. Never throws; never runs anything found in the text.
 *
 * @example
 * const r = parseGraph(fileText);
 * if (r.ok) load(r.graph, r.repairs); else show(r.errors); // [{ code: "dangling-edge", path: "edges[3]", … }]
 */
export function parseGraph(text: string): ParseResult {
  try {
    return parseUnchecked(text);
  } catch (e) {
    return failure("internal", [], `internal error while reading the document: ${e instanceof Error ? e.message : "unknown"}`);
  }
}

function parseUnchecked(text: string): ParseResult {
  if (typeof text !== "string") return failure("invalid-json", [], `expected the document as text, got ${typeof text}`);
  if (text.length > MAX_DOCUMENT_CHARS) {
    return failure("too-large", [], `document is ${(text.length / 1048576).toFixed(1)} MB; the limit is ${MAX_DOCUMENT_CHARS / 1048576} MB`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return failure("invalid-json", [], `not valid JSON: ${e instanceof Error ? e.message : "parse error"}`);
  }

  const c = new Collector();
  const doc = copyChecked(raw, [], c);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  if (!isRecord(doc)) return failure("wrong-format", [], `not a Tensorloom graph: expected a JSON object, got ${Array.isArray(doc) ? "an array" : preview(doc)}`);
  if (doc.format !== GRAPH_FORMAT) {
    return failure("wrong-format", ["format"], `not a Tensorloom graph: "format" must be "${GRAPH_FORMAT}", got ${preview(doc.format)}`);
  }
  const version = doc.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return failure("invalid-version", ["version"], `version must be a whole number from 1 to ${GRAPH_VERSION}, got ${preview(version)}`);
  }
  if (version > GRAPH_VERSION) {
    return failure("version-too-new", ["version"], `this document is version ${version}, but this app reads up to version ${GRAPH_VERSION}: update Tensorloom to open it`);
  }
  const migrated = migrate(doc, version);
  if (!migrated.ok) return failure("migration-failed", ["version"], migrated.message);
  if (!isRecord(migrated.doc) || migrated.version !== GRAPH_VERSION) {
    return failure("migration-failed", ["version"], `migrations from version ${version} did not produce a version ${GRAPH_VERSION} document`);
  }

  const current = migrated.doc;
  applyRepairs(current, c);
  const nonFinite = findNonFinite(current, [], c);
  const parsed = GraphDocumentSchema.safeParse(current);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((k): k is PathKey => typeof k !== "symbol");
      if (!coveredBy(path, nonFinite)) c.error("invalid-document", path, issue.message);
    }
    return { ok: false, errors: c.errors };
  }
  const graph = checkSemantics(parsed.data, nonFinite, c);
  return c.errors.length > 0 ? { ok: false, errors: c.errors } : { ok: true, graph, repairs: c.repairs };
}

/**
 * Deep-copies parsed JSON into fresh plain objects, reporting forbidden keys (never copying
 * them) and nesting deeper than MAX_DEPTH. Turns -0 into 0 so documents round-trip exactly.
 */
function copyChecked(value: unknown, path: Path, c: Collector): unknown {
  if (value === null || typeof value !== "object") return Object.is(value, -0) ? 0 : value;
  if (path.length >= MAX_DEPTH) {
    c.error("too-deep", path, `nested more than ${MAX_DEPTH} levels deep`);
    return null;
  }
  if (Array.isArray(value)) return value.map((item, i) => copyChecked(item, [...path, i], c));
  const out: Json = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      c.error("forbidden-key", [...path, key], `the key "${key}" is not allowed anywhere in a document`);
      continue;
    }
    out[key] = copyChecked((value as Json)[key], [...path, key], c);
  }
  return out;
}

/** Reports every NaN/±Infinity (JSON gives Infinity for 1e999); returns their formatted paths. */
function findNonFinite(value: unknown, path: PathKey[], c: Collector, found = new Set<string>()): Set<string> {
  if (typeof value === "number" && !Number.isFinite(value)) {
    found.add(formatPath(path));
    c.error("non-finite", path, `number must be finite, got ${String(value)} (a literal like 1e999 overflows)`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findNonFinite(item, [...path, i], c, found));
  } else if (isRecord(value)) {
    for (const key of Object.keys(value)) findNonFinite(value[key], [...path, key], c, found);
  }
  return found;
}

function coveredBy(path: Path, reported: ReadonlySet<string>): boolean {
  for (let n = 1; n <= path.length; n++) if (reported.has(formatPath(path.slice(0, n)))) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Repairs on the raw (copied) data, before the schema

const TOP_KEYS = Object.keys(GraphDocumentSchema.shape);

function dropUnknownKeys(obj: Json, allowed: readonly string[], path: Path, c: Collector): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      delete obj[key];
      c.repair([...path, key], "dropped unknown key");
    }
  }
}

function applyRepairs(doc: Json, c: Collector): void {
  dropUnknownKeys(doc, TOP_KEYS, [], c);
  if (doc.name === undefined) {
    doc.name = "Untitled";
    c.repair(["name"], 'missing, set to "Untitled"');
  }
  if (doc.meta === undefined) {
    doc.meta = {};
    c.repair(["meta"], "missing, set to {}");
  } else if (isRecord(doc.meta)) dropUnknownKeys(doc.meta, Object.keys(MetaSchema.shape), ["meta"], c);
  if (doc.groups === undefined) {
    doc.groups = [];
    c.repair(["groups"], "missing, set to []");
  }
  repairScope(doc, [], c);
  if (Array.isArray(doc.groups)) {
    doc.groups.forEach((group, i) => {
      if (!isRecord(group)) return;
      dropUnknownKeys(group, Object.keys(GroupSchema.shape), ["groups", i], c);
      repairScope(group, ["groups", i], c);
    });
  }
}

function repairScope(scope: Json, path: Path, c: Collector): void {
  if (Array.isArray(scope.nodes)) {
    scope.nodes.forEach((node, i) => {
      if (!isRecord(node)) return;
      const nodePath = [...path, "nodes", i];
      dropUnknownKeys(node, Object.keys(NodeSchema.shape), nodePath, c);
      if (node.position === undefined) {
        node.position = { x: 0, y: 0 };
        c.repair([...nodePath, "position"], "missing, set to {x: 0, y: 0}");
      } else if (isRecord(node.position)) dropUnknownKeys(node.position, ["x", "y"], [...nodePath, "position"], c);
      if (node.params === undefined) {
        node.params = {};
        c.repair([...nodePath, "params"], "missing, set to {}");
      }
    });
  }
  if (Array.isArray(scope.edges)) {
    scope.edges.forEach((edge, i) => {
      if (isRecord(edge)) dropUnknownKeys(edge, Object.keys(EdgeSchema.shape), [...path, "edges", i], c);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Semantic checks on schema-valid data

/** Checks ids, edges, blocks, params and group references; returns the graph with params parsed. */
function checkSemantics(doc: GraphDocument, nonFinite: ReadonlySet<string>, c: Collector): GraphDocument {
  const groupIds = new Set<string>();
  doc.groups.forEach((group, i) => {
    if (groupIds.has(group.id)) c.error("duplicate-id", ["groups", i, "id"], `group id "${group.id}" is used by another group`);
    groupIds.add(group.id);
  });
  const nodes = checkScope(doc.nodes, doc.edges, [], groupIds, nonFinite, c);
  const groups: GroupDef[] = doc.groups.map((group, i) => ({
    ...group,
    nodes: checkScope(group.nodes, group.edges, ["groups", i], groupIds, nonFinite, c),
  }));
  return { ...doc, nodes, groups };
}

/**
 * One graph scope: the top level or one group body. Node ids and edge ids are unique within
 * the scope, and edges connect nodes of the same scope (a group body is a separate graph, so
 * the same node id may appear in the top level and in a group).
 */
function checkScope(
  nodes: GraphNode[],
  edges: GraphDocument["edges"],
  path: Path,
  groupIds: ReadonlySet<string>,
  nonFinite: ReadonlySet<string>,
  c: Collector,
): GraphNode[] {
  const nodeIds = new Set<string>();
  nodes.forEach((node, i) => {
    if (nodeIds.has(node.id)) c.error("duplicate-id", [...path, "nodes", i, "id"], `node id "${node.id}" is used by another node`);
    nodeIds.add(node.id);
  });
  const edgeIds = new Set<string>();
  edges.forEach((edge, i) => {
    const edgePath = [...path, "edges", i];
    if (edgeIds.has(edge.id)) c.error("duplicate-id", [...edgePath, "id"], `edge id "${edge.id}" is used by another edge`);
    edgeIds.add(edge.id);
    for (const end of ["source", "target"] as const) {
      if (!nodeIds.has(edge[end])) {
        const where = path.length === 0 ? "the top level" : `group "${formatPath(path)}"`;
        c.error("dangling-edge", [...edgePath, end], `edge "${edge.id}" ${end} "${edge[end]}" is not a node of ${where}; delete the edge or fix the id`);
      }
    }
  });
  return nodes.map((node, i) => ({ ...node, params: checkParams(node, [...path, "nodes", i], groupIds, nonFinite, c) }));
}

/** Parses a node's params with its block schema: fills defaults, drops unknown keys. */
function checkParams(node: GraphNode, path: Path, groupIds: ReadonlySet<string>, nonFinite: ReadonlySet<string>, c: Collector): Json {
  const block = getBlock(node.type);
  if (!block) {
    c.error("unknown-block", [...path, "type"], `node "${node.id}" has unknown block type ${preview(node.type)}; it may come from a newer version of Tensorloom`);
    return node.params;
  }
  const schema = block.params;
  const shape: Record<string, z.ZodType> = schema.shape;
  const paramsPath = [...path, "params"];
  const known: Json = {};
  for (const key of Object.keys(node.params)) {
    if (Object.hasOwn(shape, key)) known[key] = node.params[key];
    else c.repair([...paramsPath, key], `dropped unknown param of ${block.type}`);
  }
  const result = schema.safeParse(known);
  let params: Json = known;
  if (!result.success) {
    for (const issue of result.error.issues) {
      const issuePath = [...paramsPath, ...issue.path.filter((k): k is PathKey => typeof k !== "symbol")];
      if (coveredBy(issuePath, nonFinite)) continue;
      const name = String(issue.path[0] ?? "");
      const field = Object.hasOwn(shape, name) ? shape[name] : undefined;
      const allowed = field ? `; allowed: ${describeAllowed(field)}` : "";
      c.error("invalid-param", issuePath, `node "${node.id}" (${block.type}): param "${name}" = ${preview(known[name])} is not valid${allowed} (${issue.message})`);
    }
  } else {
    params = result.data as Json;
    for (const key of Object.keys(params)) {
      if (!Object.hasOwn(known, key)) c.repair([...paramsPath, key], `set to default ${preview(params[key])}`);
    }
  }
  if (node.type === "Group" && typeof params.group === "string" && !groupIds.has(params.group)) {
    c.error("unknown-group", [...paramsPath, "group"], `node "${node.id}" refers to group "${params.group}", which is not defined in "groups"`);
  }
  return params;
}

/** Plain-words range of a param schema for messages: `an integer from 1 to 1000000`. */
function describeAllowed(schema: z.ZodType): string {
  const range = describeRange(schema);
  if (range) return range;
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodString) return s.maxLength !== null ? `text of at most ${s.maxLength} characters` : "text";
  if (s instanceof z.ZodArray) return `a list of: ${describeAllowed(s.element as z.ZodType)}`;
  if (s instanceof z.ZodLiteral) return `exactly ${[...s.values].map((v) => JSON.stringify(v)).join(" or ")}`;
  return `a value of type ${s.def.type}`;
}

// ---------------------------------------------------------------------------------------------
// serializeGraph

/**
 * Writes a document as stable JSON: 2-space indent, document keys in a fixed order, free-form
 * objects (params, meta.training) with sorted keys. `parseGraph(serializeGraph(g))` gives back
 * `g` with no repairs for any `g` that came out of `parseGraph`. Does not modify `graph`.
 *
 * @example download("model.tensorloom.json", serializeGraph(graph));
 */
export function serializeGraph(graph: GraphDocument): string {
  const node = (n: GraphNode) => ({ id: n.id, type: n.type, label: n.label, params: sortKeys(n.params), position: { x: n.position.x, y: n.position.y } });
  const edge = (e: GraphDocument["edges"][number]) => ({ id: e.id, source: e.source, sourcePort: e.sourcePort, target: e.target, targetPort: e.targetPort });
  const ordered = {
    format: graph.format,
    version: graph.version,
    name: graph.name,
    nodes: graph.nodes.map(node),
    edges: graph.edges.map(edge),
    groups: graph.groups.map((g) => ({ id: g.id, name: g.name, nodes: g.nodes.map(node), edges: g.edges.map(edge) })),
    meta: {
      description: graph.meta.description,
      preset: graph.meta.preset,
      createdWith: graph.meta.createdWith,
      training: graph.meta.training === undefined ? undefined : sortKeys(graph.meta.training),
    },
  };
  return JSON.stringify(ordered, null, 2);
}

/** Copies with object keys sorted; `Object.fromEntries` defines keys, so none reach a prototype. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}
