import { describe, expect, it } from "vitest";
import { heatmapLayout, labelStride, tokenLabel, weightAt } from "@/components/train/heatmapLayout";

const base = { labelSpace: 20, captionSpace: 16, gap: 16 };

describe("heatmap layout", () => {
  it("puts four 8×8 heads side by side in a wide, short dock, with every token labelled", () => {
    const l = heatmapLayout({ heads: 4, T: 8, S: 8, width: 900, height: 140, ...base });
    expect(l.columns).toBe(4);
    expect(l.rows).toBe(1);
    // Height-bound: (140 − 20 − 16) / 8 = 13 px cells.
    expect(l.cell).toBe(13);
    expect(l.rowLabelEvery).toBe(1);
    expect(l.width).toBeLessThanOrEqual(900);
    expect(l.height).toBeLessThanOrEqual(140);
  });

  it("keeps the maps and their labels apart", () => {
    const l = heatmapLayout({ heads: 6, T: 16, S: 16, width: 700, height: 400, ...base });
    for (let h = 1; h < 6; h++) {
      const a = l.origin(h - 1);
      const b = l.origin(h);
      if (a.y === b.y)
        expect(b.x - 20).toBeGreaterThanOrEqual(a.x + l.mapWidth); // the next map's row labels start after this map
      else expect(b.y - 20 - 16).toBeGreaterThanOrEqual(a.y + l.mapHeight);
    }
    const last = l.origin(5);
    expect(last.x + l.mapWidth).toBeLessThanOrEqual(l.width + 1e-9);
    expect(last.y + l.mapHeight).toBeLessThanOrEqual(l.height + 1e-9);
  });

  it("wraps heads onto more rows when that makes the cells bigger", () => {
    const wide = heatmapLayout({ heads: 4, T: 8, S: 8, width: 300, height: 400, ...base });
    expect(wide.columns).toBeLessThan(4);
    expect(wide.cell).toBeGreaterThan(heatmapLayout({ heads: 4, T: 8, S: 8, width: 300, height: 80, ...base }).cell);
  });

  it("thins the labels of a 64-token map so they never overlap, and never makes a cell under a pixel", () => {
    const l = heatmapLayout({ heads: 4, T: 64, S: 64, width: 900, height: 150, ...base, minLabelPx: 11 });
    expect(l.cell).toBeGreaterThanOrEqual(1);
    expect(l.rowLabelEvery * l.cell).toBeGreaterThanOrEqual(11);
    expect((l.rowLabelEvery - 1) * l.cell).toBeLessThan(11);
    expect(heatmapLayout({ heads: 16, T: 512, S: 512, width: 300, height: 100 }).cell).toBe(1);
    expect(labelStride(12, 11)).toBe(1);
    expect(labelStride(2, 11)).toBe(6);
  });

  it("grows with the dock: a 64-token GPT map in a 260 px dock's area has 1.5 px cells, maximised three times that; cells stay square", () => {
    const small = heatmapLayout({ heads: 4, T: 64, S: 64, width: 1000, height: 150, ...base });
    const tall = heatmapLayout({ heads: 4, T: 64, S: 64, width: 1000, height: 700, ...base });
    expect(small.cell).toBe(1.5);
    expect(tall.cell).toBeGreaterThanOrEqual(3 * small.cell);
    expect(tall.mapWidth).toBe(tall.mapHeight);
    expect(tall.width).toBeLessThanOrEqual(1000);
    expect(tall.height).toBeLessThanOrEqual(700);
  });

  it("leaves room left of every map for its widest row label, so none is cut or runs into the map before", () => {
    const l = heatmapLayout({ heads: 3, T: 8, S: 8, width: 900, height: 200, ...base, rowLabelSpace: 30 });
    expect(l.origin(0).x).toBe(30);
    for (let h = 1; h < 3; h++) expect(l.origin(h).x - 30).toBeGreaterThanOrEqual(l.origin(h - 1).x + l.mapWidth);
    expect(l.origin(2).x + l.mapWidth).toBeLessThanOrEqual(900);
  });

  it("spaces column labels by their width", () => {
    const l = heatmapLayout({ heads: 1, T: 8, S: 8, width: 400, height: 140, ...base, colLabelPx: 28 });
    expect(l.rowLabelEvery).toBe(1);
    expect(l.colLabelEvery * l.cell).toBeGreaterThanOrEqual(28);
  });

  it("reads a weight of a heads × T × S array and shows whitespace tokens", () => {
    const w = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    expect(weightAt(w, 3, 4, 1, 2, 3)).toBe(23);
    expect(tokenLabel(" ")).toBe("␣");
    expect(tokenLabel("\n")).toBe("↵");
    expect(tokenLabel("a")).toBe("a");
    expect(tokenLabel("<bos>")).toBe("▸");
    expect(tokenLabel("<word>")).toBe("<wo…");
  });
});
