/** Weight-only quantization: the error bound, exact byte counts, the layout, int8 vs int4. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { dequantizeTensor, planWeight, quantError, quantizeTensor, quantizeWeights, quantizedBytes } from "../../../train/quantize";
import type { ChannelAxis, QuantScheme, WeightTensor } from "../../../train/quantize";

/** A weight of the given shape from fast-check floats (finite, some exact zeros, a wide range). */
const weight = fc
  .record({ rows: fc.integer({ min: 1, max: 70 }), cols: fc.integer({ min: 1, max: 9 }) })
  .chain(({ rows, cols }) =>
    fc
      .array(
        fc.oneof(
          fc.float({ min: -4, max: 4, noNaN: true }),
          fc.constant(0),
          fc.float({ min: Math.fround(-1e-3), max: Math.fround(1e-3), noNaN: true }),
        ),
        { minLength: rows * cols, maxLength: rows * cols },
      )
      .map((v) => ({ name: "w", shape: [rows, cols], values: Float32Array.from(v) })),
  );
const schemes = fc.oneof(
  fc.constant<QuantScheme>({ bits: 8 }),
  fc.constantFrom(32, 64, 5).map((group): QuantScheme => ({ bits: 4, group })),
);
const axes = fc.constantFrom<ChannelAxis>("first", "last");

/** The scale that applies to element i, found independently of the quantizer's loops. */
function scaleOf(w: WeightTensor, q: ReturnType<typeof quantizeTensor>, i: number): number {
  const [R, C] = w.shape;
  const [r, c] = [Math.floor(i / C), i % C];
  const [channel, k, inDim] = q.channelAxis === "last" ? [c, r, R] : [r, c, C];
  return q.scales[channel * Math.ceil(inDim / q.group) + Math.floor(k / q.group)];
}

describe("quantizeTensor", () => {
  test("every element is within half a step of its group's scale: |w − ŵ| ≤ scale/2", () => {
    fc.assert(
      fc.property(weight, schemes, axes, (w, scheme, axis) => {
        const q = quantizeTensor(w, scheme, axis);
        const wHat = dequantizeTensor(q);
        for (let i = 0; i < w.values.length; i++) {
          const s = scaleOf(w, q, i);
          expect(Math.abs(w.values[i] - wHat[i])).toBeLessThanOrEqual(s / 2 + 1e-7 * Math.abs(w.values[i]));
        }
      }),
      { numRuns: 300 },
    );
  });

  test("the scale is max|w| / 127 per output channel for int8 and max|w| / 7 per group for int4", () => {
    // A kernel [in 4, out 2]: channel 0 is the column (1, -3, 2, 0.5), channel 1 (0.1, 0.2, -0.4, 0.3).
    const w = { name: "k", shape: [4, 2], values: Float32Array.of(1, 0.1, -3, 0.2, 2, -0.4, 0.5, 0.3) };
    // Each scale is the float32 nearest max / qmax, or the next one up when that one would clip max.
    const near = (scales: Float32Array, want: number[], qmax: number) =>
      want.forEach((m, i) => {
        expect(Math.abs(scales[i] - m / qmax)).toBeLessThanOrEqual((m / qmax) * 2 ** -23);
        expect(scales[i] * qmax).toBeGreaterThanOrEqual(m);
      });
    near(quantizeTensor(w, { bits: 8 }, "last").scales, [3, Math.fround(0.4)], 127);
    const q4 = quantizeTensor(w, { bits: 4, group: 2 }, "last");
    expect(q4.scales).toHaveLength(4);
    near(q4.scales, [3, 2, Math.fround(0.2), Math.fround(0.4)], 7);
    // The largest magnitude of each group comes back (to float32 rounding); codes are q + 8, low nibble first.
    const wHat = dequantizeTensor(q4);
    expect(Math.abs(wHat[2] + 3)).toBeLessThan(1e-6);
    expect(Math.abs(wHat[4] - 2)).toBeLessThan(1e-6);
    expect(q4.data[0] & 0xf).toBe(8 + Math.round(1 / (3 / 7))); // channel 0, k 0: 1 / (3/7) → 2
    expect(q4.data[0] >> 4).toBe(8 - 7); // channel 0, k 1: -3 → -7
  });

  test("an embedding table is quantized by row: one token's large values do not coarsen the others", () => {
    const w = { name: "wte/embeddings", shape: [2, 3], values: Float32Array.of(100, -50, 25, 0.01, 0.02, -0.03) };
    const q = quantizeTensor(w, { bits: 8 }, planWeight(w).kind === "quantize" ? "first" : "last");
    expect(q.scales[0] / q.scales[1]).toBeCloseTo(100 / Math.fround(0.03), 1);
    expect(quantError(w.values.subarray(3), dequantizeTensor(q).subarray(3)).relative).toBeLessThan(0.01);
  });

  test("an all-zero channel stays exactly zero", () => {
    const w = { name: "k", shape: [3, 2], values: Float32Array.of(0, 1, 0, -2, 0, 3) };
    for (const s of [{ bits: 8 }, { bits: 4, group: 2 }] as QuantScheme[])
      expect(Array.from(dequantizeTensor(quantizeTensor(w, s, "last"))).filter((_, i) => i % 2 === 0)).toEqual([0, 0, 0]);
  });

  test("int4 with a group size below 2 is refused naming the usual sizes", () => {
    expect(() => quantizeTensor({ name: "k", shape: [2, 2], values: new Float32Array(4) }, { bits: 4, group: 0 }, "last")).toThrow(
      /32 or 64/,
    );
  });
});

describe("bytes", () => {
  test("counted exactly: codes + float32 scales, int4 two codes a byte with the group tail its own scale", () => {
    // Kernel [128, 384] (a qkv projection): 49,152 values, 384 output channels.
    expect(quantizedBytes([128, 384], { bits: 32 })).toBe(196_608);
    expect(quantizedBytes([128, 384], { bits: 8 }, "last")).toBe(49_152 + 384 * 4);
    expect(quantizedBytes([128, 384], { bits: 4, group: 32 }, "last")).toBe(24_576 + 384 * 4 * 4);
    expect(quantizedBytes([128, 384], { bits: 4, group: 64 }, "last")).toBe(24_576 + 384 * 2 * 4);
    // Embedding [65, 33] by row: 33 = 32 + a tail of 1 → 2 groups a row; 2,145 values → 1,073 bytes.
    expect(quantizedBytes([65, 33], { bits: 4, group: 32 }, "first")).toBe(1073 + 65 * 2 * 4);
    fc.assert(
      fc.property(weight, schemes, axes, (w, scheme, axis) => {
        const q = quantizeTensor(w, scheme, axis);
        expect(q.data.byteLength + q.scales.byteLength).toBe(quantizedBytes(w.shape, scheme, axis));
      }),
    );
  });

  test("a model: norms and biases stay float32, the rest shrinks to about a quarter (int8) and an eighth (int4)", () => {
    const rand = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.05);
    const weights: WeightTensor[] = [
      { name: "wte/embeddings", shape: [64, 128], values: rand(64 * 128, 1) },
      { name: "blocks_0_ln1/gamma", shape: [128], values: rand(128, 2) },
      { name: "blocks_0_attn1/qkv_kernel", shape: [128, 384], values: rand(128 * 384, 3) },
      { name: "blocks_0_attn1/qkv_bias", shape: [384], values: rand(384, 4) },
    ];
    const q8 = quantizeWeights(weights, { bits: 8 });
    const q4 = quantizeWeights(weights, { bits: 4, group: 32 });
    expect(q8.fp32Bytes).toBe(4 * (64 * 128 + 128 + 128 * 384 + 384));
    expect(q8.bytes).toBe(64 * 128 + 64 * 4 + 128 * 4 + 128 * 384 + 384 * 4 + 384 * 4);
    expect(q4.bytes).toBe((64 * 128) / 2 + 64 * 4 * 4 + 128 * 4 + (128 * 384) / 2 + 384 * 4 * 4 + 384 * 4);
    expect(q8.layers.map((l) => l.storage)).toEqual(["int8", "float32 (norm)", "int8", "float32 (bias)"]);
    expect(q8.dequantized[1].values).toBe(weights[1].values); // kept as it is
    // int8's error is far below int4's on every quantized layer (about 127/7 ≈ 18× finer steps).
    for (const i of [0, 2]) expect(q8.layers[i].rms * 8).toBeLessThan(q4.layers[i].rms);
    expect(q8.layers[2].relative).toBeLessThan(0.01);
  });
});
