/**
 * The progress line of a run: step of total, wall time spent training (pauses left out),
 * the time left at the recent pace, and the throughput in the unit that fits the data.
 */

/** A moment of a run: `step` reached after `activeMs` of unpaused wall time. */
export interface PaceSample {
  step: number;
  activeMs: number;
}

/** How far back the pace is measured: long enough to smooth evaluations, short enough to follow changes. */
export const PACE_WINDOW_MS = 10_000;

/**
 * Keeps the samples of the last `PACE_WINDOW_MS` (and at least two). Returns a new array.
 */
export function addPaceSample(samples: readonly PaceSample[], next: PaceSample, windowMs = PACE_WINDOW_MS): PaceSample[] {
  const out = [...samples, next];
  let drop = 0;
  while (out.length - drop > 2 && next.activeMs - out[drop + 1].activeMs >= windowMs) drop++;
  return drop ? out.slice(drop) : out;
}

/**
 * Milliseconds left to reach `total` at the pace of the samples; undefined until the pace is known.
 * @example etaMs([{ step: 10, activeMs: 1000 }, { step: 20, activeMs: 2000 }], 100) // 8000
 */
export function etaMs(samples: readonly PaceSample[], total: number): number | undefined {
  if (samples.length < 2) return undefined;
  const a = samples[0];
  const b = samples[samples.length - 1];
  const steps = b.step - a.step;
  const ms = b.activeMs - a.activeMs;
  if (steps <= 0 || ms <= 0) return undefined;
  return Math.max(0, ((total - b.step) * ms) / steps);
}

/** `65_000` → `"1:05"`, `3_723_000` → `"1:02:03"`; under a second reads `"0:00"`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** Tokens for sequence and text data (positions per second), samples for points and tables. */
export function rateUnit(datasetKind: string): "tokens/s" | "samples/s" {
  return datasetKind === "points" || datasetKind === "csv" ? "samples/s" : "tokens/s";
}

/** Three significant digits with k/M: `1234` → `"1.23k"`, `87.4` → `"87.4"`, `3` → `"3"`. */
export function formatRate(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "—";
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${Number((n / 1e6).toPrecision(3))}M`;
  if (abs >= 1e3) return `${Number((n / 1e3).toPrecision(3))}k`;
  if (abs >= 100) return String(Math.round(n));
  return String(Number(n.toPrecision(3)));
}

/** Milliseconds with a sensible number of digits: `0.42` → `"0.42"`, `12.345` → `"12.3"`, `512.7` → `"513"`. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms >= 100) return String(Math.round(ms));
  return String(Number(ms.toPrecision(3)));
}

/**
 * A smoothed rate: each new value moves the average by `alpha` of the difference.
 * @example ema(undefined, 10) // 10; ema(10, 20, 0.5) // 15
 */
export function ema(previous: number | undefined, value: number, alpha = 0.1): number {
  if (!Number.isFinite(value)) return previous ?? value;
  return previous === undefined ? value : previous + alpha * (value - previous);
}

/** Loss values for a readout: 4 significant digits, an exponent for tiny ones and for a blown-up one. */
export function formatLoss(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(Math.abs(v) >= 1e5 ? 3 : 2).replace("e+", "e");
  return String(Number(v.toPrecision(4)));
}

/** Learning rates read like the setting: `0.002`, `2e-4`. */
export function formatLr(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v === 0) return "0";
  return Math.abs(v) >= 0.001 ? String(Number(v.toPrecision(3))) : v.toExponential(1).replace(/\.0e/, "e");
}

export function formatAccuracy(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${(v * 100).toFixed(v >= 0.9995 ? 0 : 1)}%`;
}
