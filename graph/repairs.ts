/**
 * Harmless fixes parseGraph makes to the raw (copied) data before the schema: unknown keys
 * dropped, missing optional parts filled in. Each is listed as a repair.
 */
import { getBlock } from "./blocks/index";
import { Collector, isRecord, type Json, type Path } from "./collector";
import { EdgeSchema, GraphDocumentSchema, GroupSchema, MetaSchema, NodeSchema } from "./schema";

const TOP_KEYS = Object.keys(GraphDocumentSchema.shape);

function dropUnknownKeys(obj: Json, allowed: readonly string[], path: Path, c: Collector): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      delete obj[key];
      c.repair([...path, key], "dropped unknown key");
    }
  }
}

export function applyRepairs(doc: Json, c: Collector): void {
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
      } else if (isRecord(node.params)) dropUnknownParams(node, [...nodePath, "params"], c);
    });
  }
  if (Array.isArray(scope.edges)) {
    scope.edges.forEach((edge, i) => {
      if (isRecord(edge)) dropUnknownKeys(edge, Object.keys(EdgeSchema.shape), [...path, "edges", i], c);
    });
  }
}

/** Drops params the node's block does not have, before the schema copies them (there may be 400k). */
function dropUnknownParams(node: Json, path: Path, c: Collector): void {
  const block = typeof node.type === "string" ? getBlock(node.type) : undefined;
  if (!block) return;
  const params = node.params as Json;
  const shape: Record<string, unknown> = block.params.shape;
  const known: Json = {};
  let dropped = false;
  for (const key of Object.keys(params)) {
    if (Object.hasOwn(shape, key)) known[key] = params[key];
    else {
      dropped = true;
      c.repair([...path, key], `dropped unknown param of ${block.type}`);
    }
  }
  if (dropped) node.params = known; // rebuilt rather than deleted from: deleting 400k keys one by one is slow
}
