/** The fast orthogonal initialiser: orthonormal, seeded, and it survives a save and load. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { orthogonalMatrix, TLOrthogonal } from "@/compiler/layers";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function gram(m: Float32Array, rows: number, cols: number, byRows: boolean): number[][] {
  const n = byRows ? rows : cols;
  const len = byRows ? cols : rows;
  const at = (v: number, i: number) => (byRows ? m[v * cols + i] : m[i * cols + v]);
  return Array.from({ length: n }, (_, a) =>
    Array.from({ length: n }, (_, b) => {
      let s = 0;
      for (let i = 0; i < len; i++) s += at(a, i) * at(b, i);
      return s;
    }),
  );
}

describe("orthogonalMatrix", () => {
  test.each([
    [8, 32],
    [32, 8],
    [16, 16],
  ])("%i×%i has orthonormal vectors along its shorter side", (rows, cols) => {
    const m = orthogonalMatrix(rows, cols, 1, 3);
    const g = gram(m, rows, cols, rows <= cols);
    g.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 4)));
  });

  test("the same seed gives the same matrix, another seed another", () => {
    expect(orthogonalMatrix(6, 24, 1, 1)).toEqual(orthogonalMatrix(6, 24, 1, 1));
    expect(orthogonalMatrix(6, 24, 1, 2)).not.toEqual(orthogonalMatrix(6, 24, 1, 1));
  });

  test("gain scales it", () => {
    const a = orthogonalMatrix(4, 8, 1, 0);
    const b = orthogonalMatrix(4, 8, 2, 0);
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(2 * v, 5));
  });
});

test("an LSTM with TLOrthogonal saves and loads with the same recurrent kernel", async () => {
  const input = tf.input({ shape: [5, 3] });
  const out = tf.layers
    .lstm({ units: 4, recurrentInitializer: new TLOrthogonal({ seed: 9 }), name: "lstm" })
    .apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })),
  );
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  const x = tf.randomNormal([2, 5, 3], 0, 1, "float32", 1);
  expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  expect(JSON.stringify(artifacts!.modelTopology)).toContain("TLOrthogonal");
});
