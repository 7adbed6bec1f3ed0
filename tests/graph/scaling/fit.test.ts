/** Approach 3 of Hoffmann et al. 2022 recovers a known law from noisy synthetic runs. */
import { describe, expect, test } from "vitest";
import { CHINCHILLA, computeOptimal, fitScalingLaw, minimize, predictLoss } from "@/graph";
import type { ScalingLaw, ScalingPoint } from "@/graph";
// The app's one seeded PRNG, so the noise is the same on every run.
import { mulberry32 as rng } from "@/compiler/layers/random";

/** Runs of L(N, D) on a 6 × 6 grid of N ∈ [10⁷, 10⁹] and D ∈ [10⁹, 10¹¹], with log-normal noise σ. */
function synthetic(law: ScalingLaw, sigma: number, seed: number): ScalingPoint[] {
  const r = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const out: ScalingPoint[] = [];
  for (let i = 0; i < 6; i++)
    for (let j = 0; j < 6; j++) {
      const params = 10 ** (7 + (2 * i) / 5);
      const tokens = 10 ** (9 + (2 * j) / 5);
      out.push({ params, tokens, loss: predictLoss(law, params, tokens) * Math.exp(sigma * gauss()) });
    }
  return out;
}

describe("fitScalingLaw", () => {
  test("recovers Chinchilla's own law from its noiseless predictions", () => {
    const fit = fitScalingLaw(synthetic(CHINCHILLA, 0, 1));
    expect(fit.starts).toBe(4500); // Hoffmann et al.'s grid
    expect(fit.alpha).toBeCloseTo(0.34, 2);
    expect(fit.beta).toBeCloseTo(0.28, 2);
    expect(fit.E).toBeCloseTo(1.69, 1);
  });

  test("recovers α = 0.45, β = 0.25, E = 2.1 from losses with 0.5% noise (seed 7) to ±0.03", () => {
    const law = { E: 2.1, A: 900, B: 250, alpha: 0.45, beta: 0.25 };
    const fit = fitScalingLaw(synthetic(law, 0.005, 7));
    expect(Math.abs(fit.alpha - law.alpha)).toBeLessThan(0.03);
    expect(Math.abs(fit.beta - law.beta)).toBeLessThan(0.03);
    expect(Math.abs(fit.E - law.E)).toBeLessThan(0.1);
  });

  test("the same data and seed give the same fit", () => {
    const pts = synthetic(CHINCHILLA, 0.01, 3);
    const grid = { alpha: [0.5], beta: [0.5], e: [0, 1], a: [5, 10], b: [5, 10] };
    expect(fitScalingLaw(pts, { grid })).toEqual(fitScalingLaw(pts, { grid }));
  });
});

describe("computeOptimal (Hoffmann et al. 2022, eq. 4)", () => {
  test("Chinchilla's fit: N_opt ∝ C^0.45 and D_opt ∝ C^0.55 (their Table 2 lists 0.46 and 0.54 for approach 3)", () => {
    const at = (c: number) => computeOptimal(CHINCHILLA, c);
    const a = Math.log(at(1e24).params / at(1e22).params) / Math.log(100);
    const b = Math.log(at(1e24).tokens / at(1e22).tokens) / Math.log(100);
    expect(a).toBeCloseTo(0.28 / 0.62, 10);
    expect(Math.abs(a - 0.46)).toBeLessThan(0.01);
    expect(Math.abs(b - 0.54)).toBeLessThan(0.01);
  });
  test("N_opt · D_opt · 6 = C, and the optimum has lower predicted loss than 2× larger or smaller models", () => {
    const c = 5.76e23;
    const o = computeOptimal(CHINCHILLA, c);
    expect(6 * o.params * o.tokens).toBeCloseTo(c, -18);
    const loss = (n: number) => predictLoss(CHINCHILLA, n, c / (6 * n));
    expect(loss(o.params)).toBeLessThan(loss(o.params * 2));
    expect(loss(o.params)).toBeLessThan(loss(o.params / 2));
  });
});

describe("minimize (L-BFGS)", () => {
  test("finds the Rosenbrock minimum (1, 1)", () => {
    const r = minimize(
      ([x, y]) => ({ value: (1 - x) ** 2 + 100 * (y - x * x) ** 2, grad: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)] }),
      [-1.2, 1],
    );
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });
});
