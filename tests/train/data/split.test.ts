import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { blobs, splitIndices, splitXY, takeRows } from "@/train/data";

describe("splitIndices", () => {
  it("holds out round(n × valFraction) rows, and train and val partition all rows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (n, frac, seed) => {
        const { train, val } = splitIndices(n, { valFraction: frac, seed });
        const all = [...train, ...val].sort((a, b) => a - b);
        return val.length === Math.round(n * frac) && all.length === n && all.every((v, i) => v === i);
      }),
    );
  });

  it("is deterministic from the seed", () => {
    expect(splitIndices(100, { seed: 1 })).toEqual(splitIndices(100, { seed: 1 }));
    expect(splitIndices(100, { seed: 1 }).val).not.toEqual(splitIndices(100, { seed: 2 }).val);
  });

  it("stratified splits keep the class balance on both sides", () => {
    const labels = Int32Array.from({ length: 200 }, (_, i) => (i < 150 ? 0 : 1)); // 75% / 25%
    const { val } = splitIndices(200, { valFraction: 0.2, seed: 3, stratifyBy: labels });
    const ones = Array.from(val).filter((i) => labels[i] === 1).length;
    expect(val.length).toBe(40);
    expect(ones).toBe(10);
  });

  it("rejects bad arguments with a message naming them", () => {
    expect(() => splitIndices(10, { valFraction: 1.5 })).toThrow(/valFraction/);
    expect(() => splitIndices(10, { stratifyBy: new Int32Array(3) })).toThrow(/3 labels but there are 10 rows/);
  });
});

describe("takeRows / splitXY", () => {
  it("takeRows copies whole rows in the given order and keeps the array type", () => {
    const out = takeRows(new Float32Array([1, 2, 3, 4, 5, 6]), 2, [2, 0]);
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([5, 6, 1, 2]);
    expect(takeRows(Int32Array.of(7, 8, 9), 1, [1])).toEqual(Int32Array.of(8));
  });

  it("splitXY keeps each point with its own label", () => {
    const ds = blobs({ n: 300, classes: 3, seed: 1 });
    const { train, val } = splitXY(ds.x, ds.y, 2, { valFraction: 0.2, seed: 4 });
    expect(train.x.length).toBe(240 * 2);
    expect(val.y.length).toBe(60);
    expect(Array.from({ length: 3 }, (_, k) => val.y.filter((v) => v === k).length)).toEqual([20, 20, 20]);
    // each validation row is one of the original (x, y) rows
    const original = new Set(Array.from({ length: ds.n }, (_, i) => `${ds.x[2 * i]},${ds.x[2 * i + 1]},${ds.y[i]}`));
    for (let i = 0; i < val.y.length; i++) expect(original.has(`${val.x[2 * i]},${val.x[2 * i + 1]},${val.y[i]}`)).toBe(true);
  });

  it("splitXY works for regression targets and checks the feature count", () => {
    const x = new Float32Array(20);
    const y = Float32Array.from({ length: 10 }, (_, i) => i / 10);
    const { train, val } = splitXY(x, y, 2, { valFraction: 0.3, seed: 1 });
    expect(train.y).toBeInstanceOf(Float32Array);
    expect(train.y.length + val.y.length).toBe(10);
    expect(() => splitXY(x, y, 3)).toThrow(/10 rows × 3 features need 30/);
  });
});
