/**
 * Reading and writing graph documents. Every document — file, paste, share link, autosave —
 * enters through `parseGraph`, which never throws and never executes anything from the text,
 * and leaves through `serializeGraph`, which writes stable JSON that always reopens.
 *
 * parseGraph, in order: size limit → JSON.parse → node/edge/group counts → forbidden keys and
 * depth (copying into fresh objects) → format → version → migrations → repairs → non-finite
 * numbers → zod schema, element by element → semantic checks and limits (graph/semantics.ts)
 * → size of the compact form. Each step is linear and the cheap ones come first; once
 * LIMITS.errors errors are found, no later step runs.
 */
import { z } from "zod";
import {
  Collector,
  coveredBy,
  failure,
  formatPath,
  isRecord,
  preview,
  type Json,
  type ParseResult,
  type Path,
  type PathKey,
} from "./collector";
import { formatCount } from "./expansion";
import { LIMITS } from "./limits";
import { migrate } from "./migrations";
import { applyRepairs } from "./repairs";
import { EdgeSchema, GRAPH_VERSION, GraphDocumentSchema, GroupSchema, NodeSchema } from "./schema";
import { checkSemantics } from "./semantics";
import { GRAPH_FORMAT, type GraphDocument, type GraphNode } from "./types";

export type { DocError, DocErrorCode, ParseResult, Repair } from "./collector";
export { formatPath } from "./collector";
export { GRAPH_VERSION, GraphDocumentSchema } from "./schema";

/** Longest accepted text, in UTF-16 code units (≈ 10 MB); the compact form of the result must fit too. */
export const MAX_DOCUMENT_CHARS = LIMITS.documentChars;
/** Deepest accepted nesting of objects and arrays. A real document needs fewer than 10 levels. */
export const MAX_DEPTH = 64;
/** At most this many errors are returned; the rest are not built. */
export const MAX_ERRORS = LIMITS.errors;
/** Keys rejected anywhere in a document: they are how prototype pollution starts. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
/** serializeGraph indents documents up to this compact size; larger ones are written compact. */
export const PRETTY_UP_TO_CHARS = 1024 * 1024;

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

const megabytes = (chars: number) => `${(chars / 1048576).toFixed(1)} MB`;

function parseUnchecked(text: string): ParseResult {
  if (typeof text !== "string") return failure("invalid-json", [], `expected the document as text, got ${typeof text}`);
  if (text.length > MAX_DOCUMENT_CHARS) {
    return failure("too-large", [], `document is ${megabytes(text.length)}; the limit is ${MAX_DOCUMENT_CHARS / 1048576} MB`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return failure("invalid-json", [], `not valid JSON: ${e instanceof Error ? e.message : "parse error"}`);
  }
  const counted = checkCounts(raw);
  if (counted) return counted;

  const c = new Collector();
  const doc = copyChecked(raw, [], c);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  if (!isRecord(doc))
    return failure(
      "wrong-format",
      [],
      `not a Tensorloom graph: expected a JSON object, got ${Array.isArray(doc) ? "an array" : preview(doc)}`,
    );
  if (doc.format !== GRAPH_FORMAT) {
    return failure("wrong-format", ["format"], `not a Tensorloom graph: "format" must be "${GRAPH_FORMAT}", got ${preview(doc.format)}`);
  }
  const version = doc.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return failure("invalid-version", ["version"], `version must be a whole number from 1 to ${GRAPH_VERSION}, got ${preview(version)}`);
  }
  if (version > GRAPH_VERSION) {
    return failure(
      "version-too-new",
      ["version"],
      `this document is version ${version}, but this app reads up to version ${GRAPH_VERSION}: update Tensorloom to open it`,
    );
  }
  const migrated = migrate(doc, version);
  if (!migrated.ok) return failure("migration-failed", ["version"], migrated.message);
  if (!isRecord(migrated.doc) || migrated.version !== GRAPH_VERSION) {
    return failure(
      "migration-failed",
      ["version"],
      `migrations from version ${version} did not produce a version ${GRAPH_VERSION} document`,
    );
  }
  const current = migrated.doc;
  const recounted = checkCounts(current);
  if (recounted) return recounted;

  applyRepairs(current, c);
  const nonFinite = findNonFinite(current, c);
  if (c.full) return { ok: false, errors: c.errors };
  const parsed = validate(current, nonFinite, c);
  if (!parsed) return { ok: false, errors: c.errors };
  const graph = checkSemantics(parsed, nonFinite, c);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  const compact = JSON.stringify(graph).length;
  if (compact > MAX_DOCUMENT_CHARS) {
    return failure(
      "too-large",
      [],
      `document is ${megabytes(compact)} once read (defaults filled in); the limit is ${MAX_DOCUMENT_CHARS / 1048576} MB`,
    );
  }
  return { ok: true, graph, repairs: c.repairs };
}

/** Node, wire and group counts against LIMITS, on the raw data before anything walks it. */
function checkCounts(raw: unknown): ParseResult | undefined {
  if (!isRecord(raw)) return undefined;
  const length = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const groups = Array.isArray(raw.groups) ? raw.groups : [];
  if (groups.length > LIMITS.groups)
    return failure(
      "too-large",
      ["groups"],
      `the document has ${formatCount(groups.length)} block bodies; the limit is ${formatCount(LIMITS.groups)}`,
    );
  let nodes = length(raw.nodes);
  let edges = length(raw.edges);
  for (const g of groups) {
    if (!isRecord(g)) continue;
    nodes += length(g.nodes);
    edges += length(g.edges);
  }
  if (nodes > LIMITS.nodes)
    return failure(
      "too-large",
      ["nodes"],
      `the document has ${formatCount(nodes)} nodes; the limit is ${formatCount(LIMITS.nodes)}: use a repeated block`,
    );
  if (edges > LIMITS.edges)
    return failure("too-large", ["edges"], `the document has ${formatCount(edges)} wires; the limit is ${formatCount(LIMITS.edges)}`);
  return undefined;
}

/**
 * Deep-copies parsed JSON into fresh plain objects, reporting forbidden keys (never copying
 * them) and nesting deeper than MAX_DEPTH. Turns -0 into 0 so documents round-trip exactly.
 * `path` is one array pushed and popped on the way (copied only into an error), and the
 * recursion is as deep as the document, which MAX_DEPTH bounds.
 */
function copyChecked(value: unknown, path: PathKey[], c: Collector): unknown {
  if (value === null || typeof value !== "object") return Object.is(value, -0) ? 0 : value;
  if (path.length >= MAX_DEPTH) {
    c.error("too-deep", path, `nested more than ${MAX_DEPTH} levels deep`);
    return null;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out[i] = copyChecked(value[i], path, c);
      path.pop();
    }
    return out;
  }
  const out: Json = {};
  for (const key of Object.keys(value)) {
    path.push(key);
    if (FORBIDDEN_KEYS.has(key)) c.error("forbidden-key", path, `the key "${key}" is not allowed anywhere in a document`);
    else out[key] = copyChecked((value as Json)[key], path, c);
    path.pop();
  }
  return out;
}

/**
 * Reports NaN/±Infinity (JSON gives Infinity for 1e999) until the collector is full; returns
 * their paths. Recursion is bounded by MAX_DEPTH, which copyChecked enforced.
 */
function findNonFinite(root: unknown, c: Collector): Set<string> {
  const found = new Set<string>();
  const path: PathKey[] = [];
  const visit = (value: unknown) => {
    if (c.full) return;
    if (typeof value === "number") {
      if (Number.isFinite(value)) return;
      found.add(formatPath(path));
      c.error("non-finite", path, `number must be finite, got ${String(value)} (a literal like 1e999 overflows)`);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
    } else if (isRecord(value)) {
      for (const key of Object.keys(value)) {
        path.push(key);
        visit(value[key]);
        path.pop();
      }
    }
  };
  visit(root);
  return found;
}

/**
 * The zod schema, applied to the top level and then to each node, wire and body on its own,
 * so a document with a million broken parts builds only the first LIMITS.errors issues.
 */
function validate(doc: Json, nonFinite: ReadonlySet<string>, c: Collector): GraphDocument | undefined {
  const check = <T>(schema: z.ZodType<T>, value: unknown, path: Path): T | undefined => {
    if (c.full) return undefined;
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    for (const issue of r.error.issues) {
      const at = [...path, ...issue.path.filter((k): k is PathKey => typeof k !== "symbol")];
      if (!coveredBy(at, nonFinite)) c.error("invalid-document", at, issue.message);
    }
    return undefined;
  };
  /** Every element checked (until the collector is full); undefined when one failed. */
  const each = <T>(schema: z.ZodType<T>, list: unknown, path: Path): T[] | undefined => {
    if (!Array.isArray(list)) return undefined;
    const out: T[] = [];
    let failed = false;
    for (let i = 0; i < list.length && !c.full; i++) {
      const item = check(schema, list[i], [...path, i]);
      if (item === undefined) failed = true;
      else out.push(item);
    }
    return failed || c.full ? undefined : out;
  };
  const before = c.errors.length;
  const top = check(TopSchema, doc, []);
  const nodes = each(NodeSchema, doc.nodes, ["nodes"]);
  const edges = each(EdgeSchema, doc.edges, ["edges"]);
  const groups = Array.isArray(doc.groups)
    ? doc.groups.map((g, i) => {
        const head = check(GroupHeadSchema, g, ["groups", i]);
        const bodyNodes = isRecord(g) ? each(NodeSchema, g.nodes, ["groups", i, "nodes"]) : undefined;
        const bodyEdges = isRecord(g) ? each(EdgeSchema, g.edges, ["groups", i, "edges"]) : undefined;
        return head && bodyNodes && bodyEdges ? { ...head, nodes: bodyNodes, edges: bodyEdges } : undefined;
      })
    : [];
  // An element may fail only for a non-finite number already reported: then nothing is added here.
  if (c.errors.length > before || !top || !nodes || !edges || groups.includes(undefined)) return undefined;
  return { ...top, nodes, edges, groups: groups as GraphDocument["groups"] };
}

/** The top level with its lists unchecked (each element is checked on its own). */
const TopSchema = GraphDocumentSchema.extend({ nodes: z.array(z.unknown()), edges: z.array(z.unknown()), groups: z.array(z.unknown()) });
const GroupHeadSchema = GroupSchema.extend({ nodes: z.array(z.unknown()), edges: z.array(z.unknown()) });

// ---------------------------------------------------------------------------------------------
// serializeGraph

/**
 * Writes a document as stable JSON: document keys in a fixed order, free-form objects (params,
 * meta.training) with sorted keys; 2-space indent up to PRETTY_UP_TO_CHARS, compact beyond
 * (indenting can double a large document, past the size parseGraph accepts).
 * `parseGraph(serializeGraph(g))` gives back `g` with no repairs for any `g` that came out of
 * `parseGraph`. Does not modify `graph`.
 *
 * @example download("model.tensorloom.json", serializeGraph(graph));
 */
export function serializeGraph(graph: GraphDocument): string {
  const node = (n: GraphNode) => ({
    id: n.id,
    type: n.type,
    label: n.label,
    params: sortKeys(n.params),
    position: { x: n.position.x, y: n.position.y },
  });
  const edge = (e: GraphDocument["edges"][number]) => ({
    id: e.id,
    source: e.source,
    sourcePort: e.sourcePort,
    target: e.target,
    targetPort: e.targetPort,
  });
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
  const compact = JSON.stringify(ordered);
  if (compact.length > PRETTY_UP_TO_CHARS) return compact;
  const pretty = JSON.stringify(ordered, null, 2);
  return pretty.length <= MAX_DOCUMENT_CHARS ? pretty : compact;
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
