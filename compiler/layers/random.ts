/** A small seeded PRNG for initialisers (and the exported program's data), so a seed gives the same numbers on every run. */

/**
 * mulberry32: uniform numbers in [0, 1) from a 32-bit seed.
 * @example const rand = mulberry32(7); rand() // 0.0868…, the same on every run
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
