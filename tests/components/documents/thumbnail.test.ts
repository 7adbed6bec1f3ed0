/** The gallery thumbnail: columns follow the data flow, boxes never overlap, wires join boxes. */
import { describe, expect, test } from "vitest";
import { createBuilder, GRAPH_FORMAT } from "@/graph";
import type { GraphDocument } from "@/graph";
import { thumbnailLayout, THUMBNAIL_METRICS } from "@/components/documents/thumbnail";
import { buildPreset, presets } from "@/presets";

function build(id: string) {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
}

function byId(doc: GraphDocument) {
  return new Map(thumbnailLayout(doc).nodes.map((n) => [n.id, n]));
}

describe("thumbnailLayout", () => {
  test("a chain is one row, one column per block, in flow order", () => {
    const layout = thumbnailLayout(build("mlp"));
    // input, 3 × (linear, activation), logits, loss
    expect(layout.columns).toBe(9);
    expect(layout.nodes.map((n) => n.column)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(layout.nodes.map((n) => n.y)).size).toBe(1);
    expect(layout.nodes[0]).toMatchObject({ id: "input", category: "io" });
    expect(layout.nodes[1].category).toBe("core");
  });

  test("a node's column is its longest path from an input; a residual branch stacks in its column", () => {
    const b = createBuilder("residual");
    const x = b.node("Input", { kind: "features", features: 8 }, {}, { id: "x" });
    const h = b.node("Linear", { units: 8 }, { x }, { id: "h" });
    const a = b.node("Activation", {}, { x: h }, { id: "a" });
    const skip = b.node("Linear", { units: 8 }, { x }, { id: "skip" });
    const sum = b.node("Add", {}, { x: [a, skip] }, { id: "sum" });
    b.node("Output", { kind: "regression" }, { x: sum }, { id: "out" });
    const nodes = byId(b.build());
    expect(["x", "h", "skip", "a", "sum", "out"].map((id) => nodes.get(id)!.column)).toEqual([0, 1, 1, 2, 3, 4]);
    expect(nodes.get("h")!.x).toBe(nodes.get("skip")!.x);
    expect(nodes.get("skip")!.y).toBeGreaterThan(nodes.get("h")!.y);
  });

  test.each(presets.map((p) => p.id))(
    "%s: every box inside the drawing, none overlapping, every wire from a right edge to a left edge",
    (id) => {
      const doc = build(id);
      const layout = thumbnailLayout(doc);
      expect(layout.nodes).toHaveLength(doc.nodes.length);
      expect(layout.edges).toHaveLength(doc.edges.length);
      for (const n of layout.nodes) {
        expect(n.x).toBeGreaterThanOrEqual(0);
        expect(n.y).toBeGreaterThanOrEqual(0);
        expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
        expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
        expect(n.category).not.toBe("unknown");
      }
      for (const [i, a] of layout.nodes.entries()) {
        for (const b of layout.nodes.slice(i + 1)) {
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
        }
      }
      const nodes = new Map(layout.nodes.map((n) => [n.id, n]));
      for (const e of doc.edges) {
        const wire = layout.edges.find((w) => w.id === e.id)!;
        expect(wire.x1).toBe(nodes.get(e.source)!.x + THUMBNAIL_METRICS.nodeWidth);
        expect(wire.x2).toBe(nodes.get(e.target)!.x);
        expect(wire.x2).toBeGreaterThan(wire.x1); // data flows left to right
      }
    },
  );

  test("the GPT's repeated block is one box: the thumbnail shows the top level", () => {
    const doc = build("gpt");
    const layout = thumbnailLayout(doc);
    expect(layout.nodes.filter((n) => n.category === "structure").length).toBe(doc.nodes.filter((n) => n.type === "Group").length);
  });

  test("an empty document, a cycle, unknown blocks and dangling edges still draw", () => {
    const empty: GraphDocument = { format: GRAPH_FORMAT, version: 1, name: "e", nodes: [], edges: [], groups: [], meta: {} };
    const blank = thumbnailLayout(empty);
    expect(blank.nodes).toEqual([]);
    expect(blank.width).toBeGreaterThan(0);
    expect(blank.height).toBeGreaterThan(0);

    const node = (id: string, type = "Linear") => ({ id, type, params: {}, position: { x: 0, y: 0 } });
    const edge = (id: string, source: string, target: string) => ({ id, source, sourcePort: "out", target, targetPort: "x" });
    const odd: GraphDocument = {
      ...empty,
      nodes: [node("in", "Input"), node("a"), node("b"), node("alien", "Alien")],
      edges: [edge("e1", "in", "a"), edge("e2", "a", "b"), edge("e3", "b", "a"), edge("e4", "b", "ghost")],
    };
    const layout = thumbnailLayout(odd);
    const cols = new Map(layout.nodes.map((n) => [n.id, n.column]));
    expect(cols.get("in")).toBe(0);
    expect(cols.get("alien")).toBe(0);
    // a and b sit on a cycle: placed after everything else, one column each
    expect([cols.get("a"), cols.get("b")]).toEqual([1, 2]);
    expect(layout.nodes.find((n) => n.id === "alien")!.category).toBe("unknown");
    expect(layout.edges.map((e) => e.id)).toEqual(["e1", "e2", "e3"]);
  });
});
