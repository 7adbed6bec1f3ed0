/**
 * Quantizing a whole model's weights: each weight planned (planWeight), quantized or kept,
 * dequantized back for evaluation, with its bytes and error, ready to write (format.ts).
 */
import type { StoredWeight } from "./format";
import { dequantizeTensor, planWeight, quantError, quantizeTensor, quantizedBytes } from "./quantize";
import type { QuantError, QuantScheme, WeightTensor } from "./quantize";

export interface LayerReport extends QuantError {
  name: string;
  shape: number[];
  /** "int8", "int4 g32" or "float32 (norm)" / "float32 (bias)". */
  storage: string;
  fp32Bytes: number;
  bytes: number;
}

export interface QuantizedModel {
  scheme: QuantScheme;
  stored: StoredWeight[];
  /** Every weight as float32 again (quantized ones dequantized), in the input order. */
  dequantized: WeightTensor[];
  layers: LayerReport[];
  fp32Bytes: number;
  bytes: number;
}

/** A scheme's short name: "int8" or "int4-g32". */
export function schemeName(s: QuantScheme): string {
  return s.bits === 8 ? "int8" : `int4-g${s.group}`;
}

/**
 * Quantizes every weight that `planWeight` picks, keeping norms and biases float32.
 * @example const q = quantizeWeights(weights, { bits: 8 }); q.bytes / q.fp32Bytes; // ≈ 0.25
 */
export function quantizeWeights(weights: WeightTensor[], scheme: QuantScheme): QuantizedModel {
  const stored: StoredWeight[] = [];
  const dequantized: WeightTensor[] = [];
  const layers: LayerReport[] = [];
  for (const w of weights) {
    const plan = planWeight(w);
    const fp32Bytes = quantizedBytes(w.shape, { bits: 32 });
    if (plan.kind === "float32") {
      stored.push({ float32: w });
      dequantized.push(w);
      layers.push({
        name: w.name,
        shape: w.shape,
        storage: `float32 (${plan.reason})`,
        fp32Bytes,
        bytes: fp32Bytes,
        maxAbs: 0,
        rms: 0,
        relative: 0,
      });
      continue;
    }
    const q = quantizeTensor(w, scheme, plan.channelAxis);
    const values = dequantizeTensor(q);
    stored.push({ quantized: q });
    dequantized.push({ name: w.name, shape: w.shape, values });
    layers.push({
      name: w.name,
      shape: w.shape,
      storage: scheme.bits === 8 ? "int8" : `int4 g${scheme.group}`,
      fp32Bytes,
      bytes: q.data.byteLength + q.scales.byteLength,
      ...quantError(w.values, values),
    });
  }
  const sum = (k: "bytes" | "fp32Bytes") => layers.reduce((n, l) => n + l[k], 0);
  return { scheme, stored, dequantized, layers, fp32Bytes: sum("fp32Bytes"), bytes: sum("bytes") };
}
