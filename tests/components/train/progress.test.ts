import { describe, expect, it } from "vitest";
import {
  addPaceSample,
  ema,
  etaMs,
  formatAccuracy,
  formatDuration,
  formatLoss,
  formatLr,
  formatMs,
  formatRate,
  rateUnit,
} from "@/components/train/progress";
import type { PaceSample } from "@/components/train/progress";

describe("ETA", () => {
  it("is unknown until two samples, then the recent pace times the steps left", () => {
    expect(etaMs([], 100)).toBeUndefined();
    expect(etaMs([{ step: 10, activeMs: 1000 }], 100)).toBeUndefined();
    expect(
      etaMs(
        [
          { step: 10, activeMs: 1000 },
          { step: 20, activeMs: 2000 },
        ],
        100,
      ),
    ).toBe(8000);
    expect(
      etaMs(
        [
          { step: 10, activeMs: 1000 },
          { step: 100, activeMs: 9000 },
        ],
        100,
      ),
    ).toBe(0);
    // No progress: no estimate rather than infinity.
    expect(
      etaMs(
        [
          { step: 10, activeMs: 1000 },
          { step: 10, activeMs: 2000 },
        ],
        100,
      ),
    ).toBeUndefined();
  });

  it("follows the recent pace: samples older than the window are dropped", () => {
    let samples: PaceSample[] = [];
    // Slow start (compilation, warm-up): 1 step per second for 10 s…
    for (let t = 0; t <= 10; t++) samples = addPaceSample(samples, { step: t, activeMs: t * 1000 }, 5000);
    // …then 10 steps per second.
    for (let t = 11; t <= 30; t++) samples = addPaceSample(samples, { step: 10 + (t - 10) * 10, activeMs: t * 1000 }, 5000);
    expect(samples[0].activeMs).toBeGreaterThanOrEqual(25_000);
    const last = samples[samples.length - 1];
    expect(last.step).toBe(210);
    expect(etaMs(samples, 310)).toBeCloseTo(10_000, -1);
  });

  it("keeps at least two samples however far apart", () => {
    const s = addPaceSample([{ step: 1, activeMs: 0 }], { step: 2, activeMs: 60_000 }, 1000);
    expect(s).toHaveLength(2);
  });
});

describe("formatting", () => {
  it("reads durations as m:ss or h:mm:ss", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(65_000)).toBe("1:05");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(undefined)).toBe("—");
  });

  it("names the throughput in tokens for sequences and text, samples for points and tables", () => {
    expect(rateUnit("corpus")).toBe("tokens/s");
    expect(rateUnit("sequence")).toBe("tokens/s");
    expect(rateUnit("points")).toBe("samples/s");
    expect(rateUnit("csv")).toBe("samples/s");
    expect(formatRate(1234)).toBe("1.23k");
    expect(formatRate(2_500_000)).toBe("2.5M");
    expect(formatRate(87.44)).toBe("87.4");
    expect(formatRate(512.6)).toBe("513");
    expect(formatMs(12.345)).toBe("12.3");
    expect(formatMs(0.42)).toBe("0.42");
  });

  it("shows losses, rates and accuracies the way the settings and papers do", () => {
    expect(formatLoss(2.345678)).toBe("2.346");
    expect(formatLoss(0.0001234)).toBe("1.23e-4");
    expect(formatLoss(null)).toBe("—");
    expect(formatLoss(16_150_000_000)).toBe("1.615e10");
    expect(formatLr(0.002)).toBe("0.002");
    expect(formatLr(0.0002)).toBe("2e-4");
    expect(formatLr(0.00025)).toBe("2.5e-4");
    expect(formatAccuracy(0.9312)).toBe("93.1%");
    expect(formatAccuracy(1)).toBe("100%");
  });

  it("smooths a rate without letting a NaN through", () => {
    expect(ema(undefined, 10)).toBe(10);
    expect(ema(10, 20, 0.5)).toBe(15);
    expect(ema(10, NaN)).toBe(10);
  });
});
