/** Small statistics and formatting shared by the editor benchmark's parts. */

/** The q-quantile of `xs` by nearest rank: `quantile([1, 2, 3, 4], 0.5)` → 2. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const median = (xs: readonly number[]) => quantile(xs, 0.5);

export const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** "met" / "MISSED", with how the figure compares to the goal (`ratio` < 1 is better when `lowerIsBetter`). */
export function verdict(value: number, goal: number, lowerIsBetter: boolean): string {
  const met = lowerIsBetter ? value <= goal : value >= goal;
  return `${met ? "met" : "MISSED"} (${(value / goal).toFixed(2)}× the goal)`;
}
