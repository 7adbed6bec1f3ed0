import { describe, expect, it } from "vitest";
import { blobs, circles, makePoints, moons, POINT_DATASETS, spirals, xor, type PointDataset } from "@/train/data";

/** Accuracy of a logistic regression on (x1, x2, 1) after plain gradient descent. */
function linearAccuracy(ds: PointDataset): number {
  let w0 = 0,
    w1 = 0,
    b = 0;
  for (let step = 0; step < 400; step++) {
    let g0 = 0,
      g1 = 0,
      gb = 0;
    for (let i = 0; i < ds.n; i++) {
      const p = 1 / (1 + Math.exp(-(w0 * ds.x[2 * i] + w1 * ds.x[2 * i + 1] + b)));
      const e = p - ds.y[i];
      g0 += e * ds.x[2 * i];
      g1 += e * ds.x[2 * i + 1];
      gb += e;
    }
    w0 -= (2 * g0) / ds.n;
    w1 -= (2 * g1) / ds.n;
    b -= (2 * gb) / ds.n;
  }
  let correct = 0;
  for (let i = 0; i < ds.n; i++) correct += Number(w0 * ds.x[2 * i] + w1 * ds.x[2 * i + 1] + b > 0 === (ds.y[i] === 1));
  return correct / ds.n;
}

/** Leave-one-out 1-nearest-neighbour accuracy: high when classes occupy distinct regions. */
function nearestNeighbourAccuracy(ds: PointDataset): number {
  let correct = 0;
  for (let i = 0; i < ds.n; i++) {
    let best = Infinity,
      label = -1;
    for (let j = 0; j < ds.n; j++) {
      if (j === i) continue;
      const d = (ds.x[2 * i] - ds.x[2 * j]) ** 2 + (ds.x[2 * i + 1] - ds.x[2 * j + 1]) ** 2;
      if (d < best) [best, label] = [d, ds.y[j]];
    }
    correct += Number(label === ds.y[i]);
  }
  return correct / ds.n;
}

const classCounts = (ds: PointDataset) => Array.from({ length: ds.numClasses }, (_, k) => ds.y.filter((v) => v === k).length);

describe("2-D point datasets", () => {
  it.each(POINT_DATASETS)("%s: shapes, label range and finite coordinates", (name) => {
    const ds = makePoints(name, { n: 301, seed: 1 });
    expect(ds.name).toBe(name);
    expect(ds.n).toBe(301);
    expect(ds.x).toBeInstanceOf(Float32Array);
    expect(ds.x.length).toBe(301 * 2);
    expect(ds.y).toBeInstanceOf(Int32Array);
    expect(ds.y.length).toBe(301);
    expect(ds.y.every((v) => v >= 0 && v < ds.numClasses)).toBe(true);
    expect(ds.x.every((v) => Number.isFinite(v) && Math.abs(v) < 2)).toBe(true);
  });

  it.each(POINT_DATASETS)("%s: same seed → same data, different seed → different data", (name) => {
    const a = makePoints(name, { n: 100, seed: 5 });
    const b = makePoints(name, { n: 100, seed: 5 });
    const c = makePoints(name, { n: 100, seed: 6 });
    expect(a.x).toEqual(b.x);
    expect(a.y).toEqual(b.y);
    expect(a.x).not.toEqual(c.x);
  });

  it.each(POINT_DATASETS)("%s: classes are balanced to within one sample", (name) => {
    const ds = makePoints(name, { n: 301, seed: 2 });
    const counts = classCounts(ds);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(301);
  });

  it("rows are shuffled, not grouped by class", () => {
    const ds = spirals({ n: 200, seed: 1 });
    const firstHalf = Array.from(ds.y.subarray(0, 100));
    expect(new Set(firstHalf).size).toBe(2);
    expect(firstHalf.filter((v, i) => i > 0 && v === firstHalf[i - 1]).length).toBeLessThan(80);
  });

  it("spirals are not linearly separable, but their classes are distinct regions", () => {
    const ds = spirals({ n: 400, seed: 3 });
    expect(linearAccuracy(ds)).toBeLessThan(0.75);
    expect(nearestNeighbourAccuracy(ds)).toBeGreaterThan(0.95);
  });

  it("two well-separated blobs are linearly separable (the linear check itself works)", () => {
    expect(linearAccuracy(blobs({ n: 400, classes: 2, noise: 0.1, seed: 3 }))).toBeGreaterThan(0.97);
  });

  it("circles and xor defeat a linear model but not nearest neighbours", () => {
    for (const ds of [circles({ n: 400, seed: 1 }), xor({ n: 400, seed: 1 })]) {
      expect(linearAccuracy(ds), ds.name).toBeLessThan(0.7);
      expect(nearestNeighbourAccuracy(ds), ds.name).toBeGreaterThan(0.95);
    }
  });

  it("moons need a curved boundary: a line gets most points but not nearly all", () => {
    const ds = moons({ n: 400, seed: 1 });
    expect(linearAccuracy(ds)).toBeLessThan(0.95);
    expect(nearestNeighbourAccuracy(ds)).toBeGreaterThan(0.95);
  });

  it("spirals and blobs honour the class count", () => {
    const s = spirals({ n: 300, classes: 3, seed: 1 });
    expect(s.numClasses).toBe(3);
    expect(classCounts(s)).toEqual([100, 100, 100]);
    expect(nearestNeighbourAccuracy(s)).toBeGreaterThan(0.9);
    expect(blobs({ n: 100, classes: 5 }).numClasses).toBe(5);
  });

  it("circles put class 1 inside class 0", () => {
    const ds = circles({ n: 400, noise: 0, factor: 0.4, seed: 1 });
    for (let i = 0; i < ds.n; i++) {
      const r = Math.hypot(ds.x[2 * i], ds.x[2 * i + 1]);
      expect(r).toBeCloseTo(ds.y[i] === 1 ? 0.4 : 1, 5);
    }
  });

  it("xor labels follow the quadrant without noise", () => {
    const ds = xor({ n: 200, noise: 0, seed: 4 });
    for (let i = 0; i < ds.n; i++) expect(ds.y[i]).toBe(ds.x[2 * i] * ds.x[2 * i + 1] > 0 ? 0 : 1);
  });

  it("more noise spreads points further from the noise-free shape", () => {
    const spread = (noise: number) => {
      const ds = circles({ n: 400, noise, seed: 1 });
      let err = 0;
      for (let i = 0; i < ds.n; i++) err += Math.abs(Math.hypot(ds.x[2 * i], ds.x[2 * i + 1]) - (ds.y[i] === 1 ? 0.5 : 1));
      return err / ds.n;
    };
    expect(spread(0.2)).toBeGreaterThan(3 * spread(0.02));
  });

  it("rejects bad options with a message naming the option", () => {
    expect(() => spirals({ n: 0 })).toThrow(/n must be a positive integer/);
    expect(() => moons({ noise: -1 })).toThrow(/noise/);
    expect(() => blobs({ classes: 1 })).toThrow(/classes/);
    expect(() => circles({ factor: 2 })).toThrow(/factor/);
  });
});
