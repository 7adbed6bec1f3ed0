/**
 * Reading and checking the constructor args of the custom layers, and the small pieces of
 * plumbing every layer shares (shape/tensor lists, per-weight seeds).
 *
 * Args arrive from the compiler or from a saved model's config, so every check throws an
 * Error that names the layer, the arg and the accepted range.
 */
import * as tf from "@tensorflow/tfjs";

/** A tfjs layer shape: null marks a size not known until run time (the batch). */
export type Shape = (number | null)[];
/** The keyword args tfjs passes to `call` (`training`, `mask`, …). */
export type Kwargs = Record<string, any>;
/** The standard tfjs layer args (`name`, `trainable`, `inputShape`, …). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export function requireInt(layer: string, key: string, value: unknown, min: number, fallback?: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new Error(`${layer}: ${key} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return v;
}

/** A finite number in [min, max] (or [min, max) when `openMax`), or `fallback` when absent. */
export function requireNumber(
  layer: string,
  key: string,
  value: unknown,
  range: { min: number; max?: number; openMax?: boolean; above?: boolean },
  fallback?: number,
): number {
  const v = value ?? fallback;
  const { min, max = Infinity, openMax = false, above = false } = range;
  const inRange = typeof v === "number" && Number.isFinite(v) && (above ? v > min : v >= min) && (openMax ? v < max : v <= max);
  if (!inRange) {
    const lo = above ? `> ${min}` : `≥ ${min}`;
    const hi = max === Infinity ? "" : openMax ? ` and < ${max}` : ` and ≤ ${max}`;
    throw new Error(`${layer}: ${key} must be a finite number ${lo}${hi}, got ${String(value)}`);
  }
  return v as number;
}

export function requireBool(layer: string, key: string, value: unknown, fallback: boolean): boolean {
  const v = value ?? fallback;
  if (typeof v !== "boolean") throw new Error(`${layer}: ${key} must be true or false, got ${String(value)}`);
  return v;
}

export function requireChoice<T extends string>(layer: string, key: string, value: unknown, choices: readonly T[], fallback: T): T {
  const v = value ?? fallback;
  if (!choices.includes(v as T)) throw new Error(`${layer}: ${key} must be one of ${choices.join(", ")}, got ${String(value)}`);
  return v as T;
}

/** An optional integer seed; null (how a saved config stores "none") means unseeded. */
export function optionalSeed(layer: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value * 8))
    throw new Error(`${layer}: seed must be an integer of at most 15 digits, got ${String(value)}`);
  return value;
}

/**
 * The seed of a layer's k-th weight (k < 8). Layers seeded 0, 1, 2, … never share a random
 * stream, and two weights of one layer never draw the same numbers.
 */
export function weightSeed(seed: number | null, k: number): number | undefined {
  return seed === null ? undefined : seed * 8 + k;
}

/** N(0, stddev²) initializer, seeded when a seed is given. */
export function normalInit(stddev: number, seed: number | null, k: number) {
  return tf.initializers.randomNormal({ mean: 0, stddev, seed: weightSeed(seed, k) });
}

export function shapeList(inputShape: Shape | Shape[]): Shape[] {
  return Array.isArray(inputShape[0]) ? (inputShape as Shape[]) : [inputShape as Shape];
}

export function tensorList(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(inputs) ? inputs : [inputs];
}

/**
 * A one-input layer whose output has its input's shape (norms, activations, SwiGLU): it says so
 * once, and runs `forward` on the input inside a tidy.
 */
export abstract class SameShapeLayer extends tf.layers.Layer {
  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => this.forward(Array.isArray(inputs) ? inputs[0] : inputs));
  }

  /** The layer's function of its one input x [..., C]. */
  protected abstract forward(x: tf.Tensor): tf.Tensor;
}

/** The last size of a shape, which must be known when weights are built. */
export function featureSize(layer: string, shape: Shape): number {
  const c = shape[shape.length - 1];
  if (typeof c !== "number") throw new Error(`${layer}: the feature axis of input [${shape.join(", ")}] must have a fixed size`);
  return c;
}

export function expectRank(layer: string, shape: Shape, ranks: number[], what = "input"): void {
  if (!ranks.includes(shape.length)) {
    throw new Error(`${layer}: ${what} must have rank ${ranks.join(" or ")}, got [${shape.map((d) => d ?? "?").join(", ")}]`);
  }
}
