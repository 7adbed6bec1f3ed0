import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "@/train/data";

const draw = (seed: number, k = 20) => {
  const rng = createRng(seed);
  return Array.from({ length: k }, () => rng.next());
};

describe("createRng", () => {
  it("gives the same stream for the same seed and a different one for another seed", () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(0)).not.toEqual(draw(1));
  });

  it("keeps no shared state: interleaving two generators does not change either", () => {
    const a = createRng(7);
    const b = createRng(7);
    const seq = [a.next(), b.next(), b.next(), a.next()];
    expect(seq[0]).toBe(seq[1]);
    expect(seq[2]).toBe(seq[3]);
  });

  it("next() lies in [0, 1) and int(n) in [0, n)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const rng = createRng(seed);
        for (let i = 0; i < 50; i++) {
          const u = rng.next();
          const k = rng.int(n);
          if (!(u >= 0 && u < 1) || !Number.isInteger(k) || k < 0 || k >= n) return false;
        }
        return true;
      }),
    );
  });

  it("int(n) is roughly uniform", () => {
    const rng = createRng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 50_000; i++) counts[rng.int(10)]++;
    for (const c of counts) expect(Math.abs(c - 5000)).toBeLessThan(300);
  });

  it("normal() has mean ≈ 0 and standard deviation ≈ 1", () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 40_000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    expect(xs.every(Number.isFinite)).toBe(true);
  });

  it("shuffle and permutation reorder without losing or duplicating items", () => {
    const rng = createRng(5);
    const items = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = rng.shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    const perm = Array.from(createRng(5).permutation(100));
    expect([...perm].sort((a, b) => a - b)).toEqual(items);
  });

  it("rejects a bad int range and a non-finite seed with a clear message", () => {
    expect(() => createRng(1).int(0)).toThrow(/positive integer/);
    expect(() => createRng(Number.NaN)).toThrow(/finite/);
  });

  it("fork() gives an independent but reproducible stream", () => {
    const f1 = createRng(9).fork();
    const f2 = createRng(9).fork();
    expect(f1.next()).toBe(f2.next());
    expect(createRng(9).fork().next()).not.toBe(createRng(9).next());
  });
});
