import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  GRAPH_VERSION,
  MAX_DOCUMENT_CHARS,
  MAX_ERRORS,
  parseGraph,
  serializeGraph,
  type DocError,
  type ParseResult,
} from "@/graph/document";
import type { GraphDocument } from "@/graph/types";

const FIXTURES = join(__dirname, "..", "fixtures");
const BAD = join(FIXTURES, "bad-documents");

/** A small valid document as plain data; tests change a copy of it. */
function tinyMlp(): Record<string, any> {
  return {
    format: "tensorloom.graph",
    version: 1,
    name: "Tiny MLP",
    nodes: [
      {
        id: "in",
        type: "Input",
        params: { kind: "features", features: 4, seqLen: 64, vocabSize: 65, lengthName: "T" },
        position: { x: 0, y: 0 },
      },
      {
        id: "hidden",
        type: "Linear",
        label: "Hidden",
        params: { units: 16, bias: true, tieTo: "", init: "glorot" },
        position: { x: 200, y: 0 },
      },
      { id: "out", type: "Output", params: { kind: "classification" }, position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "in", sourcePort: "out", target: "hidden", targetPort: "x" },
      { id: "e2", source: "hidden", sourcePort: "out", target: "out", targetPort: "x" },
    ],
    groups: [],
    meta: {},
  };
}

function parseObject(doc: unknown): ParseResult {
  return parseGraph(JSON.stringify(doc));
}

function accepted(text: string): { graph: GraphDocument; repairs: { path: string; message: string }[] } {
  const r = parseGraph(text);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors, null, 2)}`);
  return r;
}

function rejected(text: string): DocError[] {
  const r = parseGraph(text);
  if (r.ok) throw new Error("expected the document to be rejected");
  return r.errors;
}

function prototypesClean(): boolean {
  return (
    ({} as Record<string, unknown>).polluted === undefined && Object.getOwnPropertyNames(Object.prototype).every((k) => k !== "polluted")
  );
}

describe("bad documents in tests/fixtures/bad-documents", () => {
  const expected: Record<string, { code: string; path: string | null }> = JSON.parse(readFileSync(join(BAD, "expected.json"), "utf8"));
  const files = readdirSync(BAD)
    .filter((f) => f !== "expected.json")
    .sort();

  it("has at least 14 documents, each listed in expected.json and each entry backed by a file", () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    expect(files.filter((f) => !(f in expected))).toEqual([]);
    expect(Object.keys(expected).filter((f) => !f.startsWith("_") && !files.includes(f))).toEqual([]);
  });

  it.each(files)("%s is rejected with its expected code and path", (file) => {
    const want = expected[file];
    const errors = rejected(readFileSync(join(BAD, file), "utf8"));
    // Each fixture holds exactly one kind of problem, so every error carries that code.
    expect(errors.map((e) => e.code)).toEqual(errors.map(() => want.code));
    if (want.path !== null) expect(errors.map((e) => e.path)).toContain(want.path);
    for (const e of errors) if (e.path !== "") expect(e.message).toContain(e.path);
  });
});

describe("parseGraph accepts and repairs", () => {
  it("reads a valid document without repairs and keeps every field", () => {
    const { graph, repairs } = accepted(JSON.stringify(tinyMlp()));
    expect(repairs).toEqual([]);
    expect(graph.version).toBe(GRAPH_VERSION);
    expect(graph.nodes.map((n) => n.id)).toEqual(["in", "hidden", "out"]);
    expect(graph.nodes[1].label).toBe("Hidden");
  });

  it("fills missing params with the block's defaults, listing one repair per param", () => {
    const doc = tinyMlp();
    doc.nodes[1].params = { bias: false };
    const { graph, repairs } = accepted(JSON.stringify(doc));
    expect(graph.nodes[1].params).toEqual({ units: 64, bias: false, tieTo: "", init: "glorot" });
    expect(repairs).toEqual([
      { path: "nodes[1].params.units", message: "nodes[1].params.units: set to default 64" },
      { path: "nodes[1].params.tieTo", message: 'nodes[1].params.tieTo: set to default ""' },
      { path: "nodes[1].params.init", message: 'nodes[1].params.init: set to default "glorot"' },
    ]);
  });

  it("repairs missing meta, groups, name, position and params, and drops unknown keys, listing each", () => {
    const doc = {
      format: "tensorloom.graph",
      version: 1,
      colour: "red",
      nodes: [
        { id: "in", type: "Input", params: { kind: "features", features: 3, seqLen: 64, vocabSize: 65, lengthName: "T" }, selected: true },
        {
          id: "lin",
          type: "Linear",
          params: { units: 8, bias: false, tieTo: "", init: "normal02", activation: "relu" },
          position: { x: 1, y: 2, z: 3 },
        },
        { id: "out", type: "Output", position: { x: 3, y: 4 } },
      ],
      edges: [{ id: "e", source: "in", sourcePort: "out", target: "lin", targetPort: "x", animated: true }],
    };
    const { graph, repairs } = accepted(JSON.stringify(doc));
    expect(repairs.map((r) => r.path).sort()).toEqual(
      [
        "colour",
        "edges[0].animated",
        "groups",
        "meta",
        "name",
        "nodes[0].position",
        "nodes[0].selected",
        "nodes[1].params.activation",
        "nodes[1].position.z",
        "nodes[2].params",
        "nodes[2].params.kind",
      ].sort(),
    );
    expect(graph.meta).toEqual({});
    expect(graph.groups).toEqual([]);
    expect(graph.nodes[0].position).toEqual({ x: 0, y: 0 });
    expect(graph.nodes[1].params).toEqual({ units: 8, bias: false, tieTo: "", init: "normal02" });
    expect(graph.nodes[2].params).toEqual({ kind: "classification" });
    expect(Object.keys(graph)).not.toContain("colour");
    for (const r of repairs) expect(r.message.startsWith(`${r.path}: `)).toBe(true);
  });

  it("allows the same node id at the top level and inside a group body", () => {
    const doc = JSON.parse(readFileSync(join(FIXTURES, "migrations", "v1-basic.json"), "utf8"));
    doc.groups[0].nodes[1].id = "head";
    doc.groups[0].edges[0].target = "head";
    doc.groups[0].edges[1].source = "head";
    expect(parseObject(doc).ok).toBe(true);
  });

  it("turns -0 into 0 so the document round-trips exactly", () => {
    const { graph } = accepted(JSON.stringify(tinyMlp()).replace('"x":200', '"x":-0'));
    expect(Object.is(graph.nodes[1].position.x, 0)).toBe(true);
  });
});

describe("serializeGraph", () => {
  const v1 = readFileSync(join(FIXTURES, "migrations", "v1-basic.json"), "utf8");

  it("round-trips: parse(serialize(g)) equals g with no repairs", () => {
    for (const text of [v1, JSON.stringify(tinyMlp())]) {
      const { graph } = accepted(text);
      const again = accepted(serializeGraph(graph));
      expect(again.repairs).toEqual([]);
      expect(again.graph).toEqual(graph);
      expect(serializeGraph(again.graph)).toBe(serializeGraph(graph));
    }
  });

  it("writes 2-space JSON with keys in a fixed order, whatever order the input had", () => {
    const { graph } = accepted(v1);
    const text = serializeGraph(graph);
    expect(text.split("\n")[1]).toBe('  "format": "tensorloom.graph",');
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual(["format", "version", "name", "nodes", "edges", "groups", "meta"]);
    expect(Object.keys(data.nodes[0])).toEqual(["id", "type", "label", "params", "position"]);
    expect(Object.keys(data.edges[0])).toEqual(["id", "source", "sourcePort", "target", "targetPort"]);
    expect(Object.keys(data.nodes[0].params)).toEqual([...Object.keys(data.nodes[0].params)].sort());

    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reversed(x)]),
            )
          : v;
    expect(serializeGraph(accepted(JSON.stringify(reversed(JSON.parse(v1)))).graph)).toBe(text);
  });

  it("does not modify the graph it writes", () => {
    const { graph } = accepted(v1);
    const before = structuredClone(graph);
    const freeze = (v: unknown): void => {
      if (v && typeof v === "object") {
        Object.freeze(v);
        Object.values(v).forEach(freeze);
      }
    };
    freeze(graph);
    serializeGraph(graph);
    expect(graph).toEqual(before);
  });

  it("returns fresh objects on every parse, so editing one result leaves the next alone", () => {
    const a = accepted(v1).graph;
    a.nodes[0].params.features = 999;
    expect(accepted(v1).graph.nodes[0].params.features).toBe(4);
  });

  it("keeps code-looking strings and method-named keys as plain data", () => {
    const doc = tinyMlp();
    doc.nodes[1].label = '"); process.exit(1); //';
    doc.meta = { description: "</script><script>alert(1)</script>", training: { toJSON: "x", valueOf: 1, hasOwnProperty: [] } };
    const { graph } = accepted(JSON.stringify(doc));
    expect(graph.meta.training).toEqual({ toJSON: "x", valueOf: 1, hasOwnProperty: [] });
    expect(accepted(serializeGraph(graph)).graph).toEqual(graph);
  });
});

describe("parseGraph rejects", () => {
  it("text over the size limit before parsing it", () => {
    const errors = rejected(" ".repeat(MAX_DOCUMENT_CHARS + 1));
    expect(errors).toEqual([expect.objectContaining({ code: "too-large", path: "" })]);
    expect(errors[0].message).toContain("10 MB");
  });

  it("invalid JSON with the position of the problem", () => {
    const [e] = rejected('{"format": "tensorloom.graph",, }');
    expect(e.code).toBe("invalid-json");
    expect(e.message).toMatch(/position \d+/);
  });

  it("a newer version, telling the user to update the app", () => {
    const [e] = rejected(JSON.stringify({ ...tinyMlp(), version: GRAPH_VERSION + 1 }));
    expect(e.code).toBe("version-too-new");
    expect(e.message).toMatch(/update/i);
  });

  it("out-of-range params with a message naming the node, the param and the allowed range", () => {
    const doc = tinyMlp();
    doc.nodes[1].params.units = -3;
    const [e] = rejected(JSON.stringify(doc));
    expect(e).toMatchObject({ code: "invalid-param", path: "nodes[1].params.units" });
    expect(e.message).toContain('"hidden"');
    expect(e.message).toContain('"units"');
    expect(e.message).toContain("-3");
    expect(e.message).toContain("an integer from 1 to 1000000");
  });

  it("a Group node in a group body that names no group", () => {
    const doc = JSON.parse(readFileSync(join(FIXTURES, "migrations", "v1-basic.json"), "utf8"));
    doc.groups[0].nodes.push({ id: "inner", type: "Group", params: { group: "ghost", repeat: 1 }, position: { x: 0, y: 0 } });
    const errors = rejected(JSON.stringify(doc));
    expect(errors).toEqual([expect.objectContaining({ code: "unknown-group", path: "groups[0].nodes[4].params.group" })]);
    expect(errors[0].message).toContain('"ghost"');
  });

  it("with every problem listed, not just the first", () => {
    const doc = tinyMlp();
    doc.nodes[0].type = "Conv9D";
    doc.nodes[2].id = "hidden";
    doc.edges[1].target = "nowhere";
    doc.nodes[1].params.units = null; // patched to 1e999 (JSON for Infinity) below
    const text = JSON.stringify(doc).replace('"units":null', '"units":1e999');
    const codes = rejected(text)
      .map((e) => e.code)
      .sort();
    expect(codes).toEqual(["dangling-edge", "duplicate-id", "non-finite", "unknown-block"]);
  });

  it("with at most MAX_ERRORS errors", () => {
    const doc = tinyMlp();
    doc.edges = Array.from({ length: 500 }, (_, i) => ({ id: `e${i}`, source: "a", sourcePort: "out", target: "b", targetPort: "x" }));
    expect(rejected(JSON.stringify(doc)).length).toBe(MAX_ERRORS);
  });

  it("anything that is not text, without throwing", () => {
    for (const value of [undefined, null, 42, {}, [], Symbol("s")]) {
      const r = parseGraph(value as unknown as string);
      expect(r.ok).toBe(false);
    }
  });
});

describe("no prototype pollution", () => {
  const payload = '{"__proto__":{"polluted":1}}';
  const ctor = '{"constructor":{"prototype":{"polluted":1}}}';
  const places: [string, (p: string) => string, string][] = [
    ["the top level", (p) => JSON.stringify(tinyMlp()).replace(/^\{/, `${p.slice(0, -1)},`), ""],
    ["meta", (p) => JSON.stringify(tinyMlp()).replace('"meta":{}', `"meta":${p}`), "meta"],
    ["meta.training", (p) => JSON.stringify(tinyMlp()).replace('"meta":{}', `"meta":{"training":${p}}`), "meta.training"],
    ["node params", (p) => JSON.stringify(tinyMlp()).replace(/"params":\{"units":16[^}]*\}/, `"params":${p}`), "nodes[1].params"],
    ["a node", (p) => JSON.stringify(tinyMlp()).replace('{"id":"in",', `${p.slice(0, -1)},"id":"in",`), "nodes[0]"],
    ["a position", (p) => JSON.stringify(tinyMlp()).replace('"position":{"x":0,"y":0}', `"position":${p}`), "nodes[0].position"],
    ["an edge", (p) => JSON.stringify(tinyMlp()).replace('{"id":"e1",', `${p.slice(0, -1)},"id":"e1",`), "edges[0]"],
    [
      "a nested array",
      (p) => JSON.stringify(tinyMlp()).replace('"meta":{}', `"meta":{"training":{"list":[[1,${p}]]}}`),
      "meta.training.list[0][1]",
    ],
  ];

  it.each(places)("rejects __proto__ and constructor in %s, and Object.prototype stays clean", (_name, place, parent) => {
    for (const [p, key] of [
      [payload, ".__proto__"],
      [ctor, ".constructor"],
    ]) {
      const text = place(p);
      expect(text).toContain(p.slice(1, 14));
      const errors = rejected(text);
      expect(errors.map((e) => e.code)).toEqual(["forbidden-key"]);
      const expectedPath = parent === "" ? key.replace(/^\./, "") : parent + key;
      expect(errors[0].path).toBe(expectedPath);
      expect(prototypesClean()).toBe(true);
    }
  });

  it("rejects a bare payload document and keeps prototypes clean", () => {
    expect(rejected(payload)[0].code).toBe("forbidden-key");
    expect(prototypesClean()).toBe(true);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
