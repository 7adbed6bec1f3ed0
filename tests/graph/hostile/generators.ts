/**
 * Structure-aware hostile documents from a seed. Each generator returns the document as text
 * (so non-finite numbers, -0, broken JSON and odd versions can be written) and says whether it
 * is pathological (big or deep on purpose: those calls are held to a time budget).
 *
 * Every label, name and port string a generator writes carries MARK, which the generated code
 * never writes itself: export must keep it inside string literals.
 */
import type { GraphDocument, GraphEdge, GraphNode, GroupDef } from "@/graph";
import { createRng } from "@/train/data";
import type { Rng } from "@/train/data";
import { randomGraph } from "../../compiler/codegen/random-graphs";
import { PROTOTYPE_KEYS, chain, doubling, edge, fanIn, nestedRepeats, node, ring } from "./make";

export const MARK = "Hx9";

export interface HostileDoc {
  kind: string;
  text: string;
  pathological: boolean;
}

const BIDI = ["\u202e", "\u2066", "\u200f", "\u061c"];
const ODD_TEXT = ['"', "`", "\\", "*/", "${1}", "\n", "\u2028", "\u0000", "\ud800", "🦊", "é", "日本", "</script>", "'); x('"];
const NUMBERS = [0, -0, 1, 2, 3, 4, 7, 16, 64, 256, 257, 1000, 1e6, 1e9, 2 ** 31, 2 ** 53, 1e308, -1, -64, 0.5, 1e-12];
/** Written into the text in place of the quoted sentinel. */
const RAW_NUMBERS: Record<string, string> = {
  "@@NaN@@": "1e999",
  "@@NINF@@": "-1e999",
  "@@NEG0@@": "-0",
  "@@BIG@@": "1" + "0".repeat(400),
};

function hostileText(r: Rng): string {
  const parts = [MARK];
  for (let i = r.int(4); i > 0; i--) parts.push(r.pick([...ODD_TEXT, ...BIDI, ...PROTOTYPE_KEYS]));
  return parts.join("");
}

/** Node and port ids: plain, prototype keys, Unicode, bidi, too long, empty. */
function hostileId(r: Rng, plain: string): string {
  switch (r.int(8)) {
    case 0:
      return r.pick(PROTOTYPE_KEYS);
    case 1:
      return `${plain}${r.pick(["é", "日", "🦊", "-", " ", "$"])}`;
    case 2:
      return `${plain}${r.pick(BIDI)}`;
    case 3:
      return r.next() < 0.5 ? "" : "x".repeat(128 + r.int(2));
    default:
      return plain;
  }
}

const chance = (r: Rng, p: number) => r.next() < p;

/** A random JSON value of any type, for type confusion. */
function anyValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return r.pick(NUMBERS);
    case 2:
      return r.pick(Object.keys(RAW_NUMBERS));
    case 3:
      return chance(r, 0.5);
    case 4:
      return hostileText(r);
    case 5:
      return Array.from({ length: r.int(4) }, () => anyValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--)
        o[r.pick(["id", "type", "x", "name", "toString", "valueOf", hostileText(r)])] = anyValue(r, depth + 1);
      return o;
    }
  }
}

/** Every (container, key) in a JSON tree, for picking a spot to damage. */
function spots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), spots(v, out)));
  else if (value !== null && typeof value === "object") {
    for (const k of Object.keys(value)) {
      out.push([value as Record<string, unknown>, k]);
      spots((value as Record<string, unknown>)[k], out);
    }
  }
  return out;
}

/** Damages a JSON tree in place a few times: type confusion, odd numbers, prototype keys, deletions. */
function damage(r: Rng, doc: unknown): void {
  for (let n = 1 + r.int(3); n > 0; n--) {
    const all = spots(doc);
    if (all.length === 0) return;
    const [container, key] = all[r.int(all.length)];
    const c = container as Record<string | number, unknown>;
    switch (r.int(6)) {
      case 0:
        c[key] = anyValue(r);
        break;
      case 1:
        c[key] = r.pick([...NUMBERS, ...Object.keys(RAW_NUMBERS)]);
        break;
      case 2:
        if (!Array.isArray(container)) delete c[key];
        break;
      case 3:
        if (typeof c[key] === "string") c[key] = hostileId(r, String(c[key]));
        break;
      case 4:
        // A prototype key as an object key ("__proto__", "constructor" are refused, the rest are data).
        if (!Array.isArray(container))
          Object.defineProperty(container, r.pick(PROTOTYPE_KEYS), {
            value: anyValue(r),
            enumerable: true,
            configurable: true,
            writable: true,
          });
        break;
      default:
        if (Array.isArray(c[key])) (c[key] as unknown[]).push(...(c[key] as unknown[]).slice(0, 2));
    }
  }
}

/** JSON text with the number sentinels written raw. */
export function toText(value: unknown): string {
  let text = JSON.stringify(value) ?? "null";
  for (const [s, raw] of Object.entries(RAW_NUMBERS)) text = text.split(JSON.stringify(s)).join(raw);
  return text;
}

/** Labels, names and group port names of a document replaced by hostile text (ids untouched). */
export function dress(r: Rng, doc: GraphDocument): GraphDocument {
  const label = (n: GraphNode): GraphNode => (chance(r, 0.4) ? { ...n, label: hostileText(r).slice(0, 200) } : n);
  return {
    ...doc,
    name: hostileText(r),
    nodes: doc.nodes.map(label),
    groups: doc.groups.map((g) => ({ ...g, name: hostileText(r).slice(0, 200), nodes: g.nodes.map(label) })),
    meta: chance(r, 0.3) ? { description: hostileText(r) } : doc.meta,
  };
}

/** Renames node and body ids consistently to prototype keys and odd strings (so the graph stays wired). */
function renameIds(r: Rng, doc: GraphDocument): GraphDocument {
  const bodies = new Map(doc.groups.map((g) => [g.id, chance(r, 0.3) ? hostileId(r, g.id) : g.id]));
  const scope = (nodes: GraphNode[], edges: GraphEdge[]) => {
    const ids = new Map(nodes.map((n) => [n.id, chance(r, 0.2) ? hostileId(r, n.id) : n.id]));
    return {
      nodes: nodes.map((n) => ({
        ...n,
        id: ids.get(n.id)!,
        params: n.type === "Group" ? { ...n.params, group: bodies.get(String(n.params.group)) ?? n.params.group } : n.params,
      })),
      edges: edges.map((e) => ({ ...e, source: ids.get(e.source) ?? e.source, target: ids.get(e.target) ?? e.target })),
    };
  };
  return {
    ...doc,
    ...scope(doc.nodes, doc.edges),
    groups: doc.groups.map((g) => ({ ...g, id: bodies.get(g.id)!, ...scope(g.nodes, g.edges) })),
  };
}

/** Port names of group bodies renamed (the Group nodes' wires along), to prototype keys among others. */
function renamePorts(r: Rng, doc: GraphDocument): GraphDocument {
  const name = r.pick([...PROTOTYPE_KEYS, "x2", `${MARK}é`, "_"]);
  const groups = doc.groups.map((g) => ({
    ...g,
    nodes: g.nodes.map((n) =>
      (n.type === "GroupInput" || n.type === "GroupOutput") && n.params.name === "x" ? { ...n, params: { ...n.params, name } } : n,
    ),
  }));
  const bodies = new Set(doc.groups.map((g) => g.id));
  const users = (nodes: GraphNode[]) =>
    new Set(nodes.filter((n) => n.type === "Group" && bodies.has(String(n.params.group))).map((n) => n.id));
  const wires = (nodes: GraphNode[], edges: GraphEdge[]) => {
    const u = users(nodes);
    return edges.map((e) => ({
      ...e,
      sourcePort: u.has(e.source) && e.sourcePort === "x" ? name : e.sourcePort,
      targetPort: u.has(e.target) && e.targetPort === "x" ? name : e.targetPort,
    }));
  };
  return { ...doc, edges: wires(doc.nodes, doc.edges), groups: groups.map((g) => ({ ...g, edges: wires(g.nodes, g.edges) })) };
}

/** Group bodies that run each other (A → B → A) or themselves. */
function groupCycle(r: Rng): GraphDocument {
  const n = 1 + r.int(3);
  const groups: GroupDef[] = Array.from({ length: n }, (_, k) => ({
    id: `g${k}`,
    name: `${MARK} ${k}`,
    nodes: [
      node("gin", "GroupInput", { name: "x" }),
      node("inner", "Group", { group: `g${(k + 1) % n}`, repeat: 1 + r.int(3) }),
      node("gout", "GroupOutput", { name: "x" }),
    ],
    edges: [edge("b1", "gin", "inner"), edge("b2", "inner", "gout", "x", "x")],
  }));
  const d = nestedRepeats(1, 1);
  return { ...d, nodes: d.nodes.map((x) => (x.type === "Group" ? { ...x, params: { group: "g0", repeat: 1 } } : x)), groups };
}

/** One hostile document; `index` picks the generator so every kind is covered in every run. */
export function hostileDocument(seed: number, index: number): HostileDoc {
  const r = createRng(seed * 1_000_003 + index);
  const kind = KINDS[index % KINDS.length];
  return { kind, ...kindGenerators[kind](r) };
}

type Generator = (r: Rng) => { text: string; pathological: boolean };
const small = (doc: unknown) => ({ text: toText(doc), pathological: false });
const big = (doc: unknown) => ({ text: toText(doc), pathological: true });

const kindGenerators: Record<string, Generator> = {
  /** A valid random graph with hostile labels and names: accepted, analysed, exported. */
  valid: (r) => small(dress(r, randomGraph(r.int(1e9)))),
  /** Ids and port names that are prototype keys, Unicode or bidi, consistently renamed. */
  ids: (r) => small(renamePorts(r, renameIds(r, dress(r, randomGraph(r.int(1e9)))))),
  /** Type confusion, odd numbers, deletions and prototype keys anywhere. */
  damaged: (r) => {
    const d = JSON.parse(JSON.stringify(randomGraph(r.int(1e9)))) as unknown;
    damage(r, d);
    return small(d);
  },
  /** Huge, negative, fractional and non-finite dims and repeats. */
  dims: (r) => {
    const d = JSON.parse(JSON.stringify(randomGraph(r.int(1e9)))) as GraphDocument;
    for (const n of [...d.nodes, ...d.groups.flatMap((g) => g.nodes)]) {
      for (const k of ["units", "features", "seqLen", "vocabSize", "dim", "heads", "repeat", "maxLen", "axis", "rate", "eps"]) {
        if (k in n.params && chance(r, 0.3)) n.params[k] = r.pick([...NUMBERS, ...Object.keys(RAW_NUMBERS)]);
      }
    }
    return small(d);
  },
  /** Bodies that contain themselves, directly or through others. */
  cycles: (r) => small(chance(r, 0.5) ? groupCycle(r) : ring(2 + r.int(40))),
  /** Blocks nested up to past the depth limit, repeated or doubled per level. */
  nesting: (r) => big(chance(r, 0.5) ? nestedRepeats(1 + r.int(40), 1 + r.int(3)) : doubling(1 + r.int(20))),
  /** Repeats whose product is small, at the limit or astronomically past it. */
  repeats: (r) => big(nestedRepeats(1 + r.int(4), r.pick([1, 2, 3, 16, 256]))),
  /** Wide fan-in (around the inputs-per-port limit) and fan-out. */
  fan: (r) => {
    if (chance(r, 0.5)) return big(fanIn(r.pick([2, 50, 1023, 1024, 1025, 1500])));
    const d = chain(1);
    const outs = Array.from({ length: 50 + r.int(500) }, (_, i) => node(`o${i}`, "Output", { kind: "regression" }));
    return big({ ...d, nodes: [...d.nodes, ...outs], edges: [...d.edges, ...outs.map((o, i) => edge(`fo${i}`, "a0", o.id))] });
  },
  /** Long chains (valid) and long cycles. */
  chains: (r) => big(chance(r, 0.7) ? chain(1 + r.int(r.next() < 0.1 ? 3000 : 300)) : ring(10 + r.int(r.next() < 0.1 ? 3000 : 300))),
  /** Not a document: random JSON, cut text, wrong format and versions (what migrations see). */
  junk: (r) => {
    const base = JSON.parse(JSON.stringify(randomGraph(r.int(1e9)))) as Record<string, unknown>;
    switch (r.int(5)) {
      case 0:
        return small(anyValue(r));
      case 1:
        return { text: toText(base).slice(0, r.int(400)), pathological: false };
      case 2:
        return small({ ...base, version: r.pick([0, -1, 1.5, "1", 2, 999, null, 1e308, "@@NaN@@"]) });
      case 3:
        return small({ ...base, format: r.pick(["tensorloom.graph ", "", null, 1, MARK]) });
      default: {
        const { version: _v, ...rest } = base;
        return small(chance(r, 0.5) ? rest : [base]);
      }
    }
  },
};

const KINDS = Object.keys(kindGenerators);
export const GENERATOR_KINDS: readonly string[] = KINDS;
