import { describe, expect, it } from "vitest";
import { hexToRgb, pickRunColor, RUN_COLORS } from "@/components/train/runColors";

describe("run colours", () => {
  it("gives each new run the first colour no run has", () => {
    expect(pickRunColor([])).toBe(RUN_COLORS[0]);
    expect(pickRunColor([RUN_COLORS[0]])).toBe(RUN_COLORS[1]);
    // Forgetting run 1 frees its colour for the next run.
    expect(pickRunColor([RUN_COLORS[1], RUN_COLORS[2]])).toBe(RUN_COLORS[0]);
  });

  it("gives distinct colours to as many runs as there are colours, then reuses the least used", () => {
    const used: string[] = [];
    for (let i = 0; i < RUN_COLORS.length; i++) used.push(pickRunColor(used));
    expect(new Set(used).size).toBe(RUN_COLORS.length);
    expect(pickRunColor(used)).toBe(RUN_COLORS[0]);
    expect(pickRunColor([...used, RUN_COLORS[0]])).toBe(RUN_COLORS[1]);
  });

  it("reads hex colours as RGB", () => {
    expect(hexToRgb("#3b6ef5")).toEqual([59, 110, 245]);
  });
});
