/**
 * A lowered layer (graph/blocks: class name and config) made into a tfjs layer through tfjs's
 * serialization registry, where tfjs's own classes and Tensorloom's custom ones are registered.
 */
import * as tf from "@tensorflow/tfjs";
import type { ConfigValue, LayerConfig, LayerLowering } from "../graph";
import { layerSeed } from "./layers/seed";

export interface ResolveContext {
  /** The model's seed. */
  seed: number;
  /** How many layers use the residual-projection init. */
  residualLayers: number;
}

/** A config value with its tokens filled in for the layer named `name`. */
function resolve(value: ConfigValue, name: string, ctx: ResolveContext): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => resolve(v, name, ctx));
  const token = value as Exclude<ConfigValue, readonly ConfigValue[] | number | string | boolean | null>;
  if (token.$ === "seed") return layerSeed(ctx.seed, token.part ? `${name}.${token.part}` : name);
  if (token.$ === "residualStd") return token.base / Math.sqrt(Math.max(1, ctx.residualLayers));
  return { className: token.className, config: resolveConfig(token.config, name, ctx) };
}

/**
 * A lowered config as tfjs args: seeds from the layer's name, the residual std-dev, and nested
 * objects (initializers) as `{ className, config }`, which tfjs deserializes by class name.
 */
export function resolveConfig(config: LayerConfig, name: string, ctx: ResolveContext): tf.serialization.ConfigDict {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, resolve(v, name, ctx)])) as tf.serialization.ConfigDict;
}

/**
 * The layer a lowering describes, named `name`.
 * @example buildLayer(lowerNode(linear, info, peers), "fc1", { seed: 0, residualLayers: 0 }) // a TLLinear
 */
export function buildLayer(lowering: LayerLowering, name: string, ctx: ResolveContext): tf.layers.Layer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[lowering.className];
  if (!entry) throw new Error(`no layer class ${lowering.className} is registered with tfjs`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, { ...resolveConfig(lowering.config, name, ctx), name }) as unknown as tf.layers.Layer;
}
