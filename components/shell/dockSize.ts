/**
 * The dock's height: its limits for a window height, the keyboard steps of its resize handle,
 * and how it is kept in localStorage across reloads (a broken or missing entry gives the default).
 */

export const DOCK_KEY = "tensorloom.dock";
/** Below this the dock's tabs and one line of a panel no longer fit. */
export const DOCK_MIN = 160;
/** Room kept for the top bar and a usable canvas above the dock. */
const ABOVE_MIN = 44 + 160;
export const DOCK_STEP = 16;
export const DOCK_PAGE = 64;

/** The tallest the dock may be in a `viewport`-tall window (short of maximised). */
export function dockMax(viewport: number): number {
  return Math.max(DOCK_MIN, viewport - ABOVE_MIN);
}

/** `height` kept within the dock's limits for a `viewport`-tall window, in whole pixels. */
export function clampDock(height: number, viewport: number): number {
  return Math.round(Math.min(dockMax(viewport), Math.max(DOCK_MIN, height)));
}

/**
 * The dock's height before the user sets one: about a third of the window, 220–360 px.
 * @example defaultDock(900) // 306
 */
export function defaultDock(viewport: number): number {
  return clampDock(Math.min(360, Math.max(220, Math.round(viewport * 0.34))), viewport);
}

/** The height kept in `stored` (localStorage's text), or undefined when there is none or it is unreadable. */
export function parseDock(stored: string | null): number | undefined {
  if (!stored) return undefined;
  try {
    const h = (JSON.parse(stored) as { height?: unknown }).height;
    return typeof h === "number" && Number.isFinite(h) && h > 0 ? h : undefined;
  } catch {
    return undefined;
  }
}

export function serializeDock(height: number): string {
  return JSON.stringify({ height: Math.round(height) });
}

/**
 * The height after a key on the resize handle (arrows by 16 px, Page Up/Down by 64, Home and
 * End to the limits), or undefined for a key it does not use. Up makes the dock taller.
 */
export function dockAfterKey(key: string, height: number, viewport: number): number | undefined {
  const to = (h: number) => clampDock(h, viewport);
  switch (key) {
    case "ArrowUp":
      return to(height + DOCK_STEP);
    case "ArrowDown":
      return to(height - DOCK_STEP);
    case "PageUp":
      return to(height + DOCK_PAGE);
    case "PageDown":
      return to(height - DOCK_PAGE);
    case "Home":
      return to(DOCK_MIN);
    case "End":
      return dockMax(viewport);
    default:
      return undefined;
  }
}
