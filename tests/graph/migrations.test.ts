import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GRAPH_VERSION, parseGraph, serializeGraph } from "@/graph/document";
import { MIGRATIONS, migrate, type Migration } from "@/graph/migrations";

const DIR = join(__dirname, "..", "fixtures", "migrations");
const fixturePath = (name: string) => join(DIR, `${name}.json`);

describe("every migration is tested on a fixture of the old version", () => {
  it("no migration lacks its fixture tests/fixtures/migrations/<name>.json", () => {
    const missing = MIGRATIONS.filter((m) => !existsSync(fixturePath(m.name))).map((m) => `${m.name}.json`);
    expect(missing, "add a document of the old version for each of these migrations").toEqual([]);
  });

  for (const m of MIGRATIONS) {
    it(`${m.name}: its fixture is version ${m.from} and parses to version ${GRAPH_VERSION}`, () => {
      const text = readFileSync(fixturePath(m.name), "utf8");
      expect(JSON.parse(text).version).toBe(m.from);
      const r = parseGraph(text);
      if (!r.ok) throw new Error(`${m.name}.json rejected: ${JSON.stringify(r.errors, null, 2)}`);
      expect(r.graph.version).toBe(GRAPH_VERSION);
      expect(parseGraph(serializeGraph(r.graph))).toEqual({ ok: true, graph: r.graph, repairs: [] });
    });
  }

  it("every fixture is named for a migration or for a version (v<N>-…)", () => {
    const names = new Set(MIGRATIONS.map((m) => `${m.name}.json`));
    const orphans = readdirSync(DIR).filter((f) => !names.has(f) && !/^v\d+-[\w-]+\.json$/.test(f));
    expect(orphans).toEqual([]);
  });
});

describe("the migration list", () => {
  it("is one unbroken chain of single steps from version 1 to GRAPH_VERSION, with unique names", () => {
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
    let version = 1;
    for (const m of MIGRATIONS) {
      expect(m.from, `${m.name} starts where the previous one ended`).toBe(version);
      expect(m.to, `${m.name} moves one version`).toBe(m.from + 1);
      version = m.to;
    }
    expect(version).toBe(GRAPH_VERSION);
  });
});

describe("version 1 documents", () => {
  it("v1-basic.json parses as the current version without repairs", () => {
    const r = parseGraph(readFileSync(fixturePath("v1-basic"), "utf8"));
    if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
    expect(r.repairs).toEqual([]);
    expect(r.graph.version).toBe(GRAPH_VERSION);
    expect(r.graph.name).toBe("MLP with a repeated block");
    expect(r.graph.nodes.find((n) => n.type === "Group")?.params).toEqual({ group: "mlp-block", repeat: 2 });
    expect(r.graph.groups.map((g) => [g.id, g.nodes.length, g.edges.length])).toEqual([["mlp-block", 4, 3]]);
    expect(r.graph.meta.training).toEqual({ dataset: "spirals", lr: 0.01, steps: 500 });
  });
});

describe("migrate() runs a chain", () => {
  const chain: Migration[] = [
    { name: "v1-to-v2-rename", from: 1, to: 2, migrate: (d) => ({ ...(d as object), renamed: true }) },
    { name: "v2-to-v3-add-list", from: 2, to: 3, migrate: (d) => ({ ...(d as object), list: [] }) },
  ];

  it("runs every step from the given version on, sets the version and leaves the input alone", () => {
    const input = Object.freeze({ version: 1, keep: "x" });
    expect(migrate(input, 1, chain)).toEqual({ ok: true, version: 3, doc: { version: 3, keep: "x", renamed: true, list: [] } });
    expect(migrate({ version: 2 }, 2, chain)).toEqual({ ok: true, version: 3, doc: { version: 3, list: [] } });
    expect(migrate({ version: 3 }, 3, chain)).toEqual({ ok: true, version: 3, doc: { version: 3 } });
    expect(input).toEqual({ version: 1, keep: "x" });
  });

  it("reports a step that throws, by name, instead of throwing", () => {
    const broken: Migration[] = [
      {
        name: "v1-to-v2-broken",
        from: 1,
        to: 2,
        migrate: () => {
          throw new Error("boom");
        },
      },
    ];
    expect(migrate({}, 1, broken)).toEqual({ ok: false, migration: "v1-to-v2-broken", message: expect.stringContaining("boom") });
  });

  it("reports a gap in the chain", () => {
    const gap: Migration[] = [{ name: "v2-to-v3", from: 2, to: 3, migrate: (d) => d }];
    expect(migrate({}, 1, gap)).toMatchObject({ ok: false, migration: "v2-to-v3" });
  });

  it("with the real list, leaves a current document as it is", () => {
    expect(migrate({ version: GRAPH_VERSION }, GRAPH_VERSION)).toEqual({
      ok: true,
      version: GRAPH_VERSION,
      doc: { version: GRAPH_VERSION },
    });
  });
});
