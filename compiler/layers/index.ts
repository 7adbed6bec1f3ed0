/**
 * The custom tfjs layers the compiler builds models from. Each class registers itself with
 * `tf.serialization.registerClass` when its module loads, so importing this file is enough for
 * `tf.loadLayersModel` to rebuild a saved Tensorloom model.
 */
import * as tf from "@tensorflow/tfjs";
import { TLActivation } from "./activation";
import { TLScaledDotProductAttention } from "./attention";
import { TLEmbedding } from "./embedding";
import { TLMergeHeads, TLSplitHeads } from "./heads";
import { TLLinear } from "./linear";
import { TLMultiHeadAttention } from "./mha";
import { TLLayerNorm, TLRMSNorm } from "./norm";
import { TLPositionEmbedding, TLRoPE, TLSinusoidal } from "./position";
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
export { applyRope, ropeTables, sinusoidTable, TLPositionEmbedding, TLRoPE, TLSinusoidal, type TLPositionEmbeddingArgs, type TLRoPEArgs } from "./position";

/** Every custom layer class, in a fixed order. */
export const CUSTOM_LAYERS = [
  TLLinear,
  TLEmbedding,
  TLPositionEmbedding,
  TLSinusoidal,
  TLRoPE,
  TLLayerNorm,
  TLRMSNorm,
  TLActivation,
  TLSplitHeads,
  TLMergeHeads,
  TLScaledDotProductAttention,
  TLMultiHeadAttention,
] as const;

/**
 * The standard, fast recurrent layers (registered on import like the rest). Kept apart from
 * CUSTOM_LAYERS until the LSTM/GRU blocks lower to them and the TypeScript export can emit them.
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
