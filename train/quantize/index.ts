/** Post-training weight-only quantization: int8 per channel, int4 group-wise, the file format. */
export { planWeight, quantizeTensor, dequantizeTensor, quantizedBytes, quantError } from "./quantize";
export type { ChannelAxis, QuantError, QuantScheme, QuantizedTensor, WeightPlan, WeightTensor } from "./quantize";
export { quantizeWeights, schemeName } from "./apply";
export type { LayerReport, QuantizedModel } from "./apply";
export { readQuantized, writeQuantized, QuantizedManifestSchema, QUANTIZED_FORMAT } from "./format";
export type { ManifestEntry, QuantizedManifest, StoredWeight } from "./format";
