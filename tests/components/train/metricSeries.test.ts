import { describe, expect, it } from "vitest";
import { appendMetrics, compactSeries, createSeries, hasAccuracy, lastValue, lossTrend, rowCount } from "@/components/train/metricSeries";
import type { Metrics } from "@/train";

const m = (step: number, extra: Partial<Metrics> = {}): Metrics => ({
  step,
  loss: 10 / step,
  lr: 0.001,
  tokensPerSec: 100,
  msPerStep: 10,
  elapsedMs: step * 10,
  ...extra,
});

describe("metric series", () => {
  it("keeps one row per step, validation results only where they were measured", () => {
    const s = createSeries();
    for (let i = 1; i <= 5; i++) appendMetrics(s, m(i, i % 2 === 0 ? { valLoss: 1 / i } : {}));
    expect(s.step).toEqual([1, 2, 3, 4, 5]);
    expect(s.valLoss).toEqual([null, 0.5, null, 0.25, null]);
    expect(hasAccuracy(s)).toBe(false);
  });

  it("stores a non-finite value as a gap, not as a point", () => {
    const s = createSeries();
    appendMetrics(s, m(1, { loss: NaN, accuracy: Infinity }));
    expect(s.loss).toEqual([null]);
    expect(s.accuracy).toEqual([null]);
  });

  it("halves the rows at the cap, averaging training loss and keeping every validation point", () => {
    const s = createSeries();
    for (let i = 1; i <= 8; i++) appendMetrics(s, m(i, { loss: i, ...(i === 3 ? { valLoss: 7 } : {}) }), 8);
    // 8 rows reached the cap: merged into 4, the later step of each pair names the row.
    expect(s.step).toEqual([2, 4, 6, 8]);
    expect(s.loss).toEqual([1.5, 3.5, 5.5, 7.5]);
    expect(s.valLoss).toEqual([null, 7, null, null]);
    expect(s.stride).toBe(2);
    // Later steps are merged two at a time before they are written…
    appendMetrics(s, m(9, { loss: 9 }), 8);
    expect(rowCount(s)).toBe(4);
    appendMetrics(s, m(10, { loss: 11 }), 8);
    expect(s.step.at(-1)).toBe(10);
    expect(s.loss.at(-1)).toBe(10);
    // …except a step with a validation result, which shows at once.
    appendMetrics(s, m(11, { loss: 1, valLoss: 2 }), 8);
    expect(s.step.at(-1)).toBe(11);
    expect(s.valLoss.at(-1)).toBe(2);
  });

  it("stays within the cap over a hundred thousand steps", () => {
    const s = createSeries();
    for (let i = 1; i <= 100_000; i++) appendMetrics(s, m(i), 2000);
    expect(rowCount(s)).toBeLessThanOrEqual(2000);
    expect(rowCount(s)).toBeGreaterThanOrEqual(1000);
    expect(s.step.at(-1)).toBeLessThanOrEqual(100_000);
    expect(s.step.at(-1)).toBeGreaterThan(100_000 - s.stride);
  });

  it("compacts an odd count by leaving the last row alone", () => {
    const s = createSeries();
    for (let i = 1; i <= 3; i++) appendMetrics(s, m(i, { loss: i }));
    compactSeries(s);
    expect(s.step).toEqual([2, 3]);
    expect(s.loss).toEqual([1.5, 3]);
  });

  it("says how far the loss fell: the first ten rows against the last ten", () => {
    const s = createSeries();
    for (let i = 1; i <= 19; i++) appendMetrics(s, m(i));
    expect(lossTrend(s)).toBeUndefined();
    appendMetrics(s, m(20));
    const t = lossTrend(s)!;
    expect(t.start).toBeGreaterThan(t.end);
    expect(hasAccuracy(s)).toBe(false);
    appendMetrics(s, m(21, { accuracy: 0.5 }));
    expect(hasAccuracy(s)).toBe(true);
  });

  it("reads the last value a column reported, past the nulls between evaluations", () => {
    expect(lastValue([])).toBeUndefined();
    expect(lastValue([null, null])).toBeUndefined();
    expect(lastValue([0.2, null, 0.5, null, null])).toBe(0.5);
  });
});
