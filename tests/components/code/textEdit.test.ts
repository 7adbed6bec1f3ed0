/** The Code tab updates Monaco with one minimal replacement, so the view keeps its place. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replacement } from "@/components/code/textEdit";
import type { Replacement } from "@/components/code/textEdit";

const apply = (before: string, r: Replacement | undefined) => (r ? before.slice(0, r.start) + r.text + before.slice(r.end) : before);

describe("replacement", () => {
  it("replaces only what changed", () => {
    expect(replacement("units: 64,", "units: 128,")).toEqual({ start: 7, end: 9, text: "128" });
    expect(replacement("a\nb\nc", "a\nc")).toEqual({ start: 2, end: 4, text: "" });
    expect(replacement("ab", "aXb")).toEqual({ start: 1, end: 1, text: "X" });
    expect(replacement("same", "same")).toBeUndefined();
  });

  it("never splits a surrogate pair", () => {
    // 😀 (D83D DE00) and 😁 (D83D DE01) share their first half.
    expect(replacement("a😀b", "a😁b")).toEqual({ start: 1, end: 3, text: "😁" });
    // 𐐀 (D801 DC00) and 𠐀 (D841 DC00) share their second half.
    expect(replacement("x𐐀", "x𠐀")).toEqual({ start: 1, end: 3, text: "𠐀" });
  });

  it("turns any text into any other", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (before, after) => {
        const r = replacement(before, after);
        expect(apply(before, r)).toBe(after);
        if (r) expect(r.start).toBeLessThanOrEqual(r.end);
      }),
    );
  });
});
