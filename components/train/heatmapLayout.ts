/**
 * Where the attention heatmaps go: one square-celled map per head, side by side (wrapping to
 * more rows when that makes the cells bigger), with token labels on both axes thinned so that
 * no two labels overlap.
 */

export interface HeatmapInput {
  heads: number;
  /** Query positions (rows). */
  T: number;
  /** Key positions (columns). */
  S: number;
  /** Room for all maps, in CSS pixels. */
  width: number;
  height: number;
  /** Room for row labels left of each map and column labels above it. */
  labelSpace?: number;
  /** Room for the row labels left of each map, when wider than `labelSpace`. */
  rowLabelSpace?: number;
  /** Gap between maps. */
  gap?: number;
  /** Height of the "head n" caption over each map. */
  captionSpace?: number;
  /** A row label needs this many pixels of height. */
  minLabelPx?: number;
  /** Widest column label, in pixels (labels above the map sit side by side); `minLabelPx` when not given. */
  colLabelPx?: number;
}

export interface HeatmapLayout {
  /** Side of one cell, in CSS pixels (may be fractional; at least 1). */
  cell: number;
  /** Maps per row of the grid, and rows of maps. */
  columns: number;
  rows: number;
  mapWidth: number;
  mapHeight: number;
  /** Every `labelEvery`-th token is labelled (1: all). */
  rowLabelEvery: number;
  colLabelEvery: number;
  /** Where map `h` starts (its cells; labels sit left of and above this point). */
  origin(h: number): { x: number; y: number };
  /** Size of the whole drawing. */
  width: number;
  height: number;
}

/** Label every k-th of `count` items so that labels `cell` px apart are at least `minPx` apart. */
export function labelStride(cell: number, minPx: number): number {
  if (cell <= 0) return Infinity;
  return Math.max(1, Math.ceil(minPx / cell));
}

/**
 * @example heatmapLayout({ heads: 4, T: 8, S: 8, width: 800, height: 200 }).cell // 20 (limited by height)
 */
export function heatmapLayout(input: HeatmapInput): HeatmapLayout {
  const { heads, T, S, width, height } = input;
  const label = input.labelSpace ?? 24;
  const rowLabel = Math.max(label, input.rowLabelSpace ?? label);
  const gap = input.gap ?? 16;
  const caption = input.captionSpace ?? 16;
  const minLabel = input.minLabelPx ?? 10;
  let best = { cell: 0, columns: 1 };
  for (let columns = 1; columns <= Math.max(1, heads); columns++) {
    const rows = Math.ceil(heads / columns);
    const cellW = (width - columns * (rowLabel + gap) + gap) / (columns * S);
    const cellH = (height - rows * (label + caption + gap) + gap) / (rows * T);
    const cell = Math.min(cellW, cellH);
    if (cell > best.cell + 1e-9) best = { cell, columns };
  }
  const cell = Math.max(1, Math.floor(best.cell * 2) / 2);
  const columns = best.columns;
  const rows = Math.ceil(heads / columns);
  const mapWidth = cell * S;
  const mapHeight = cell * T;
  const origin = (h: number) => ({
    x: (h % columns) * (rowLabel + mapWidth + gap) + rowLabel,
    y: Math.floor(h / columns) * (caption + label + mapHeight + gap) + caption + label,
  });
  return {
    cell,
    columns,
    rows,
    mapWidth,
    mapHeight,
    rowLabelEvery: labelStride(cell, minLabel),
    colLabelEvery: labelStride(cell, input.colLabelPx ?? minLabel),
    origin,
    width: columns * (rowLabel + mapWidth + gap) - gap,
    height: rows * (caption + label + mapHeight + gap) - gap,
  };
}

/** The weight of head `h`, query `t`, key `s` in a `heads × T × S` row-major array. */
export function weightAt(weights: ArrayLike<number>, T: number, S: number, h: number, t: number, s: number): number {
  return weights[(h * T + t) * S + s];
}

/** Special tokens drawn as one glyph, so a label fits a cell like any character. */
const SPECIAL: Record<string, string> = { "<bos>": "▸", "<eos>": "◂", "<pad>": "·", "<sep>": "|", " ": "␣", "\n": "↵", "\t": "⇥" };

/** How a token reads as an axis label: spaces, line breaks and special tokens as one glyph; long tokens cut. */
export function tokenLabel(token: string): string {
  if (Object.hasOwn(SPECIAL, token)) return SPECIAL[token];
  return token.length > 3 ? `${token.slice(0, 3)}…` : token;
}

/** How a token reads in a tooltip: special tokens keep their names. */
export function tokenName(token: string): string {
  return token.length === 1 && Object.hasOwn(SPECIAL, token) ? JSON.stringify(token) : token;
}
