/**
 * Colours of runs in the overlay. Mid-tone hues that read on the light and the dark theme;
 * a new run takes the first colour no current run has, so removing a run frees its colour and
 * two visible runs never share one until there are more runs than colours.
 */
export const RUN_COLORS = ["#3b6ef5", "#e0582b", "#0f9b8e", "#a855f7", "#c98a06", "#db2777", "#22a046", "#64748b"] as const;

/**
 * @example pickRunColor([]) // "#3b6ef5"; pickRunColor(["#3b6ef5"]) // "#e0582b"
 */
export function pickRunColor(used: readonly string[]): string {
  const count = new Map<string, number>(RUN_COLORS.map((c) => [c, 0]));
  for (const c of used) if (count.has(c)) count.set(c, count.get(c)! + 1);
  let best: string = RUN_COLORS[0];
  for (const c of RUN_COLORS) if (count.get(c)! < count.get(best)!) best = c;
  return best;
}

/** Class colours for decision boundaries and confusion matrices (up to 10 classes). */
export const CLASS_COLORS = [
  "#3b6ef5",
  "#e0582b",
  "#0f9b8e",
  "#a855f7",
  "#c98a06",
  "#db2777",
  "#22a046",
  "#64748b",
  "#0891b2",
  "#92400e",
] as const;

/** `"#3b6ef5"` → `[59, 110, 245]`. */
export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
