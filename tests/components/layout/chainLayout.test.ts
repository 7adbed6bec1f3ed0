import { describe, expect, it } from "vitest";
import { chainLayout } from "@/components/layout/chainLayout";
import { DEFAULT_SIZE } from "@/components/layout/size";
import { buildPreset } from "@/presets";
import type { GraphDocument } from "@/graph";

function preset(id: "mlp" | "gpt" | "transformer"): GraphDocument {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(`preset ${id} failed`);
  return r.graph;
}

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }) {
  return Math.abs(a.x - b.x) < DEFAULT_SIZE.width && Math.abs(a.y - b.y) < DEFAULT_SIZE.height;
}

describe("chainLayout", () => {
  it("wraps the MLP preset (9 blocks) into 3 snaking rows of 3 in wire order: each next block beside the last in the row's direction, or straight below it at a turn", () => {
    const g = preset("mlp");
    const pos = chainLayout(g.nodes, g.edges);
    expect(pos).toBeDefined();
    const p = pos!;
    expect(Object.keys(p)).toHaveLength(g.nodes.length);
    const rows = [...new Set(Object.values(p).map((q) => q.y))].sort((a, b) => a - b);
    expect(rows).toHaveLength(3);
    const column = DEFAULT_SIZE.width + 72;
    for (const e of g.edges) {
      const a = p[e.source];
      const b = p[e.target];
      const row = rows.indexOf(a.y);
      if (b.y === a.y) expect(b.x - a.x, `${e.source} → ${e.target} on row ${row}`).toBe(row % 2 === 0 ? column : -column);
      else {
        expect(rows.indexOf(b.y), `${e.source} → ${e.target} turns to the next row`).toBe(row + 1);
        expect(b.x, `${e.source} → ${e.target} turns straight down`).toBe(a.x);
      }
    }
    const all = Object.values(p);
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i], all[j])).toBe(false);
  });

  it("keeps a short chain on one row", () => {
    const g = preset("mlp");
    const nodes = g.nodes.slice(0, 3);
    const edges = g.edges.filter((e) => nodes.some((n) => n.id === e.source) && nodes.some((n) => n.id === e.target));
    const p = chainLayout(nodes, edges)!;
    expect(new Set(Object.values(p).map((q) => q.y)).size).toBe(1);
  });

  it("declines graphs that are not one chain: branches (the GPT's residual block), separate pieces, a cycle, nothing", () => {
    const gpt = preset("gpt");
    const block = gpt.groups[0];
    expect(chainLayout(block.nodes, block.edges)).toBeUndefined();
    const mlp = preset("mlp");
    expect(chainLayout(mlp.nodes, mlp.edges.slice(1))).toBeUndefined(); // two pieces
    const [a, b] = mlp.nodes;
    expect(
      chainLayout(
        [a, b],
        [
          { id: "e1", source: a.id, sourcePort: "out", target: b.id, targetPort: "in" },
          { id: "e2", source: b.id, sourcePort: "out", target: a.id, targetPort: "in" },
        ],
      ),
    ).toBeUndefined();
    expect(chainLayout([], [])).toBeUndefined();
  });
});
