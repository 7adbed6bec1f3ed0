/**
 * Where the minimap may go: a corner of the canvas with no block under it, so that it never
 * covers a block or takes its clicks. Bottom left holds the zoom controls, and the top right the
 * React Flow attribution, so the minimap goes bottom right, else top left, else top right below
 * the attribution; with every corner taken it is not shown.
 */

export type MinimapCorner = "bottom-right" | "top-left" | "top-right";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** React Flow's panel margin, and the room the attribution takes at the top right. */
export const PANEL_MARGIN = 15;
export const ATTRIBUTION_ROOM = 20;
/** Blocks closer than this to the minimap count as under it (a click beside it must not miss). */
const SLACK = 8;

/** The minimap's box (in canvas pixels) when placed in `corner` of a `view`-sized canvas. */
export function minimapRect(corner: MinimapCorner, view: { width: number; height: number }, size: { width: number; height: number }): Rect {
  const x = corner === "top-left" ? PANEL_MARGIN : view.width - PANEL_MARGIN - size.width;
  const y =
    corner === "bottom-right" ? view.height - PANEL_MARGIN - size.height : PANEL_MARGIN + (corner === "top-right" ? ATTRIBUTION_ROOM : 0);
  return { x, y, ...size };
}

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width + SLACK && b.x < a.x + a.width + SLACK && a.y < b.y + b.height + SLACK && b.y < a.y + a.height + SLACK;

/**
 * The first corner whose minimap box no block's box (in canvas pixels) comes near, or undefined.
 * @example minimapCorner([{ x: 900, y: 500, width: 200, height: 84 }], { width: 1000, height: 600 }, { width: 168, height: 110 }) // "top-left"
 */
export function minimapCorner(
  blocks: Iterable<Rect>,
  view: { width: number; height: number },
  size: { width: number; height: number },
): MinimapCorner | undefined {
  const corners: MinimapCorner[] = ["bottom-right", "top-left", "top-right"];
  const boxes = corners.map((c) => minimapRect(c, view, size));
  const free = corners.map(() => true);
  for (const b of blocks) boxes.forEach((box, i) => (free[i] &&= !overlaps(box, b)));
  const i = free.indexOf(true);
  return i < 0 ? undefined : corners[i];
}
