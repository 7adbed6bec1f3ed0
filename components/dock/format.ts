/**
 * Short, readable numbers for counts, FLOPs and bytes: three significant digits and a
 * decimal (SI) unit, so `1_234_567` parameters read `1.23M` and `12_500_000` bytes `12.5 MB`.
 */

const COUNT_UNITS = ["", "k", "M", "B", "T"];
const FLOP_UNITS = ["FLOPs", "kFLOPs", "MFLOPs", "GFLOPs", "TFLOPs", "PFLOPs", "EFLOPs"];
const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];

/** Three significant digits without trailing zeros: `1.20` → `1.2`, `100` stays `100`. */
function threeDigits(v: number): string {
  const s = v.toPrecision(3);
  if (s.includes("e")) return Math.round(v).toLocaleString("en-US");
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** `v` scaled by powers of 1000 into `units`; `[text, unit]`. */
function scale(n: number, units: readonly string[]): [string, string] {
  const sign = n < 0 ? "-" : "";
  let v = Math.abs(n);
  let i = 0;
  // Compare the rounded value so 999,999 becomes "1M", not "1000k".
  while (i < units.length - 1 && Number(v.toPrecision(3)) >= 1000) {
    v /= 1000;
    i++;
  }
  const text = i === 0 && Number.isInteger(v) ? String(v) : threeDigits(v);
  return [sign + text, units[i]];
}

/** `formatCount(1_200_000)` → `"1.2M"`; `formatCount(812)` → `"812"`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "—";
  const [text, unit] = scale(n, COUNT_UNITS);
  return text + unit;
}

/** Parameter counts read like counts: `formatParams(124_439_808)` → `"124M"`. */
export const formatParams = formatCount;

/** `formatFlops(3.4e9)` → `"3.4 GFLOPs"`. */
export function formatFlops(n: number): string {
  if (!Number.isFinite(n)) return "—";
  const [text, unit] = scale(n, FLOP_UNITS);
  return `${text} ${unit}`;
}

/** Decimal units (1 MB = 10⁶ bytes): `formatBytes(12_500_000)` → `"12.5 MB"`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return "—";
  const [text, unit] = scale(n, BYTE_UNITS);
  return `${text} ${unit}`;
}

/** Every digit, grouped: `formatExact(809856)` → `"809,856"`. For tooltips and hints. */
export function formatExact(n: number): string {
  if (!Number.isFinite(n)) return "—";
  return Math.round(n).toLocaleString("en-US");
}

/** A share in whole percent; a small non-zero share reads `<1%` rather than `0%`. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return "0%";
  if (share < 0.01) return "<1%";
  return `${Math.round(share * 100)}%`;
}
