/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) so every dataset
 * is a pure function of its seed. All state lives in the returned object; there is no
 * module-level state, so two generators with the same seed always agree.
 */

/** A seeded random stream. Every method advances the stream. */
export interface Rng {
  /** Uniform float in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n). `n` must be a positive integer ≤ 2^32. */
  int(n: number): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Normal sample (Box–Muller), mean 0 and standard deviation 1 unless given. */
  normal(mean?: number, std?: number): number;
  /** One element of a non-empty list, chosen uniformly. */
  pick<T>(items: readonly T[]): T;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<A extends MutableList>(items: A): A;
  /** A random ordering of `0 … n-1`. */
  permutation(n: number): Int32Array;
  /** An independent generator derived from this one (advances this stream once). */
  fork(): Rng;
}

/** Arrays and typed arrays that can be shuffled in place. */
export type MutableList = { length: number; [index: number]: unknown };

/** splitmix32: spreads a (possibly small or sequential) seed over all 32 bits. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Folds any finite number into a 32-bit seed. Integers in [0, 2^32) map to themselves;
 * larger, negative and fractional seeds are folded so that nearby seeds still differ.
 */
function seedToUint32(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`Seed must be a finite number, got ${seed}.`);
  const whole = Math.trunc(seed);
  const high = Math.floor(whole / 2 ** 32) >>> 0;
  const frac = Math.floor((seed - whole) * 2 ** 32) >>> 0;
  return ((whole >>> 0) ^ Math.imul(high, 0x27d4eb2d) ^ Math.imul(frac, 0x165667b1)) >>> 0;
}

/**
 * Creates a seeded generator.
 *
 * @example
 * const rng = createRng(42);
 * rng.int(10);      // the same integer in [0, 10) on every run
 * rng.normal();     // a standard normal sample
 */
export function createRng(seed: number): Rng {
  const init = splitmix32(seedToUint32(seed));
  let a = init();
  let b = init();
  let c = init();
  let d = init();

  // sfc32: small, fast, passes PractRand far beyond what datasets here need.
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs so weak seeds are well mixed.
  for (let i = 0; i < 12; i++) nextUint32();

  const next = (): number => nextUint32() / 2 ** 32;

  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) {
      throw new RangeError(`rng.int(n) needs a positive integer n ≤ 2^32, got ${n}.`);
    }
    return Math.floor(next() * n);
  };

  const rng: Rng = {
    next,
    int,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: (mean = 0, std = 1) => {
      // 1 - next() lies in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: (items) => {
      if (items.length === 0) throw new RangeError("rng.pick needs a non-empty list.");
      return items[int(items.length)];
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(i + 1);
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
    permutation: (n) => {
      const order = new Int32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      return rng.shuffle(order);
    },
    fork: () => createRng(nextUint32()),
  };
  return rng;
}
