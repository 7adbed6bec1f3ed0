/**
 * A decision boundary as pixels: each cell of the worker's grid painted in its winning class's
 * colour, paler where the model is unsure (as TensorFlow Playground shades it).
 */
import type { DecisionBoundary } from "@/train";
import { CLASS_COLORS, hexToRgb } from "./runColors";

/** Alpha of a cell: 0.15 at chance level, up to 0.6 at certainty. */
export function cellAlpha(confidence: number, classes: number): number {
  const chance = 1 / Math.max(2, classes);
  const sure = Math.min(1, Math.max(0, (confidence - chance) / (1 - chance)));
  return 0.15 + 0.45 * sure;
}

/**
 * RGBA bytes of a `resolution × resolution` image, row-major from the top-left (xMin, yMax),
 * the order the worker's grid is in.
 */
export function boundaryPixels(
  b: Pick<DecisionBoundary, "classes" | "confidence" | "resolution">,
  classes: number,
  colors: readonly string[] = CLASS_COLORS,
): Uint8ClampedArray<ArrayBuffer> {
  const n = b.resolution * b.resolution;
  const rgb = colors.map(hexToRgb);
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const c = rgb[((b.classes[i] % rgb.length) + rgb.length) % rgb.length];
    out[i * 4] = c[0];
    out[i * 4 + 1] = c[1];
    out[i * 4 + 2] = c[2];
    out[i * 4 + 3] = Math.round(cellAlpha(b.confidence[i], classes) * 255);
  }
  return out;
}

/** Maps a data point to canvas pixels of a `size`-pixel square showing [xMin, xMax] × [yMin, yMax]. */
export function toCanvas(
  b: Pick<DecisionBoundary, "xMin" | "xMax" | "yMin" | "yMax">,
  size: number,
  x: number,
  y: number,
): [number, number] {
  return [((x - b.xMin) / (b.xMax - b.xMin)) * size, ((b.yMax - y) / (b.yMax - b.yMin)) * size];
}

/** Row totals of a confusion matrix, and the share of each cell in its row (recall per class). */
export function confusionShares(confusion: number[][]): number[][] {
  return confusion.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total ? v / total : 0));
  });
}

/** The boundary is never drawn smaller than this (it then scrolls with the panel). */
export const BOUNDARY_MIN = 120;

/**
 * Side of the square boundary plot in an area `width × height` (CSS pixels): as big as fits,
 * in whole pixels, at least BOUNDARY_MIN.
 * @example boundarySide(600, 212) // 212
 */
export function boundarySide(width: number, height: number): number {
  return Math.max(BOUNDARY_MIN, Math.floor(Math.min(width, height)));
}
