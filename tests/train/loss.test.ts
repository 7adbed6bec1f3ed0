/**
 * Losses against a hand-written reference, on the wasm backend: the backend that has no
 * gradient for tf.gather, so a loss that used it would throw there.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { accuracy, initBackend, lossFor, meanSquaredError, softmaxCrossEntropy } from "@/train";

beforeAll(async () => {
  expect(await initBackend(["wasm"])).toBe("wasm");
});

/** −log softmax(row)[label] in float64, the textbook way. */
function nllReference(row: number[], label: number): number {
  const max = Math.max(...row);
  const logSum = Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0)) + max;
  return logSum - row[label];
}

/** Weighted mean of per-position NLL: Σ w·nll / Σ w. */
function crossEntropyReference(logits: number[][], labels: number[], weights?: number[]): number {
  const nll = logits.map((row, i) => nllReference(row, labels[i]));
  const w = weights ?? nll.map(() => 1);
  return nll.reduce((s, x, i) => s + x * w[i], 0) / w.reduce((a, b) => a + b, 0);
}

/** Logits [B=2, T=3, C=5] with a spread of values, including large ones. */
const LOGITS: number[][] = [
  [2.0, -1.0, 0.5, 0.0, 3.1],
  [-0.7, 1.2, 1.2, -2.3, 0.4],
  [10.0, 9.5, -4.0, 0.0, 1.0],
  [0.0, 0.0, 0.0, 0.0, 0.0],
  [-3.0, 2.5, 0.1, 0.9, -0.2],
  [1.5, -0.5, 4.0, 2.0, 1.0],
];
const LABELS = [4, 2, 1, 3, 0, 2];
const MASK = [0, 0, 1, 0, 1, 1];

const logits3d = () => tf.tensor3d(LOGITS.flat(), [2, 3, 5]);
const labels2d = () => tf.tensor2d(LABELS, [2, 3], "int32");
const read = (s: tf.Scalar) => s.dataSync()[0];

describe("softmaxCrossEntropy", () => {
  it("equals the hand-written reference over [B, T, C] logits", () => {
    tf.tidy(() => {
      expect(read(softmaxCrossEntropy(logits3d(), labels2d()))).toBeCloseTo(crossEntropyReference(LOGITS, LABELS), 5);
    });
  });

  it("weights positions: with a 0/1 mask it averages only the kept positions", () => {
    tf.tidy(() => {
      const mask = tf.tensor2d(MASK, [2, 3]);
      const expected = crossEntropyReference(LOGITS, LABELS, MASK);
      expect(read(softmaxCrossEntropy(logits3d(), labels2d(), mask))).toBeCloseTo(expected, 5);
      // The same as the unweighted loss over the kept rows alone.
      const kept = [2, 4, 5];
      expect(expected).toBeCloseTo(
        crossEntropyReference(
          kept.map((i) => LOGITS[i]),
          kept.map((i) => LABELS[i]),
        ),
        10,
      );
    });
  });

  it("uses general weights as Σ w·nll / Σ w", () => {
    tf.tidy(() => {
      const w = [0.5, 2, 1, 0, 1.5, 3];
      expect(read(softmaxCrossEntropy(logits3d(), labels2d(), tf.tensor2d(w, [2, 3])))).toBeCloseTo(
        crossEntropyReference(LOGITS, LABELS, w),
        5,
      );
    });
  });

  it("is ln C for uniform logits and stays finite for huge ones", () => {
    tf.tidy(() => {
      expect(read(softmaxCrossEntropy(tf.zeros([4, 65]), tf.tensor1d([0, 7, 30, 64], "int32")))).toBeCloseTo(Math.log(65), 5);
      const huge = read(softmaxCrossEntropy(tf.tensor2d([[1000, -1000, 0]]), tf.tensor1d([1], "int32")));
      expect(huge).toBeCloseTo(2000, 1);
    });
  });

  it("has a finite gradient on wasm, equal to (softmax − one-hot)·w / Σ w", () => {
    expect(tf.getBackend()).toBe("wasm");
    tf.tidy(() => {
      const mask = tf.tensor2d(MASK, [2, 3]);
      const grad = tf.grad((x: tf.Tensor) => softmaxCrossEntropy(x, labels2d(), mask))(logits3d());
      const g = grad.dataSync();
      expect(grad.shape).toEqual([2, 3, 5]);
      expect(Array.from(g).every(Number.isFinite)).toBe(true);
      const total = MASK.reduce((a, b) => a + b, 0);
      LOGITS.forEach((row, i) => {
        const max = Math.max(...row);
        const z = row.reduce((s, x) => s + Math.exp(x - max), 0);
        row.forEach((x, c) => {
          const expected = ((Math.exp(x - max) / z - (c === LABELS[i] ? 1 : 0)) * MASK[i]) / total;
          expect(g[i * 5 + c], `row ${i} class ${c}`).toBeCloseTo(expected, 5);
        });
      });
    });
  });

  it("(control) a loss built on tf.gather has no gradient on wasm, so the check above is meaningful", () => {
    tf.tidy(() => {
      const viaGather = (x: tf.Tensor) => tf.gather(x.reshape([-1, 5]), tf.tensor1d([0, 2], "int32")).sum();
      expect(() => tf.grad(viaGather)(logits3d())).toThrow(/UnsortedSegmentSum/);
    });
  });

  it("lossFor picks cross-entropy for classification and language models, MSE for regression", () => {
    tf.tidy(() => {
      const ce = read(softmaxCrossEntropy(logits3d(), labels2d()));
      expect(read(lossFor("language_model", logits3d(), labels2d()))).toBeCloseTo(ce, 6);
      expect(read(lossFor("classification", logits3d(), labels2d()))).toBeCloseTo(ce, 6);
      // ((1−0)² + (2−4)²) / 2 = 2.5; the target is reshaped to the prediction's shape.
      expect(read(lossFor("regression", tf.tensor2d([[1], [2]]), tf.tensor1d([0, 4])))).toBeCloseTo(2.5, 6);
      expect(read(meanSquaredError(tf.tensor2d([[1], [2]]), tf.tensor2d([[1], [2]])))).toBe(0);
    });
  });
});

describe("accuracy", () => {
  // Arg-max per row of LOGITS: 4, 1 (first of the tie 1.2/1.2), 0, 0 (all equal), 1, 2.
  // Against LABELS [4, 2, 1, 3, 0, 2]: hits at rows 0 and 5.
  it("is the fraction of positions whose arg-max is the label", () => {
    tf.tidy(() => {
      expect(read(accuracy(logits3d(), labels2d()))).toBeCloseTo(2 / 6, 6);
    });
  });

  it("counts only masked-in positions when given weights", () => {
    tf.tidy(() => {
      // Mask [0,0,1,0,1,1]: rows 2 (miss), 4 (miss), 5 (hit) → 1/3.
      expect(read(accuracy(logits3d(), labels2d(), tf.tensor2d(MASK, [2, 3])))).toBeCloseTo(1 / 3, 6);
      // Keeping only the hits gives 1; only the misses gives 0.
      expect(read(accuracy(logits3d(), labels2d(), tf.tensor2d([1, 0, 0, 0, 0, 1], [2, 3])))).toBe(1);
      expect(read(accuracy(logits3d(), labels2d(), tf.tensor2d([0, 1, 1, 1, 1, 0], [2, 3])))).toBe(0);
    });
  });
});
