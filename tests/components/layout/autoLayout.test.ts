import { describe, expect, it } from "vitest";
import { layoutDocument } from "@/components/layout/autoLayout";
import { DEFAULT_SIZE } from "@/components/layout/size";
import { buildPreset, presets } from "@/presets";
import type { GraphNode } from "@/graph";

const CANVAS = { width: 745, height: 495 };
const FIT_PADDING = 0.15;
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
  it.each(presets.map((p) => p.id))("lays out the %s preset and each block body to fit a 1280×800 window at 50 % zoom or more, no two blocks overlapping", async (id) => {
    const r = buildPreset(id);
    if (!r.ok) throw new Error(`preset ${id} failed`);
    const doc = await layoutDocument(r.graph);
    for (const scope of [doc, ...doc.groups]) {
      const { width, height } = extent(scope.nodes);
      const fitZoom = Math.min(CANVAS.width / width, CANVAS.height / height) / (1 + 2 * FIT_PADDING);
      expect(fitZoom, `${"id" in scope ? scope.id : "top level"}: ${width}×${height}`).toBeGreaterThanOrEqual(READABLE_ZOOM);
      const ps = scope.nodes.map((n) => n.position);
      for (let i = 0; i < ps.length; i++)
        for (let j = i + 1; j < ps.length; j++) expect(Math.abs(ps[i].x - ps[j].x) >= DEFAULT_SIZE.width || Math.abs(ps[i].y - ps[j].y) >= DEFAULT_SIZE.height).toBe(true);
    }
  });
});
