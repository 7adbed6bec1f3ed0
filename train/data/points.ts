/**
 * Two-dimensional toy classification sets (the TensorFlow Playground family): spirals, moons,
 * circles, xor and gaussian blobs. Every set is a pure function of its options, lies roughly in
 * [-1.5, 1.5]², has classes balanced to within one sample, and comes in shuffled order.
 */
import { createRng, type Rng } from "./random";

/** A 2-D classification dataset. */
export interface PointDataset {
  /** Which generator made it, e.g. `"spirals"`. */
  name: PointDatasetName;
  /** Points, row-major `[n, 2]`: `x[2*i]` is the first coordinate of sample i. */
  x: Float32Array;
  /** Class id of every point, `[n]`, each in `0 … numClasses-1`. */
  y: Int32Array;
  numClasses: number;
  /** Number of samples. */
  n: number;
}

export type PointDatasetName = "spirals" | "moons" | "circles" | "xor" | "blobs";

/** The names of all 2-D sets, in the order a picker shows them. */
export const POINT_DATASETS: readonly PointDatasetName[] = ["spirals", "moons", "circles", "xor", "blobs"];

export interface PointOptions {
  /** Number of samples (default 400). */
  n?: number;
  /** Standard deviation of the gaussian noise added to each coordinate (defaults per set). */
  noise?: number;
  /** Seed; the same seed gives the same points (default 0). */
  seed?: number;
  /** Number of classes, for spirals (arms, default 2) and blobs (default 3); others have 2. */
  classes?: number;
}

/** Draws one noise-free point of class `label`. */
type PointSampler = (rng: Rng, label: number) => [number, number];

function checkOptions(name: string, n: number, noise: number, classes: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name}: n must be a positive integer, got ${n}.`);
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new RangeError(`${name}: noise must be ≥ 0, got ${noise}.`);
  if (!Number.isInteger(classes) || classes < 2 || classes > 64) {
    throw new RangeError(`${name}: classes must be an integer from 2 to 64, got ${classes}.`);
  }
}

/** Draws n points, class `i % classes` for the i-th, then shuffles the rows. */
function build(name: PointDatasetName, n: number, noise: number, classes: number, seed: number, sample: PointSampler): PointDataset {
  checkOptions(name, n, noise, classes);
  const rng = createRng(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  const order = rng.permutation(n);
  for (let i = 0; i < n; i++) {
    const label = i % classes;
    const [px, py] = sample(rng, label);
    const row = order[i];
    x[2 * row] = px + (noise > 0 ? rng.normal(0, noise) : 0);
    x[2 * row + 1] = py + (noise > 0 ? rng.normal(0, noise) : 0);
    y[row] = label;
  }
  return { name, x, y, numClasses: classes, n };
}

/**
 * Interleaved spiral arms, one per class: the classic set a linear model cannot separate.
 * Radius grows from 0.1 to 1 over `turns` (1.75) revolutions; noise defaults to 0.03.
 *
 * @example
 * const { x, y } = spirals({ n: 300, classes: 3, seed: 1 }); // x: [300, 2], y in {0,1,2}
 */
export function spirals(options: PointOptions & { turns?: number } = {}): PointDataset {
  const { n = 400, noise = 0.03, seed = 0, classes = 2, turns = 1.75 } = options;
  return build("spirals", n, noise, classes, seed, (rng, label) => {
    const t = rng.next();
    const r = 0.1 + 0.9 * t;
    const angle = (2 * Math.PI * label) / classes + t * turns * 2 * Math.PI;
    return [r * Math.cos(angle), r * Math.sin(angle)];
  });
}

/**
 * Two interleaving half circles, centred and scaled to about [-1, 1]; noise defaults to 0.1.
 *
 * @example
 * moons({ n: 200, seed: 3 }).numClasses; // 2
 */
export function moons(options: PointOptions = {}): PointDataset {
  const { n = 400, noise = 0.1, seed = 0 } = options;
  return build("moons", n, noise, 2, seed, (rng, label) => {
    const t = Math.PI * rng.next();
    const [px, py] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    // The raw moons span x ∈ [-1, 2], y ∈ [-0.5, 1]; centre them on the origin.
    return [(px - 0.5) / 1.5, (py - 0.25) / 1.5];
  });
}

/**
 * A disc of class 1 inside a ring of class 0 (radius `factor`, default 0.5, inside radius 1);
 * noise defaults to 0.05.
 *
 * @example
 * circles({ n: 100, factor: 0.3 });
 */
export function circles(options: PointOptions & { factor?: number } = {}): PointDataset {
  const { n = 400, noise = 0.05, seed = 0, factor = 0.5 } = options;
  if (!(factor > 0 && factor < 1)) throw new RangeError(`circles: factor must lie in (0, 1), got ${factor}.`);
  return build("circles", n, noise, 2, seed, (rng, label) => {
    const angle = 2 * Math.PI * rng.next();
    const r = label === 0 ? 1 : factor;
    return [r * Math.cos(angle), r * Math.sin(angle)];
  });
}

/**
 * The four quadrants of [-1, 1]²: class 0 where both coordinates share a sign, class 1 where
 * they differ. Points keep a 0.05 margin from the axes before noise (default 0.05) is added.
 *
 * @example
 * xor({ n: 200, seed: 7 });
 */
export function xor(options: PointOptions = {}): PointDataset {
  const { n = 400, noise = 0.05, seed = 0 } = options;
  return build("xor", n, noise, 2, seed, (rng, label) => {
    const a = rng.uniform(0.05, 1) * (rng.next() < 0.5 ? -1 : 1);
    const b = rng.uniform(0.05, 1) * Math.sign(a) * (label === 0 ? 1 : -1);
    return rng.next() < 0.5 ? [a, b] : [b, a];
  });
}

/**
 * K gaussian blobs with centres evenly spaced on a circle of radius 0.8; `noise` is each
 * blob's standard deviation (default 0.15).
 *
 * @example
 * blobs({ n: 300, classes: 4, noise: 0.1 });
 */
export function blobs(options: PointOptions = {}): PointDataset {
  const { n = 400, noise = 0.15, seed = 0, classes = 3 } = options;
  return build("blobs", n, noise, classes, seed, (_rng, label) => {
    const angle = (2 * Math.PI * label) / classes + Math.PI / 4;
    return [0.8 * Math.cos(angle), 0.8 * Math.sin(angle)];
  });
}

/**
 * Any 2-D set by name, for pickers and saved training settings.
 *
 * @example
 * makePoints("moons", { n: 500, noise: 0.2, seed: 1 });
 */
export function makePoints(name: PointDatasetName, options: PointOptions = {}): PointDataset {
  switch (name) {
    case "spirals":
      return spirals(options);
    case "moons":
      return moons(options);
    case "circles":
      return circles(options);
    case "xor":
      return xor(options);
    case "blobs":
      return blobs(options);
  }
}
