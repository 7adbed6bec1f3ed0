/** Hostile user strings for the export tests, and renaming a document's ids consistently. */
import fc from "fast-check";
import type { GraphDocument, GraphEdge, GraphNode } from "@/graph";
import { presetGraph } from "../build";
import { randomGraph } from "./random-graphs";

/** Pieces of strings that break naive code generation: quotes, comment ends, templates, lines. */
export const HOSTILE_FRAGMENTS = [
  '"',
  "'",
  "`",
  "\\",
  "*/",
  "/*",
  "//",
  "${process.exit(1)}",
  "`); process.exit(1); (`",
  '"; process.exit(1); "',
  "\n",
  "\r\n",
  "\u2028",
  "\u2029",
  "\u0000",
  "\u200b",
  "\ufeff",
  "</script>",
  "é",
  "日本語",
  "🦊",
  "\ud800",
  "constructor",
  "__proto__",
  "tf",
];

/** Bidirectional controls, which export refuses. */
export const BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"];

function renameScope(nodes: GraphNode[], edges: GraphEdge[], rename: (id: string) => string, groupIds: Map<string, string>) {
  return {
    nodes: nodes.map((n) => {
      const params = { ...n.params };
      if (n.type === "Group") params.group = groupIds.get(String(params.group)) ?? params.group;
      if (n.type === "Linear" && params.tieTo) params.tieTo = rename(String(params.tieTo));
      return { ...n, id: rename(n.id), params };
    }),
    edges: edges.map((e) => ({ ...e, source: rename(e.source), target: rename(e.target) })),
  };
}

/**
 * The document with every node id passed through `rename` (edges, ties and group references
 * follow) and every group body id through `renameGroup`.
 */
export function renameIds(
  doc: GraphDocument,
  rename: (id: string) => string,
  renameGroup: (id: string) => string = (id) => id,
): GraphDocument {
  const groupIds = new Map(doc.groups.map((g) => [g.id, renameGroup(g.id)]));
  return {
    ...doc,
    ...renameScope(doc.nodes, doc.edges, rename, groupIds),
    groups: doc.groups.map((g) => ({ ...g, id: groupIds.get(g.id)!, ...renameScope(g.nodes, g.edges, rename, groupIds) })),
  };
}

/**
 * Ids that are valid tfjs tensor names (the app names weights after them) but no identifiers:
 * leading digits, dots, dashes and slashes; and hostile labels on every node.
 */
export function withHostileIds(doc: GraphDocument): GraphDocument {
  const forms = [(id: string) => `9${id}`, (id: string) => `${id}.v-2`, (id: string) => `x/${id}`];
  let n = 0;
  const renamed = renameIds(
    doc,
    (id) => forms[[...id].reduce((a, c) => a + c.charCodeAt(0), 0) % 3](id),
    (id) => `${id}-body`,
  );
  const label = (node: GraphNode) => ({ ...node, label: `${HOSTILE_FRAGMENTS[n++ % HOSTILE_FRAGMENTS.length]} label` });
  return {
    ...renamed,
    name: '"; */ `${x}` name',
    nodes: renamed.nodes.map(label),
    groups: renamed.groups.map((g) => ({ ...g, nodes: g.nodes.map(label) })),
  };
}

/** Names the generated code uses itself, as ids: variables must still get names of their own. */
const GENERATED = [
  "apply",
  "dense",
  "train",
  "TEXT",
  "node",
  "first",
  "block",
  "seedAt",
  "prefix",
  "i",
  "k",
  "buildModel",
  "loadWeights",
  "MODEL_NAME",
  "generate",
  "TRAINING",
  "lossOf",
  "attend",
  "x",
  "mulberry32",
  "LABELS",
];

/** The document with its node and group ids taken, in order, from names the generated code uses. */
export function withGeneratedNames(doc: GraphDocument): GraphDocument {
  const taken = new Map<string, string>();
  const name = (id: string) => {
    if (!taken.has(id)) taken.set(id, GENERATED[taken.size % GENERATED.length] + (taken.size >= GENERATED.length ? taken.size : ""));
    return taken.get(id)!;
  };
  return renameIds(doc, name, name);
}

/** Carried by every hostile string; the generator never writes it itself. */
export const MARK = "Qz7";

const BASES: GraphDocument[] = [
  presetGraph("gpt", { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 }),
  presetGraph("mlp"),
  randomGraph(3),
  randomGraph(2),
];

const fragment = fc.oneof(
  fc.constantFrom(...HOSTILE_FRAGMENTS),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
);
const hostile = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => MARK + parts.join(""));
/** Hostile, and never a plain identifier (those may name variables by design). */
const hostileId = hostile.map((s) => `${s}-`);

export interface HostileCase {
  doc: GraphDocument;
  /** The labels and the name put into the document (ids only name layers that are built). */
  strings: string[];
  bidi: boolean;
}

/** A base graph with hostile labels, name, ids (some renamed) and LayerNorm eps; sometimes a bidi control in the name. */
export const hostileCases: fc.Arbitrary<HostileCase> = fc
  .record({
    base: fc.nat(BASES.length - 1),
    name: hostile,
    labels: fc.array(fc.option(hostile, { nil: undefined }), { minLength: 40, maxLength: 40 }),
    ids: fc.array(hostileId, { minLength: 40, maxLength: 40 }),
    renamed: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
    bidi: fc.option(fc.constantFrom(...BIDI), { nil: undefined }),
    eps: fc.double({ min: 1e-12, max: 0.1, noNaN: true }),
  })
  .map(({ base, name, labels, ids, renamed, bidi, eps }) => {
    let k = 0;
    const newIds = new Map<string, string>();
    const rename = (id: string) => {
      if (!newIds.has(id)) newIds.set(id, renamed[newIds.size % 40] ? `${ids[newIds.size % 40]}${newIds.size}` : id);
      return newIds.get(id)!;
    };
    const doc = renameIds(BASES[base], rename, (id) => `${MARK}"body\`${id}`);
    const strings: string[] = [name];
    const dress = (n: GraphNode): GraphNode => {
      const label = labels[k++ % 40];
      if (label !== undefined) strings.push(label);
      const params = n.type === "LayerNorm" ? { ...n.params, eps } : n.params;
      return { ...n, params, ...(label !== undefined ? { label } : {}) };
    };
    const dressed = {
      ...doc,
      name: bidi ? name + bidi : name,
      nodes: doc.nodes.map(dress),
      groups: doc.groups.map((g) => ({ ...g, nodes: g.nodes.map(dress) })),
    };
    return { doc: dressed, strings, bidi: bidi !== undefined };
  });
