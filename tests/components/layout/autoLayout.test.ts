import { describe, expect, it } from "vitest";
import { flowsLeft } from "@/components/canvas/flowDirection";
import { layoutDocument, scopeSizes } from "@/components/layout/autoLayout";
import { DEFAULT_SIZE } from "@/components/layout/size";
import { buildPreset, presets } from "@/presets";
import type { GraphEdge, GraphNode } from "@/graph";

const CANVAS = { width: 745, height: 495 };
/** The fit leaves 80 px at each side and 36 px above and below (components/canvas/zoom.ts). */
const FIT_PADDING = { x: 80, y: 36 };
const READABLE_ZOOM = 0.5;

function extent(nodes: readonly GraphNode[]) {
  const xs = nodes.map((n) => n.position.x);
  const ys = nodes.map((n) => n.position.y);
  return { width: Math.max(...xs) - Math.min(...xs) + DEFAULT_SIZE.width, height: Math.max(...ys) - Math.min(...ys) + DEFAULT_SIZE.height };
}

describe("layoutDocument", () => {
  // The canvas at 1280×800 is about 745×495 px. A scope laid out as one long line fits only at
  // a zoom where its shape labels cannot be read (below 40 % the canvas shows its overview);
  // the LSTM's 5 blocks in a row fitted at 45 %, the Transformer's 12 at 28 %.
  it.each(presets.map((p) => p.id))(
    "lays out the %s preset and each block body to fit a 1280×800 window at 50 % zoom or more, no two blocks overlapping",
    async (id) => {
      const r = buildPreset(id);
      if (!r.ok) throw new Error(`preset ${id} failed`);
      const doc = await layoutDocument(r.graph);
      for (const scope of [doc, ...doc.groups]) {
        const { width, height } = extent(scope.nodes);
        const fitZoom = Math.min((CANVAS.width - 2 * FIT_PADDING.x) / width, (CANVAS.height - 2 * FIT_PADDING.y) / height);
        expect(fitZoom, `${"id" in scope ? scope.id : "top level"}: ${width}×${height}`).toBeGreaterThanOrEqual(READABLE_ZOOM);
        const ps = scope.nodes.map((n) => n.position);
        for (let i = 0; i < ps.length; i++)
          for (let j = i + 1; j < ps.length; j++)
            expect(Math.abs(ps[i].x - ps[j].x) >= DEFAULT_SIZE.width || Math.abs(ps[i].y - ps[j].y) >= DEFAULT_SIZE.height).toBe(true);
      }
    },
  );
});

/** Whether `to` can be reached from `from` without the direct wire `skip` (a bypass: a residual). */
function reachableWithout(edges: readonly GraphEdge[], from: string, to: string, skip: GraphEdge): boolean {
  const seen = new Set([from]);
  const todo = [from];
  while (todo.length) {
    const id = todo.pop()!;
    for (const e of edges) {
      if (e === skip || e.source !== id || seen.has(e.target)) continue;
      if (e.target === to) return true;
      seen.add(e.target);
      todo.push(e.target);
    }
  }
  return false;
}

/**
 * Row of each block: blocks whose vertical extents overlap or come within 40 px (two blocks
 * stacked in one layer, elk's spacing 36 px) share a row, directly or through others.
 */
function rowsOf(nodes: readonly GraphNode[], sizes: Record<string, { height: number }>): Map<string, number> {
  const sorted = [...nodes].sort((a, b) => a.position.y - b.position.y);
  const row = new Map<string, number>();
  let r = -1;
  let bottom = -Infinity;
  for (const n of sorted) {
    if (n.position.y >= bottom + 40) r++;
    bottom = Math.max(bottom, n.position.y + sizes[n.id].height);
    row.set(n.id, r);
  }
  return row;
}

interface Wire {
  edge: GraphEdge;
  /** Where the wire leaves its source's output handle and enters its target's input handle. */
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  sourceLeft: boolean;
  targetLeft: boolean;
  main: boolean;
}

async function laidOutWires(id: string) {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(`preset ${id} failed`);
  const doc = await layoutDocument(r.graph);
  return [doc, ...doc.groups].map((scope) => {
    const sizes = scopeSizes(doc, scope.nodes);
    const left = flowsLeft(scope.nodes, scope.edges);
    const at = new Map(scope.nodes.map((n) => [n.id, n.position]));
    const wires: Wire[] = scope.edges.map((edge) => {
      const a = at.get(edge.source)!;
      const b = at.get(edge.target)!;
      const sourceLeft = left.has(edge.source);
      const targetLeft = left.has(edge.target);
      return {
        edge,
        sx: a.x + (sourceLeft ? 0 : sizes[edge.source].width),
        sy: a.y + sizes[edge.source].height / 2,
        tx: b.x + (targetLeft ? sizes[edge.target].width : 0),
        ty: b.y + sizes[edge.target].height / 2,
        sourceLeft,
        targetLeft,
        main: !reachableWithout(scope.edges, edge.source, edge.target, edge),
      };
    });
    return { name: "id" in scope ? scope.id : "top level", scope, sizes, wires };
  });
}

describe("layoutDocument wires", () => {
  const COLUMN = DEFAULT_SIZE.width + 72;
  // The presets were wrapped into rows left to right, each row's end joined to the next row's
  // start by a wire running back across the whole graph (MLP: act1 → linear2, 400 px).
  it.each(presets.map((p) => p.id))(
    "%s: every wire of the main path joins neighbours and leaves and enters its blocks on the sides that face each other",
    async (id) => {
      for (const { name, wires } of await laidOutWires(id)) {
        for (const w of wires.filter((x) => x.main)) {
          const label = `${name}: ${w.edge.source} → ${w.edge.target}`;
          expect(Math.hypot(w.tx - w.sx, w.ty - w.sy), `${label} is short`).toBeLessThanOrEqual(1.25 * COLUMN);
          // An output on the right goes right (or straight down), one on the left goes left…
          if (w.sourceLeft) expect(w.tx, `${label} leaves to the left`).toBeLessThanOrEqual(w.sx + 1);
          else expect(w.tx, `${label} leaves to the right`).toBeGreaterThanOrEqual(w.sx - 1);
          // …and an input on the left is fed from the left, one on the right from the right.
          if (w.targetLeft) expect(w.sx, `${label} enters from the right`).toBeGreaterThanOrEqual(w.tx - 1);
          else expect(w.sx, `${label} enters from the left`).toBeLessThanOrEqual(w.tx + 1);
        }
      }
    },
  );

  it.each(presets.map((p) => p.id))(
    "%s: no wire goes back up against the reading order, and a residual skips at most to the next row",
    async (id) => {
      for (const { name, scope, sizes, wires } of await laidOutWires(id)) {
        const row = rowsOf(scope.nodes, sizes);
        for (const w of wires) {
          const label = `${name}: ${w.edge.source} → ${w.edge.target}`;
          expect(row.get(w.edge.target)!, `${label} does not go up to an earlier row`).toBeGreaterThanOrEqual(row.get(w.edge.source)!);
          if (!w.main) expect(Math.abs(w.ty - w.sy), `${label} skips at most one row`).toBeLessThanOrEqual(2 * (DEFAULT_SIZE.height + 72));
        }
      }
    },
  );
});
