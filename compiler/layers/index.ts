/**
 * The custom tfjs layers the compiler builds models from. Each class registers itself with
 * `tf.serialization.registerClass` when its module loads; ./classes.ts (generated) imports every
 * layer module, so importing this file is enough for
 * `tf.loadLayersModel` to rebuild a saved Tensorloom model.
 */
import * as tf from "@tensorflow/tfjs";
import { LAYER_CLASSES } from "./classes";
import { TLGRU, TLLSTM } from "./recurrent";

export { ACTIVATION_FNS, gelu, TLActivation, type ActivationFn } from "./activation";
export { attend, causalMask, MASKED_SCORE, TLScaledDotProductAttention, type AttendOptions } from "./attention";
export { TLEmbedding, type TLEmbeddingArgs } from "./embedding";
export { mergeHeads, splitHeads, TLMergeHeads, TLSplitHeads } from "./heads";
export { LINEAR_INITS, TLLinear, type TLLinearArgs } from "./linear";
export { orthogonalMatrix, TLOrthogonal, type TLOrthogonalArgs } from "./orthogonal";
export { TLMultiHeadAttention, type TLMultiHeadAttentionArgs } from "./mha";
export { TLLayerNorm, TLRMSNorm, type TLNormArgs } from "./norm";
export { GATES, recurrence, type RecurrentCell } from "./recurrent-bptt";
export { TLGRU, TLLSTM, type TLLSTMArgs, type TLRecurrentArgs } from "./recurrent";
export {
  applyRope,
  ropeTables,
  sinusoidTable,
  TLPositionEmbedding,
  TLRoPE,
  TLSinusoidal,
  type TLPositionEmbeddingArgs,
  type TLRoPEArgs,
} from "./position";

/** Every custom layer class, in a fixed order (listed by scripts/gen-layer-sources.mjs in ./classes.ts). */
export const CUSTOM_LAYERS = LAYER_CLASSES;

/**
 * The standard, fast recurrent layers (in CUSTOM_LAYERS like the rest, since the generator lists
 * every class): the LSTM and GRU blocks lower to them.
 */
export const RECURRENT_LAYERS = [TLLSTM, TLGRU] as const;

/**
 * Registers every custom layer with tfjs serialization. Importing this module already does
 * it; calling again is harmless (the registry maps each class name to the same class).
 * @example registerLayers(); const model = await tf.loadLayersModel(handler);
 */
export function registerLayers(): string[] {
  return CUSTOM_LAYERS.map((cls) => {
    tf.serialization.registerClass(cls);
    return cls.className;
  });
}
