/** What the shared number field accepts and how it words what it would accept. */
import { describe, expect, it } from "vitest";
import { acceptsNumber, allowedRange } from "@/components/common/NumberField";

describe("acceptsNumber", () => {
  it.each([
    ["64", { min: 1, max: 4096, integer: true }, true],
    ["4097", { min: 1, max: 4096, integer: true }, false],
    ["0", { min: 1, max: 4096, integer: true }, false],
    ["2.5", { min: 1, max: 4096, integer: true }, false],
    ["", { min: 1, max: 4096, integer: true }, false],
    ["  ", { min: 0 }, false],
    ["abc", { min: 0 }, false],
    ["0.5", { min: 0, aboveMin: true }, true],
    ["0", { min: 0, aboveMin: true }, false],
    ["0", { min: 0 }, true],
    ["1e309", { min: 0 }, false],
  ])("%j with %j → %s", (text, range, ok) => {
    expect(acceptsNumber(text, range)).toBe(ok);
  });
});

describe("allowedRange", () => {
  it("names the kind of number and both ends", () => {
    expect(allowedRange({ min: 1, max: 65_536, integer: true })).toBe("a whole number from 1 to 65,536");
    expect(allowedRange({ min: 0.1, max: 2 })).toBe("a number from 0.1 to 2");
  });
  it("says positive for a field above zero without a top", () => {
    expect(allowedRange({ min: 0, aboveMin: true, integer: true })).toBe("a positive whole number");
    expect(allowedRange({ min: 0, aboveMin: true })).toBe("a positive number");
  });
});
