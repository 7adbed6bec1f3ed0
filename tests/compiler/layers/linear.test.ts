/** TLLinear against x·W + b in plain JS, for inputs of rank 2, 3 and 4; seeded inits. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { TLLinear } from "../../../compiler/layers";
import { expectClose } from "./close";
import { arr, denseRef, seeded } from "./reference";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

describe("TLLinear", () => {
  it.each([[[5, 4]], [[2, 3, 4]], [[2, 2, 3, 4]]])("maps the last axis of %j through x·W + b", (shape) => {
    const layer = new TLLinear({ units: 6, seed: 1, name: `lin_rank${shape.length}` });
    const x = seeded(shape, 2);
    layer.apply(x); // builds kernel [4, 6] and bias [6]
    const [W, b] = [seeded([4, 6], 3), seeded([6], 4)];
    layer.setWeights([W, b]);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([...shape.slice(0, -1), 6]);
    expect(layer.computeOutputShape([null, ...shape.slice(1)])).toEqual([null, ...shape.slice(1, -1), 6]);
    expectClose(y, denseRef(arr(x), arr(W), arr(b)) as number[]);
  });

  it("has C_in·units + units weights, or C_in·units without a bias", () => {
    const withBias = new TLLinear({ units: 3 });
    const noBias = new TLLinear({ units: 3, useBias: false });
    withBias.apply(tf.zeros([1, 5]));
    noBias.apply(tf.zeros([1, 5]));
    expect(withBias.countParams()).toBe(18);
    expect(noBias.countParams()).toBe(15);
    expect(withBias.getWeights()[1].arraySync()).toEqual([0, 0, 0]);
  });

  it.each(["glorot", "normal"] as const)("%s init: the same seed gives the same kernel, another seed another", (init) => {
    const kernel = (seed: number) => {
      const layer = new TLLinear({ units: 64, init, stddev: 0.02, seed });
      layer.apply(tf.zeros([1, 32]));
      return layer.getWeights()[0];
    };
    expectClose(kernel(7), kernel(7), 0);
    expectClose(kernel(-7), kernel(-7), 0); // a seed derived by arithmetic may be negative
    expect(tf.max(tf.abs(tf.sub(kernel(7), kernel(8)))).dataSync()[0]).toBeGreaterThan(0.01);
  });

  it("draws the normal init with the requested spread, and Glorot within ±√(6/(in+out))", () => {
    const build = (init: "glorot" | "normal") => {
      const layer = new TLLinear({ units: 128, init, stddev: 0.05, seed: 3 });
      layer.apply(tf.zeros([1, 256]));
      return layer.getWeights()[0];
    };
    const normal = build("normal");
    expect(tf.moments(normal).variance.sqrt().dataSync()[0]).toBeCloseTo(0.05, 2);
    const glorot = build("glorot");
    expect(tf.max(tf.abs(glorot)).dataSync()[0]).toBeLessThanOrEqual(Math.sqrt(6 / (256 + 128)));
  });

  it("rejects args a saved config could carry but the layer cannot honour", () => {
    expect(() => new TLLinear({ units: 0 })).toThrow(/units must be an integer ≥ 1/);
    expect(() => new TLLinear({ units: 2, stddev: Number.NaN })).toThrow(/stddev/);
    expect(() => new TLLinear({ units: 2, stddev: 0 })).toThrow(/stddev/);
    expect(() => new TLLinear({ units: 2, init: "he" as never })).toThrow(/init must be one of glorot, normal/);
  });
});
