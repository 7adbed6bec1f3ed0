/**
 * TLLSTM and TLGRU against the float64 reference of tests/compiler/reference/recurrent.ts:
 * outputs and the gradients w.r.t. the input and every weight (the reference's by central
 * differences), for 1 and 2 stacked layers, with and without returnSequences, on cpu and wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { RECURRENT_LAYERS, TLGRU, TLLSTM } from "../../../compiler/layers";
import { finiteDifferenceGrad, gateCount, recurrentStack, weightedSum } from "../reference/recurrent";
import type { Cell, RecurrentWeights } from "../reference/recurrent";
import { expectClose } from "./close";
import { recordMatMuls } from "./matmul-spy";
import { arr, seeded } from "./reference";

const [B, T, D, H] = [2, 5, 3, 4];
const CLASSES = { lstm: TLLSTM, gru: TLGRU } as const;
const flat = (t: tf.Tensor) => Array.from(t.dataSync());

/** A stack of `depth` layers (all but the last return sequences) with seeded weights in ±0.6. */
function stackOf(cell: Cell, depth: number, returnSequences: boolean) {
  const layers = Array.from(
    { length: depth },
    (_, k) => new CLASSES[cell]({ units: H, returnSequences: k < depth - 1 || returnSequences, seed: k, name: `${cell}_${k}` }),
  );
  const model = tf.sequential({
    layers: layers
      .map((l, k) => (k === 0 ? tf.layers.inputLayer({ inputShape: [T, D] }) : null))
      .filter((l) => l !== null) as tf.layers.Layer[],
  });
  layers.forEach((l) => model.add(l));
  layers.forEach((l, k) => l.setWeights(l.getWeights().map((w, i) => seeded(w.shape, 10 * k + i + 1, 0.6))));
  return { model, layers };
}

/** The reference weights of each layer, read from the tfjs layer (kernel, recurrentKernel, biasIh, biasHh). */
function referenceWeights(layers: tf.layers.Layer[]): RecurrentWeights[] {
  return layers.map((l) => {
    const [W, U, bih, bhh] = l.getWeights().map(flat);
    return { W, U, bih, bhh };
  });
}

/** Flattens input and weights into one parameter vector θ and back. */
function packing(x: number[], weights: RecurrentWeights[]) {
  const parts = [x, ...weights.flatMap((w) => [w.W, w.U, w.bih, w.bhh])];
  const theta = parts.flat();
  const unpack = (th: number[]) => {
    let at = 0;
    const take = (n: number) => th.slice(at, (at += n));
    const xs = take(x.length);
    const ws = weights.map((w) => ({ W: take(w.W.length), U: take(w.U.length), bih: take(w.bih.length), bhh: take(w.bhh.length) }));
    const x3 = Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => xs.slice((b * T + t) * D, (b * T + t + 1) * D)));
    return { x3, ws };
  };
  return { theta, unpack, sizes: parts.map((p) => p.length) };
}

function splitBy(values: number[], sizes: number[]): number[][] {
  let at = 0;
  return sizes.map((n) => values.slice(at, (at += n)));
}

describe.each(["cpu", "wasm"] as const)("on %s", (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    expect(tf.getBackend()).toBe(backend);
  });

  it("one LSTM step with x = 1, all gate kernels 1, no recurrence or bias gives the textbook h = 0.3696 (tfjs's hard-sigmoid lstm: 0.3414)", () => {
    const x = tf.ones([1, 1, 1]);
    const ours = new TLLSTM({ units: 1, unitForgetBias: false });
    ours.apply(x);
    ours.setWeights([tf.ones([1, 4]), tf.zeros([1, 4]), tf.zeros([4]), tf.zeros([4])]);
    const s = 1 / (1 + Math.exp(-1));
    const textbook = s * Math.tanh(s * Math.tanh(1)); // o·tanh(i·g), c₀ = 0
    expect(textbook).toBeCloseTo(0.3696, 4);
    expect(flat(ours.apply(x) as tf.Tensor)[0]).toBeCloseTo(textbook, 5);
    const tfjs = tf.layers.lstm({ units: 1, kernelInitializer: "ones", recurrentInitializer: "zeros", biasInitializer: "zeros" });
    expect(flat(tfjs.apply(x) as tf.Tensor)[0]).toBeCloseTo(0.3414, 4);
  });

  describe.each(["lstm", "gru"] as const)("%s", (cell) => {
    it.each([
      [1, true],
      [1, false],
      [2, true],
      [2, false],
    ])("%i layer(s), returnSequences %s: output and all gradients equal the reference within 1e-5", (depth, returnSequences) => {
      const { layers } = stackOf(cell, depth, returnSequences);
      const x0 = seeded([B, T, D], 99);
      const ref = referenceWeights(layers);
      const { theta, unpack, sizes } = packing(flat(x0), ref);
      const forwardRef = (th: number[]) => {
        const { x3, ws } = unpack(th);
        return recurrentStack(cell, x3, ws, H, returnSequences);
      };
      const expectedY = forwardRef(theta);
      const outShape = returnSequences ? [B, T, H] : [B, H];
      const lossW = seeded(outShape, 7);
      const lossWArr = arr(lossW);
      const expectedGrads = splitBy(
        finiteDifferenceGrad(theta, (th) => weightedSum(forwardRef(th), lossWArr)),
        sizes,
      );

      const x = tf.variable(x0);
      const apply = () => layers.reduce<tf.Tensor>((h, l) => l.apply(h) as tf.Tensor, x);
      expectClose(apply(), expectedY);
      const vars = [x, ...layers.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable))];
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(apply(), lossW)) as tf.Scalar, vars);
      vars.forEach((v, i) => expectClose(flat(grads[v.name]), expectedGrads[i]));
      x.dispose();
    });

    it("has weights [D, G·H], [H, G·H], [G·H], [G·H] (PyTorch's weight_ih/hh_l0 transposed, bias_ih/hh_l0)", () => {
      const { layers } = stackOf(cell, 1, false);
      const G = gateCount(cell);
      expect(layers[0].getWeights().map((w) => w.shape)).toEqual([[D, G * H], [H, G * H], [G * H], [G * H]]);
      expect(layers[0].computeOutputShape([null, T, D])).toEqual([null, H]);
    });

    it("getConfig round-trips, and a saved model loads with identical predictions", async () => {
      const { model, layers } = stackOf(cell, 2, true);
      const config = layers[1].getConfig();
      expect(config).toMatchObject({ units: H, returnSequences: true, seed: 1 });
      const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layers[1].getClassName()];
      expect((fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer).getConfig()).toEqual(config);
      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(
        tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })),
      );
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
      const x = seeded([B, T, D], 3);
      expectClose(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor, 0);
    });

    it("holds no tensors across repeated forward and backward passes, and never transposes a matmul by flag", () => {
      const { layers } = stackOf(cell, 2, false);
      const x = seeded([B, T, D], 5);
      const vars = layers.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
      const stepOnce = () =>
        tf.tidy(
          () =>
            void tf.variableGrads(
              () => tf.sum(tf.square(layers.reduce<tf.Tensor>((h, l) => l.apply(h) as tf.Tensor, x))) as tf.Scalar,
              vars,
            ),
        );
      stepOnce();
      const before = tf.memory().numTensors;
      const calls = recordMatMuls(() => {
        for (let i = 0; i < 3; i++) stepOnce();
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.filter((c) => c.transposeA || c.transposeB || c.rank !== 2)).toEqual([]);
    });
  });
});

describe("arguments", () => {
  it("rejects bad settings with a message naming the layer and the field", () => {
    expect(() => new TLLSTM({ units: 0 })).toThrow(/TLLSTM: units must be an integer ≥ 1/);
    expect(() => new TLGRU({ units: 4, returnSequences: "yes" as unknown as boolean })).toThrow(/TLGRU: returnSequences/);
    expect(() => new TLGRU({ units: 4 }).apply(tf.input({ shape: [3] }))).toThrow(/rank 3/);
  });

  it("lists both classes as registered recurrent layers", () => {
    expect(RECURRENT_LAYERS.map((c) => c.className)).toEqual(["TLLSTM", "TLGRU"]);
    const registry = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(registry.TLLSTM?.[0]).toBe(TLLSTM);
    expect(registry.TLGRU?.[0]).toBe(TLGRU);
  });
});
