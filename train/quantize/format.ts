/**
 * The quantized weights file: a manifest (JSON) and one binary payload. For each weight the
 * manifest gives its name, shape, dtype, bits, group and channel axis, and where its codes and
 * scales lie in the payload (byte offsets and lengths). Numbers in the payload are
 * little-endian; float32 weights (norms, biases) are stored as they are. Sections follow each
 * other with no padding, so the payload's size is exactly the sum of the weights' bytes.
 */
import { z } from "zod";
import { dequantizeTensor, quantizedBytes } from "./quantize";
import type { QuantizedTensor, WeightTensor } from "./quantize";

export const QUANTIZED_FORMAT = "tensorloom.quantized-weights";

const Entry = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().min(0)),
  dtype: z.enum(["int8", "int4", "float32"]),
  bits: z.union([z.literal(8), z.literal(4), z.literal(32)]),
  /** Values per scale along the input dim (int8: the whole input dim); null for float32. */
  group: z.number().int().min(1).nullable(),
  channelAxis: z.enum(["first", "last"]).nullable(),
  offset: z.number().int().min(0),
  byteLength: z.number().int().min(0),
  scalesOffset: z.number().int().min(0).nullable(),
  scalesLength: z.number().int().min(0).nullable(),
});

export const QuantizedManifestSchema = z.object({
  format: z.literal(QUANTIZED_FORMAT),
  version: z.literal(1),
  /** The payload's file name, beside the manifest. */
  payload: z.string().min(1),
  payloadBytes: z.number().int().min(0),
  weights: z.array(Entry),
});

export type QuantizedManifest = z.infer<typeof QuantizedManifestSchema>;
export type ManifestEntry = z.infer<typeof Entry>;

/** A weight to write: quantized, or float32 as it is. */
export type StoredWeight = { quantized: QuantizedTensor } | { float32: WeightTensor };

/**
 * Lays out weights as a manifest and one payload.
 * @example const { manifest, payload } = writeQuantized(stored, "weights.q4.bin");
 */
export function writeQuantized(weights: StoredWeight[], payloadName: string): { manifest: QuantizedManifest; payload: Uint8Array } {
  const sections: Uint8Array[] = [];
  const entries: ManifestEntry[] = [];
  let at = 0;
  const place = (bytes: Uint8Array) => {
    sections.push(bytes);
    const offset = at;
    at += bytes.byteLength;
    return offset;
  };
  for (const w of weights) {
    if ("float32" in w) {
      const { name, shape, values } = w.float32;
      const offset = place(float32Bytes(values));
      entries.push({
        name,
        shape,
        dtype: "float32",
        bits: 32,
        group: null,
        channelAxis: null,
        offset,
        byteLength: values.length * 4,
        scalesOffset: null,
        scalesLength: null,
      });
    } else {
      const q = w.quantized;
      const offset = place(q.data);
      const scalesOffset = place(float32Bytes(q.scales));
      entries.push({
        name: q.name,
        shape: q.shape,
        dtype: q.bits === 8 ? "int8" : "int4",
        bits: q.bits,
        group: q.group,
        channelAxis: q.channelAxis,
        offset,
        byteLength: q.data.byteLength,
        scalesOffset,
        scalesLength: q.scales.length * 4,
      });
    }
  }
  const payload = new Uint8Array(at);
  let o = 0;
  for (const s of sections) {
    payload.set(s, o);
    o += s.byteLength;
  }
  return { manifest: { format: QUANTIZED_FORMAT, version: 1, payload: payloadName, payloadBytes: at, weights: entries }, payload };
}

function float32Bytes(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setFloat32(i * 4, v, true));
  return out;
}

function readFloat32(payload: Uint8Array, offset: number, count: number): Float32Array {
  const dv = new DataView(payload.buffer, payload.byteOffset + offset, count * 4);
  return Float32Array.from({ length: count }, (_, i) => dv.getFloat32(i * 4, true));
}

/**
 * Reads a manifest (object or JSON text) and its payload back into float32 weights by name,
 * dequantizing on load. Throws naming the weight and field when the manifest does not match
 * the payload (a section out of bounds, a length that does not fit the shape).
 * @example const weights = readQuantized(manifestText, payloadBytes); weights.get("wte/embeddings");
 */
export function readQuantized(manifest: unknown, payload: Uint8Array): Map<string, WeightTensor> {
  const value: unknown = typeof manifest === "string" ? JSON.parse(manifest) : manifest;
  const r = QuantizedManifestSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new TypeError(`Not a quantized weights manifest: ${issue.path.join(".") || "(top)"}: ${issue.message}.`);
  }
  const m = r.data;
  if (payload.byteLength !== m.payloadBytes)
    throw new RangeError(
      `The payload ${m.payload} has ${payload.byteLength} bytes but the manifest says ${m.payloadBytes}: is it the file written with this manifest?`,
    );
  const out = new Map<string, WeightTensor>();
  for (const e of m.weights) {
    const bad = (why: string): never => {
      throw new RangeError(`Quantized weight ${e.name}: ${why}.`);
    };
    const size = e.shape.reduce((a, b) => a * b, 1);
    const within = (offset: number, length: number) =>
      offset + length <= payload.byteLength || bad(`bytes ${offset}…${offset + length} lie outside the ${payload.byteLength}-byte payload`);
    within(e.offset, e.byteLength);
    if (out.has(e.name)) bad("it appears twice in the manifest");
    if (e.dtype === "float32") {
      if (e.byteLength !== size * 4) bad(`float32 [${e.shape.join(", ")}] needs ${size * 4} bytes, the manifest says ${e.byteLength}`);
      out.set(e.name, { name: e.name, shape: e.shape, values: readFloat32(payload, e.offset, size) });
      continue;
    }
    if (e.group === null || e.channelAxis === null || e.scalesOffset === null || e.scalesLength === null)
      return bad(`${e.dtype} needs group, channelAxis, scalesOffset and scalesLength`);
    const bits = e.dtype === "int8" ? 8 : 4;
    if (e.bits !== bits) bad(`dtype ${e.dtype} with bits ${e.bits}`);
    const channels = e.channelAxis === "last" ? e.shape[e.shape.length - 1] : e.shape[0];
    const inDim = channels ? size / channels : 0;
    if (bits === 8 && e.group !== Math.max(inDim, 1))
      bad(`int8 has one scale per channel, so its group must be the input dim ${inDim}, not ${e.group}`);
    const expected = quantizedBytes(e.shape, bits === 8 ? { bits: 8 } : { bits: 4, group: e.group }, e.channelAxis);
    if (e.byteLength + e.scalesLength !== expected)
      bad(
        `[${e.shape.join(", ")}] as ${e.dtype}${bits === 4 ? ` group ${e.group}` : ""} takes ${expected} bytes, the manifest gives ${e.byteLength + e.scalesLength}`,
      );
    within(e.scalesOffset, e.scalesLength);
    const q: QuantizedTensor = {
      name: e.name,
      shape: e.shape,
      bits,
      group: e.group,
      channelAxis: e.channelAxis,
      scales: readFloat32(payload, e.scalesOffset, e.scalesLength / 4),
      data: payload.subarray(e.offset, e.offset + e.byteLength),
    };
    out.set(e.name, { name: e.name, shape: e.shape, values: dequantizeTensor(q) });
  }
  return out;
}
