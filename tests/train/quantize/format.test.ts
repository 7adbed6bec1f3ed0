/** The quantized weights file: manifest + payload, written and read back by name. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { quantizeWeights, readQuantized, writeQuantized } from "../../../train/quantize";
import type { QuantScheme, WeightTensor } from "../../../train/quantize";

const rand = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 78.233 + seed) * 0.1);
const model: WeightTensor[] = [
  { name: "wte/embeddings", shape: [65, 40], values: rand(65 * 40, 1) },
  { name: "blocks_0_ln1/gamma", shape: [40], values: rand(40, 2) },
  { name: "blocks_0_attn1/qkv_kernel", shape: [40, 120], values: rand(40 * 120, 3) },
  { name: "blocks_0_attn1/qkv_bias", shape: [120], values: rand(120, 4) },
  { name: "blocks_0_mlpDown/kernel", shape: [3, 3, 7, 5], values: rand(315, 5) },
];

describe("quantized weights file", () => {
  test.each<[string, QuantScheme]>([
    ["int8", { bits: 8 }],
    ["int4 g32", { bits: 4, group: 32 }],
    ["int4 g64", { bits: 4, group: 64 }],
  ])("%s: the payload is exactly the counted bytes, and reading it gives the dequantized weights by name", (_name, scheme) => {
    const q = quantizeWeights(model, scheme);
    const { manifest, payload } = writeQuantized(q.stored, "weights.bin");
    expect(payload.byteLength).toBe(q.bytes);
    expect(manifest.payloadBytes).toBe(q.bytes);
    // Through JSON text and a copy of the bytes at an odd offset, as a file read would give them.
    const copy = new Uint8Array(payload.byteLength + 3);
    copy.set(payload, 3);
    const read = readQuantized(JSON.stringify(manifest), copy.subarray(3));
    expect([...read.keys()]).toEqual(model.map((w) => w.name));
    q.dequantized.forEach((w) => {
      expect(read.get(w.name)!.shape).toEqual(w.shape);
      expect(read.get(w.name)!.values).toEqual(w.values);
    });
    expect(read.get("blocks_0_ln1/gamma")!.values).toEqual(model[1].values); // float32 stays bit-exact
    expect(manifest.weights.map((e) => e.dtype)).toEqual(
      scheme.bits === 8 ? ["int8", "float32", "int8", "float32", "int8"] : ["int4", "float32", "int4", "float32", "int4"],
    );
  });

  test("round trip for random shapes and values", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<QuantScheme>({ bits: 8 }, { bits: 4, group: 32 }, { bits: 4, group: 3 }),
        (r, c, scheme) => {
          const w = [{ name: "k/kernel", shape: [r, c], values: rand(r * c, r + c) }];
          const q = quantizeWeights(w, scheme);
          const { manifest, payload } = writeQuantized(q.stored, "x.bin");
          expect(readQuantized(manifest, payload).get("k/kernel")!.values).toEqual(q.dequantized[0].values);
        },
      ),
      { numRuns: 100 },
    );
  });

  test("a manifest that does not match its payload is refused naming the weight", () => {
    const { manifest, payload } = writeQuantized(quantizeWeights(model, { bits: 4, group: 32 }).stored, "weights.bin");
    expect(() => readQuantized({ ...manifest, version: 2 }, payload)).toThrow(/version/);
    expect(() => readQuantized(manifest, payload.subarray(1))).toThrow(/has \d+ bytes but the manifest says/);
    const shifted = { ...manifest, weights: manifest.weights.map((e, i) => (i === 2 ? { ...e, shape: [40, 121] } : e)) };
    expect(() => readQuantized(shifted, payload)).toThrow(/blocks_0_attn1\/qkv_kernel: \[40, 121\] as int4 group 32 takes/);
    const outside = { ...manifest, weights: manifest.weights.map((e, i) => (i === 4 ? { ...e, scalesOffset: payload.byteLength } : e)) };
    expect(() => readQuantized(outside, payload)).toThrow(/blocks_0_mlpDown\/kernel: bytes .* lie outside/);
  });
});
