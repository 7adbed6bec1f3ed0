/**
 * parseGraph's checks on schema-valid data: unique ids, wires between existing nodes, known
 * blocks with valid params, existing group bodies, and the structural limits (wires per port,
 * nesting depth). Every loop stops once the collector holds LIMITS.errors errors.
 */
import { z } from "zod";
import { describeRange } from "./allowed";
import { getBlock } from "./blocks/index";
import { Collector, coveredBy, formatPath, preview, type Json, type Path, type PathKey } from "./collector";
import { formatCount, groupStructure } from "./expansion";
import { LIMITS } from "./limits";
import type { GraphDocument, GraphNode, GroupDef } from "./types";

/** Checks ids, edges, blocks, params, group references and limits; returns the graph with params parsed. */
export function checkSemantics(doc: GraphDocument, nonFinite: ReadonlySet<string>, c: Collector): GraphDocument {
  const groupIds = new Set<string>();
  doc.groups.forEach((group, i) => {
    if (groupIds.has(group.id)) c.error("duplicate-id", ["groups", i, "id"], `group id "${group.id}" is used by another group`);
    groupIds.add(group.id);
  });
  const nodes = checkScope(doc.nodes, doc.edges, [], groupIds, nonFinite, c);
  const groups: GroupDef[] = doc.groups.map((group, i) => ({
    ...group,
    nodes: c.full ? group.nodes : checkScope(group.nodes, group.edges, ["groups", i], groupIds, nonFinite, c),
  }));
  const graph = { ...doc, nodes, groups };
  if (!c.full) checkDepth(graph, c);
  return graph;
}

/** Group bodies nested deeper than LIMITS.groupDepth, reported on the body at the top of the chain. */
function checkDepth(doc: GraphDocument, c: Collector): void {
  const structure = groupStructure(doc);
  doc.groups.forEach((group, i) => {
    const depth = structure.depth(group.id);
    if (depth > LIMITS.groupDepth && !c.full) {
      const used = doc.groups.some((g) => g.nodes.some((n) => n.type === "Group" && n.params.group === group.id));
      if (!used)
        c.error(
          "too-large",
          ["groups", i],
          `block "${group.name}" nests blocks ${formatCount(depth)} deep; the limit is ${LIMITS.groupDepth}`,
        );
    }
  });
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
  const fanIn = new Map<string, number>();
  for (let i = 0; i < edges.length && !c.full; i++) {
    const edge = edges[i];
    const edgePath = [...path, "edges", i];
    if (edgeIds.has(edge.id)) c.error("duplicate-id", [...edgePath, "id"], `edge id "${edge.id}" is used by another edge`);
    edgeIds.add(edge.id);
    for (const end of ["source", "target"] as const) {
      if (!nodeIds.has(edge[end])) {
        const where = path.length === 0 ? "the top level" : `group "${formatPath(path)}"`;
        c.error(
          "dangling-edge",
          [...edgePath, end],
          `edge "${edge.id}" ${end} "${edge[end]}" is not a node of ${where}; delete the edge or fix the id`,
        );
      }
    }
    const port = JSON.stringify([edge.target, edge.targetPort]);
    const count = (fanIn.get(port) ?? 0) + 1;
    fanIn.set(port, count);
    if (count === LIMITS.inputsPerPort + 1) {
      c.error(
        "too-large",
        edgePath,
        `input "${edge.targetPort}" of node "${edge.target}" has more than ${formatCount(LIMITS.inputsPerPort)} wires, the limit: add them in stages`,
      );
    }
  }
  const out: GraphNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    out.push(c.full ? node : { ...node, params: checkParams(node, [...path, "nodes", i], groupIds, nonFinite, c) });
  }
  return out;
}

/** Parses a node's params with its block schema: fills defaults, drops unknown keys. */
function checkParams(node: GraphNode, path: Path, groupIds: ReadonlySet<string>, nonFinite: ReadonlySet<string>, c: Collector): Json {
  const block = getBlock(node.type);
  if (!block) {
    c.error(
      "unknown-block",
      [...path, "type"],
      `node "${node.id}" has unknown block type ${preview(node.type)}; it may come from a newer version of Tensorloom`,
    );
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
  for (const [key, value] of Object.entries(known)) {
    // No param needs more than a few items; refuse long lists before the schema builds an issue per item.
    if (Array.isArray(value) && value.length > LIMITS.paramItems) {
      c.error(
        "invalid-param",
        [...paramsPath, key],
        `node "${node.id}" (${block.type}): param "${key}" has ${formatCount(value.length)} items; allowed: ${describeAllowed(shape[key])}`,
      );
      return known;
    }
  }
  const result = schema.safeParse(known);
  let params: Json = known;
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (c.full) break;
      const issuePath = [...paramsPath, ...issue.path.filter((k): k is PathKey => typeof k !== "symbol")];
      if (coveredBy(issuePath, nonFinite)) continue;
      const name = String(issue.path[0] ?? "");
      const field = Object.hasOwn(shape, name) ? shape[name] : undefined;
      const allowed = field ? `; allowed: ${describeAllowed(field)}` : "";
      c.error(
        "invalid-param",
        issuePath,
        `node "${node.id}" (${block.type}): param "${name}" = ${preview(known[name])} is not valid${allowed} (${issue.message})`,
      );
    }
  } else {
    params = result.data as Json;
    for (const key of Object.keys(params)) {
      if (!Object.hasOwn(known, key)) c.repair([...paramsPath, key], `set to default ${preview(params[key])}`);
    }
  }
  if (node.type === "Group" && typeof params.group === "string" && !groupIds.has(params.group)) {
    c.error(
      "unknown-group",
      [...paramsPath, "group"],
      `node "${node.id}" refers to group "${params.group}", which is not defined in "groups"`,
    );
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
