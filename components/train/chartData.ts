/**
 * The data of a chart of several runs, in the aligned form uPlot draws: one shared x array (the
 * union of the runs' steps) and, per run, its columns with `null` where that run has no row.
 */
import type { MetricSeries } from "./metricSeries";

export type ChartKind = "loss" | "accuracy" | "lr";

/** The series columns a chart shows per run, and how each is drawn. */
export const CHART_COLUMNS: Record<
  ChartKind,
  { key: keyof Pick<MetricSeries, "loss" | "valLoss" | "accuracy" | "valAccuracy" | "lr">; role: "train" | "val" }[]
> = {
  loss: [
    { key: "loss", role: "train" },
    { key: "valLoss", role: "val" },
  ],
  accuracy: [
    { key: "accuracy", role: "train" },
    { key: "valAccuracy", role: "val" },
  ],
  lr: [{ key: "lr", role: "train" }],
};

export type AlignedColumns = [number[], ...(number | null)[][]];

/**
 * @example alignRuns([{ step: [1, 2], loss: [3, 2], … }], "lr")
 * // [[1, 2], [lr1, lr2]]
 */
export function alignRuns(series: readonly MetricSeries[], kind: ChartKind): AlignedColumns {
  const columns = CHART_COLUMNS[kind];
  if (series.length === 1) {
    const s = series[0];
    return [s.step.slice(), ...columns.map((c) => s[c.key].slice())];
  }
  const steps = [...new Set(series.flatMap((s) => s.step))].sort((a, b) => a - b);
  const index = new Map(steps.map((x, i) => [x, i]));
  const out: AlignedColumns = [steps];
  for (const s of series) {
    for (const c of columns) {
      const col: (number | null)[] = new Array(steps.length).fill(null);
      const values = s[c.key];
      for (let i = 0; i < s.step.length; i++) col[index.get(s.step[i])!] = values[i];
      out.push(col);
    }
  }
  return out;
}

/** Whether a chart of `kind` has anything to draw for these runs. */
export function hasColumn(series: readonly MetricSeries[], kind: ChartKind): boolean {
  return series.some((s) => CHART_COLUMNS[kind].some((c) => s[c.key].some((v) => v !== null)));
}

/**
 * One y-axis tick: short numbers; exponents for tiny learning rates and for a diverging loss;
 * percents for accuracy.
 * @example tickLabel("loss", 1.6e10) // "1.6e10"; tickLabel("lr", 0.002) // "2e-3"
 */
export function tickLabel(kind: ChartKind, v: number): string {
  if (kind === "accuracy") return `${Math.round(v * 100)}%`;
  if (v !== 0 && Math.abs(v) >= 1e5) return v.toExponential(1).replace("e+", "e").replace(".0e", "e");
  if (v !== 0 && kind === "lr" && Math.abs(v) < 0.01) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}
