/**
 * Wraps a left-to-right layered layout that is too long for the screen into rows that snake:
 * the first row reads left to right, the next right to left below it, and so on, each row
 * starting straight under the end of the one before. Every wire then joins neighbours (the
 * turn is a short wire straight down) instead of running back across the graph to the next
 * row's start. The blocks of a right-to-left row turn round on the canvas (flowDirection.ts).
 */
import { emptyRecord } from "@/graph";
import type { Position } from "@/graph";
import { DEFAULT_SIZE, WRAP_ABOVE } from "./size";

export interface LayerNode {
  id: string;
  /** Top of the block in the unwrapped layout; kept relative to its row. */
  y: number;
  width: number;
  height: number;
}

/** Horizontal gap between layers, vertical gap between rows, margin around the drawing. */
export const SNAKE_GAP_X = 72;
export const SNAKE_GAP_Y = 48;
const MARGIN = 12;
/** The screen the layout is made to fit (the canvas of a 1280×800 window) less the fit's padding (FIT_PADDING in canvas/zoom.ts). */
const SCREEN = { width: 745 - 2 * 80, height: 495 - 2 * 36 };

interface Rows {
  perRow: number;
  width: number;
  height: number;
}

function rowsOf(layers: readonly LayerNode[][], perRow: number): { rows: LayerNode[][][]; heights: number[] } {
  const rows: LayerNode[][][] = [];
  for (let i = 0; i < layers.length; i += perRow) rows.push(layers.slice(i, i + perRow));
  const heights = rows.map((row) => {
    const nodes = row.flat();
    const top = Math.min(...nodes.map((n) => n.y));
    return Math.max(...nodes.map((n) => n.y - top + n.height));
  });
  return { rows, heights };
}

function measure(layers: readonly LayerNode[][], perRow: number, column: number): Rows {
  const { heights } = rowsOf(layers, perRow);
  return {
    perRow,
    width: Math.min(perRow, layers.length) * column - SNAKE_GAP_X,
    height: heights.reduce((a, b) => a + b, 0) + (heights.length - 1) * SNAKE_GAP_Y,
  };
}

/** Zoom at which a drawing this size fits the reference screen. */
const fitZoom = (r: { width: number; height: number }) => Math.min(SCREEN.width / r.width, SCREEN.height / r.height);

/**
 * Positions for `layers` (in reading order, each a column of blocks) wrapped into snaking rows
 * of as many layers as makes the whole fit the screen at the largest zoom; up to WRAP_ABOVE
 * layers stay on one row.
 * @example snakeLayout(nineChainLayers) // 3 rows of 3: → → →, ← ← ←, → → →
 */
export function snakeLayout(layers: readonly LayerNode[][]): Record<string, Position> {
  const positions = emptyRecord<Position>(); // keyed by node ids, which may be any string
  if (layers.length === 0) return positions;
  const column = Math.max(DEFAULT_SIZE.width, ...layers.flat().map((n) => n.width)) + SNAKE_GAP_X;
  let best = measure(layers, layers.length, column);
  if (layers.length > WRAP_ABOVE) {
    for (let perRow = layers.length - 1; perRow >= 2; perRow--) {
      const r = measure(layers, perRow, column);
      if (fitZoom(r) > fitZoom(best) + 1e-9) best = r;
    }
  }
  const { rows, heights } = rowsOf(layers, best.perRow);
  let top = MARGIN;
  rows.forEach((row, r) => {
    const rowTop = Math.min(...row.flat().map((n) => n.y));
    row.forEach((layer, i) => {
      const col = r % 2 === 0 ? i : best.perRow - 1 - i;
      const layerWidth = Math.max(...layer.map((n) => n.width));
      for (const n of layer)
        positions[n.id] = { x: Math.round(MARGIN + col * column + (layerWidth - n.width) / 2), y: Math.round(top + n.y - rowTop) };
    });
    top += heights[r] + SNAKE_GAP_Y;
  });
  return positions;
}

/**
 * Groups an unwrapped left-to-right layout's blocks into layers by their x (blocks of one layer
 * share a column), each layer top to bottom.
 */
export function layersOf(nodes: readonly { id: string; x: number; y: number; width: number; height: number }[]): LayerNode[][] {
  const sorted = [...nodes].sort((a, b) => a.x - b.x || a.y - b.y);
  const layers: LayerNode[][] = [];
  let start = -Infinity;
  for (const n of sorted) {
    if (n.x - start > DEFAULT_SIZE.width / 2) {
      layers.push([]);
      start = n.x;
    }
    layers[layers.length - 1].push({ id: n.id, y: n.y, width: n.width, height: n.height });
  }
  for (const layer of layers) layer.sort((a, b) => a.y - b.y);
  return layers;
}
