import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatExact, formatFlops, formatParams, formatPercent } from "@/components/dock/format";

describe("formatParams", () => {
  it("reads like the numbers people quote", () => {
    expect(formatParams(1_200_000)).toBe("1.2M");
    expect(formatParams(124_439_808)).toBe("124M"); // GPT-2 small
    expect(formatParams(809_856)).toBe("810k"); // the baby GPT
    expect(formatParams(12_345)).toBe("12.3k");
    expect(formatParams(1_500_000_000)).toBe("1.5B");
  });

  it("keeps small counts exact and never shows a unit's 1000", () => {
    expect(formatParams(0)).toBe("0");
    expect(formatParams(812)).toBe("812");
    expect(formatParams(999)).toBe("999");
    expect(formatParams(999_999)).toBe("1M");
    expect(formatParams(1000)).toBe("1k");
  });

  it("is formatCount", () => {
    expect(formatCount(2_000)).toBe("2k");
    expect(formatCount(-1_500)).toBe("-1.5k");
    expect(formatCount(Number.NaN)).toBe("—");
  });
});

describe("formatFlops", () => {
  it("uses SI prefixes with a space", () => {
    expect(formatFlops(3.4e9)).toBe("3.4 GFLOPs");
    expect(formatFlops(112_169_152)).toBe("112 MFLOPs");
    expect(formatFlops(1_752_643)).toBe("1.75 MFLOPs");
    expect(formatFlops(512)).toBe("512 FLOPs");
    expect(formatFlops(2.5e15)).toBe("2.5 PFLOPs");
  });
});

describe("formatBytes", () => {
  it("uses decimal units", () => {
    expect(formatBytes(12_500_000)).toBe("12.5 MB");
    expect(formatBytes(2_212_352)).toBe("2.21 MB");
    expect(formatBytes(4096)).toBe("4.1 kB");
    expect(formatBytes(64)).toBe("64 B");
    expect(formatBytes(3e9)).toBe("3 GB");
  });

  it("does not fall back to exponent notation past the last unit", () => {
    expect(formatBytes(5e18)).toBe("5,000 PB");
  });
});

describe("formatExact and formatPercent", () => {
  it("groups digits", () => {
    expect(formatExact(124_439_808)).toBe("124,439,808");
    expect(formatExact(0)).toBe("0");
  });

  it("rounds shares to whole percent and marks tiny ones", () => {
    expect(formatPercent(0.1185)).toBe("12%");
    expect(formatPercent(0.004)).toBe("<1%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(1)).toBe("100%");
  });
});
