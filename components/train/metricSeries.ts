/**
 * A run's metric history, kept compact: one row per step until `cap` rows, then neighbouring
 * rows are merged in pairs (and later steps in groups of the same size), so a run of a million
 * steps draws as fast as one of a thousand. Validation points are never merged away.
 *
 * The series is appended in place: the page receives a metrics event per step, and copying
 * arrays that often would cost more than drawing them.
 */
import type { Metrics } from "@/train";

export interface MetricSeries {
  step: number[];
  loss: (number | null)[];
  valLoss: (number | null)[];
  accuracy: (number | null)[];
  valAccuracy: (number | null)[];
  lr: (number | null)[];
  /** Steps merged into each row appended from now on (1, 2, 4, …). */
  stride: number;
  /** Steps received but not yet written as a row (fewer than `stride`). */
  pending: Metrics[];
}

/** Rows kept before merging; the chart then holds between cap/2 and cap rows per run. */
export const SERIES_CAP = 2000;

export function createSeries(): MetricSeries {
  return { step: [], loss: [], valLoss: [], accuracy: [], valAccuracy: [], lr: [], stride: 1, pending: [] };
}

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

function mean(values: (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    n++;
  }
  return n ? sum / n : null;
}

/** The last non-null value: a merged row keeps the latest validation result of its steps. */
function lastOf(values: (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return null;
}

function pushRow(s: MetricSeries, group: Metrics[]) {
  const last = group[group.length - 1];
  s.step.push(last.step);
  s.loss.push(mean(group.map((m) => finite(m.loss))));
  s.accuracy.push(mean(group.map((m) => finite(m.accuracy))));
  s.valLoss.push(lastOf(group.map((m) => finite(m.valLoss))));
  s.valAccuracy.push(lastOf(group.map((m) => finite(m.valAccuracy))));
  s.lr.push(finite(last.lr));
}

const COLUMNS = ["loss", "accuracy", "valLoss", "valAccuracy", "lr"] as const;

/** Merges rows pairwise: means for training values, the later one for validation and lr. */
export function compactSeries(s: MetricSeries): void {
  const n = Math.floor(s.step.length / 2) * 2;
  const merged = createSeries();
  for (let i = 0; i < n; i += 2) {
    merged.step.push(s.step[i + 1]);
    merged.loss.push(mean([s.loss[i], s.loss[i + 1]]));
    merged.accuracy.push(mean([s.accuracy[i], s.accuracy[i + 1]]));
    merged.valLoss.push(lastOf([s.valLoss[i], s.valLoss[i + 1]]));
    merged.valAccuracy.push(lastOf([s.valAccuracy[i], s.valAccuracy[i + 1]]));
    merged.lr.push(s.lr[i + 1]);
  }
  // An odd last row stays as it is.
  if (n < s.step.length) {
    merged.step.push(s.step[n]);
    for (const c of COLUMNS) merged[c].push(s[c][n]);
  }
  s.step = merged.step;
  for (const c of COLUMNS) s[c] = merged[c];
  s.stride *= 2;
}

/**
 * Adds one step's metrics. A step with a validation result is written at once, so evaluation
 * points show as soon as they exist.
 * @example const s = createSeries(); appendMetrics(s, { step: 1, loss: 2.3, lr: 1e-3, … });
 */
export function appendMetrics(s: MetricSeries, m: Metrics, cap = SERIES_CAP): void {
  s.pending.push(m);
  if (s.pending.length < s.stride && m.valLoss === undefined) return;
  pushRow(s, s.pending);
  s.pending = [];
  if (s.step.length >= cap) compactSeries(s);
}

/**
 * Drops the rows after `step` (and any pending steps), in place: a run resumed from a checkpoint
 * at `step` goes on from there.
 * @example truncateSeries(s, 400); s.step.at(-1) // ≤ 400
 */
export function truncateSeries(s: MetricSeries, step: number): void {
  let n = s.step.length;
  while (n > 0 && s.step[n - 1] > step) n--;
  s.step.length = n;
  for (const c of COLUMNS) s[c].length = n;
  s.pending = [];
}

export function rowCount(s: MetricSeries): number {
  return s.step.length;
}

/** Whether any step reported an accuracy (classification and sequence tasks do; regression does not). */
export function hasAccuracy(s: MetricSeries): boolean {
  return s.accuracy.some((v) => v !== null) || s.valAccuracy.some((v) => v !== null);
}

/** The last value a column reported (validation columns are null between evaluations). */
export function lastValue(column: readonly (number | null)[]): number | undefined {
  for (let i = column.length - 1; i >= 0; i--) {
    const v = column[i];
    if (v !== null) return v;
  }
  return undefined;
}

/**
 * Mean training loss of the first and last `k` rows: how far the loss has fallen. Undefined
 * until there are at least 2k rows.
 */
export function lossTrend(s: MetricSeries, k = 10): { start: number; end: number } | undefined {
  const values = s.loss.filter((v): v is number => v !== null);
  if (values.length < 2 * k) return undefined;
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { start: avg(values.slice(0, k)), end: avg(values.slice(-k)) };
}
