/**
 * Hostile input for parseGraph: random JSON, random values, valid documents with random
 * damage, and damaged text. Every run checks: nothing throws (an "internal" error would mean
 * something threw inside), Object.prototype stays clean, and every accepted graph round-trips
 * through serializeGraph without repairs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseGraph, serializeGraph } from "@/graph/document";

const SEED = 0x7e2510;
const V1 = readFileSync(join(__dirname, "..", "fixtures", "migrations", "v1-basic.json"), "utf8");

type Tally = { runs: number; accepted: number };

/** Parses `text` and checks the invariants; returns whether the document was accepted. */
function check(text: string, tally: Tally): void {
  tally.runs++;
  const r = parseGraph(text);
  if (!r.ok) {
    expect(r.errors.length).toBeGreaterThan(0);
    const internal = r.errors.find((e) => e.code === "internal");
    if (internal) throw new Error(`parseGraph threw inside: ${internal.message}`);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(PROTO_KEYS);
  expect(Object.getOwnPropertyNames(Array.prototype)).toEqual(ARRAY_PROTO_KEYS);
  if (r.ok) {
    tally.accepted++;
    const again = parseGraph(serializeGraph(r.graph));
    if (!again.ok) throw new Error(`serialized graph rejected: ${JSON.stringify(again.errors)}`);
    expect(again.repairs).toEqual([]);
    expect(again.graph).toEqual(r.graph);
  }
}

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype);
const ARRAY_PROTO_KEYS = Object.getOwnPropertyNames(Array.prototype);

// Values JSON.stringify cannot write are passed as sentinels and spliced into the text.
const SENTINELS: Record<string, string> = {
  "@@INF@@": "1e999",
  "@@NINF@@": "-1e999",
  "@@NEG0@@": "-0",
  "@@HUGE@@": "123456789012345678901234567890e300",
  "@@DEEP@@": `${"[".repeat(5000)}${"]".repeat(5000)}`,
  "@@DEEPOBJ@@": `${'{"a":'.repeat(200)}1${"}".repeat(200)}`,
};

function toText(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? "undefined";
  } catch {
    text = "{}";
  }
  for (const [sentinel, raw] of Object.entries(SENTINELS)) text = text.split(JSON.stringify(sentinel)).join(raw);
  return text;
}

/** An object holding an own `key`, even for `__proto__`, as JSON.parse would build it. */
function withOwnKey(key: string, value: unknown): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

const hostileKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toJSON", "valueOf", "hasOwnProperty", "", "units", "id", "group", "nodes"),
  fc.string({ unit: "binary", maxLength: 12 }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    ...Object.keys(SENTINELS),
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    1e308,
    -1e308,
    2 ** 53 + 2,
    -1,
    0,
    0.5,
    1,
    "",
    null,
    true,
    false,
    [],
    {},
  ),
  fc.constant(null).map(() => JSON.parse('{"__proto__":{"polluted":1}}')),
  fc.constant(null).map(() => ({ constructor: { prototype: { polluted: 1 } } })),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ minLength: 120, maxLength: 260 }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.tuple(hostileKey, fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => withOwnKey(k, v)),
);

// ---------------------------------------------------------------------------------------------
// Valid-ish documents built from blocks that always exist

const id = fc.oneof(fc.constantFrom("a", "b", "c", "in", "out", "x"), fc.string({ minLength: 1, maxLength: 8 }));
const position = fc.record({ x: fc.double({ noNaN: true, min: -1e6, max: 1e6 }), y: fc.integer({ min: -5000, max: 5000 }) });
const label = fc.option(fc.string({ unit: "binary", maxLength: 210 }), { nil: undefined });

const node = fc.oneof(
  fc.record({
    id,
    type: fc.constant("Input"),
    label,
    position,
    params: fc.record(
      { kind: fc.constantFrom("features", "tokens", "sequence"), features: fc.integer({ min: -2, max: 2000 }) },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    id,
    type: fc.constant("Linear"),
    label,
    position,
    params: fc.record(
      { units: fc.integer({ min: 0, max: 4096 }), bias: fc.boolean(), tieTo: fc.string({ maxLength: 8 }) },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    id,
    type: fc.constant("Output"),
    position,
    params: fc.record({ kind: fc.constantFrom("classification", "language_model", "regression") }, { requiredKeys: [] }),
  }),
  fc.record({
    id,
    type: fc.constant("Group"),
    position,
    params: fc.record({ group: fc.constantFrom("g1", "g2", "nope"), repeat: fc.integer({ min: 0, max: 300 }) }),
  }),
);
const bodyNode = fc.oneof(
  node,
  fc.record({ id, type: fc.constantFrom("GroupInput", "GroupOutput"), position, params: fc.record({ name: fc.constantFrom("x", "y") }) }),
);

function edgesFor(nodes: { id: string }[]) {
  const ids = nodes.length > 0 ? nodes.map((n) => n.id) : ["a"];
  const end = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: id });
  return fc.uniqueArray(fc.record({ id, source: end, sourcePort: fc.constant("out"), target: end, targetPort: fc.constant("x") }), {
    maxLength: 6,
    selector: (e) => e.id,
  });
}

function scope<N extends { id: string }>(nodeArb: fc.Arbitrary<N>) {
  return fc
    .uniqueArray(nodeArb, { maxLength: 6, selector: (n) => n.id })
    .chain((nodes) => edgesFor(nodes).map((edges) => ({ nodes, edges })));
}

const group = fc
  .tuple(fc.constantFrom("g1", "g2"), fc.string({ maxLength: 20 }), scope(bodyNode))
  .map(([gid, name, s]) => ({ id: gid, name, ...s }));

const document = fc
  .record({
    name: fc.string({ unit: "binary", maxLength: 30 }),
    top: scope(node),
    groups: fc.uniqueArray(group, { maxLength: 2, selector: (g) => g.id }),
    meta: fc.record(
      { description: fc.string({ maxLength: 30 }), training: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })) },
      { requiredKeys: [] },
    ),
  })
  .map(({ name, top, groups, meta }) => ({
    format: "tensorloom.graph",
    version: 1,
    name,
    nodes: top.nodes,
    edges: top.edges,
    groups,
    meta,
  }));

// ---------------------------------------------------------------------------------------------
// Damage

type Mutation = { target: number; pick: number; op: "delete" | "replace" | "add" | "wrap" | "stringify"; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  target: fc.nat(),
  pick: fc.nat(),
  op: fc.constantFrom("delete", "replace", "add", "wrap", "stringify"),
  key: hostileKey,
  value: hostileValue,
});

function containers(value: unknown, out: (Record<string, unknown> | unknown[])[] = []): (Record<string, unknown> | unknown[])[] {
  if (value !== null && typeof value === "object") {
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

/** A deep copy through JSON, so fast-check's own values are never mutated. */
function copy<T>(value: T): T {
  const text = JSON.stringify(value);
  return text === undefined ? value : JSON.parse(text);
}

/** Applies one mutation in place (to a private copy). */
function damage(doc: unknown, m: Mutation): void {
  const all = containers(doc);
  if (all.length === 0) return;
  const target = all[m.target % all.length];
  const keys = Object.keys(target);
  const key = keys.length > 0 ? keys[m.pick % keys.length] : undefined;
  const put = (k: string, v: unknown) =>
    Object.defineProperty(target, k, { value: copy(v), enumerable: true, writable: true, configurable: true });
  if (m.op === "add" || key === undefined) {
    if (Array.isArray(target)) target.push(copy(m.value));
    else put(m.key, m.value);
  } else if (m.op === "delete") {
    if (Array.isArray(target)) target.splice(Number(key), 1);
    else delete (target as Record<string, unknown>)[key];
  } else {
    const old = (target as Record<string, unknown>)[key];
    put(key, m.op === "replace" ? m.value : m.op === "wrap" ? [old] : typeof old === "object" ? JSON.stringify(old) : String(old));
  }
}

const textEdit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 20 }),
  insert: fc.oneof(
    fc.string({ unit: "binary", maxLength: 6 }),
    fc.constantFrom('"__proto__":', ",", "}", "]", "1e999", "-0", '"', "\\u0000", "{", "["),
  ),
});

function editText(text: string, edits: { at: number; remove: number; insert: string }[]): string {
  let out = text;
  for (const e of edits) {
    const i = e.at % (out.length + 1);
    out = out.slice(0, i) + e.insert + out.slice(i + e.remove);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe("parseGraph under hostile input (fixed seed)", () => {
  const options = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });

  it("survives random JSON text", () => {
    const tally = { runs: 0, accepted: 0 };
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => check(text, tally)),
      options(500),
    );
    expect(tally.runs).toBe(500);
  });

  it("survives random values with hostile keys, stringified", () => {
    const tally = { runs: 0, accepted: 0 };
    const anything = fc.anything({ maxDepth: 4, key: hostileKey, withNullPrototype: true, withObjectString: true });
    fc.assert(
      fc.property(fc.oneof(anything, hostileValue), (value) => check(toText(value), tally)),
      options(400),
    );
    expect(tally.runs).toBe(400);
  });

  it("accepts or cleanly rejects generated documents, and every accepted one round-trips", () => {
    const tally = { runs: 0, accepted: 0 };
    fc.assert(
      fc.property(document, (doc) => check(toText(doc), tally)),
      options(600),
    );
    // The round-trip property must not be vacuous.
    expect(tally.accepted).toBeGreaterThan(50);
  });

  it("survives valid documents with random damage", () => {
    const tally = { runs: 0, accepted: 0 };
    const base = fc.oneof(
      fc.constant(null).map(() => JSON.parse(V1) as unknown),
      document,
    );
    fc.assert(
      fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), (generated, mutations) => {
        const doc = copy(generated);
        for (const m of mutations) damage(doc, m);
        check(toText(doc), tally);
      }),
      options(1200),
    );
    expect(tally.accepted).toBeGreaterThan(20);
  });

  it("survives damaged document text", () => {
    const tally = { runs: 0, accepted: 0 };
    fc.assert(
      fc.property(fc.array(textEdit, { minLength: 1, maxLength: 3 }), (edits) => check(editText(V1, edits), tally)),
      options(400),
    );
    expect(tally.runs).toBe(400);
  });
});
