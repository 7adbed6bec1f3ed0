/**
 * Deterministic train/validation splits of row datasets (points, CSV tables, sequence tasks).
 * The same seed always holds out the same rows.
 */
import { createRng } from "./random";

export interface SplitOptions {
  /** Share of rows held out for validation (default 0.1); `round(n × valFraction)` rows. */
  valFraction?: number;
  /** Seed for which rows are held out (default 0). */
  seed?: number;
  /**
   * Class id per row: when given, every class is split separately so both sides keep the
   * class balance (each class contributes `round(count × valFraction)` rows).
   */
  stratifyBy?: Int32Array;
}

/** Row indices of each side, each list in ascending order. */
export interface SplitIndices {
  train: Int32Array;
  val: Int32Array;
}

/**
 * Chooses which of `n` rows go to validation.
 *
 * @example
 * splitIndices(10, { valFraction: 0.2, seed: 1 }); // { train: 8 indices, val: 2 indices }
 */
export function splitIndices(n: number, options: SplitOptions = {}): SplitIndices {
  const { valFraction = 0.1, seed = 0, stratifyBy } = options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Row count must be an integer ≥ 0, got ${n}.`);
  if (!(valFraction >= 0 && valFraction <= 1)) throw new RangeError(`valFraction must lie in [0, 1], got ${valFraction}.`);
  if (stratifyBy && stratifyBy.length !== n) {
    throw new RangeError(`stratifyBy has ${stratifyBy.length} labels but there are ${n} rows.`);
  }
  const rng = createRng(seed);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = stratifyBy ? stratifyBy[i] : 0;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  const isVal = new Uint8Array(n);
  // Visit classes in id order so the result does not depend on which class appears first.
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(groups.get(key)!);
    const take = Math.round(rows.length * valFraction);
    for (let i = 0; i < take; i++) isVal[rows[i]] = 1;
  }
  const valCount = isVal.reduce((sum, v) => sum + v, 0);
  const train = new Int32Array(n - valCount);
  const val = new Int32Array(valCount);
  let t = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    if (isVal[i]) val[v++] = i;
    else train[t++] = i;
  }
  return { train, val };
}

/** Typed arrays `takeRows` can copy. */
export type RowArray = Int32Array | Float32Array;

/**
 * Copies rows `indices` of a row-major array with `width` values per row.
 *
 * @example
 * takeRows(new Float32Array([1, 2, 3, 4, 5, 6]), 2, Int32Array.of(2, 0)); // [5, 6, 1, 2]
 */
export function takeRows<A extends RowArray>(data: A, width: number, indices: ArrayLike<number>): A {
  const out = new (data.constructor as new (length: number) => A)(indices.length * width);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    out.set(data.subarray(row * width, (row + 1) * width), i * width);
  }
  return out;
}

/** Features and targets of one side of a split. */
export interface XY<Y extends RowArray> {
  x: Float32Array;
  y: Y;
}

/**
 * Splits features `x` (`[n, features]`) and one target per row `y` (`[n]`) into train and
 * validation. Classification targets (`Int32Array`) are stratified unless `stratify: false`.
 *
 * @example
 * const ds = spirals({ n: 500 });
 * const { train, val } = splitXY(ds.x, ds.y, 2, { valFraction: 0.2, seed: 3 });
 */
export function splitXY<Y extends RowArray>(
  x: Float32Array,
  y: Y,
  features: number,
  options: Omit<SplitOptions, "stratifyBy"> & { stratify?: boolean } = {},
): { train: XY<Y>; val: XY<Y> } {
  const n = y.length;
  if (x.length !== n * features) {
    throw new RangeError(`x has ${x.length} values but ${n} rows × ${features} features need ${n * features}.`);
  }
  const stratify = options.stratify ?? y instanceof Int32Array;
  const { train, val } = splitIndices(n, { ...options, stratifyBy: stratify && y instanceof Int32Array ? y : undefined });
  return {
    train: { x: takeRows(x, features, train), y: takeRows(y, 1, train) },
    val: { x: takeRows(x, features, val), y: takeRows(y, 1, val) },
  };
}
