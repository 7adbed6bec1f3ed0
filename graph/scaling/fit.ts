/**
 * The parametric scaling law of Hoffmann et al. 2022 ("Training Compute-Optimal Large Language
 * Models", §3.3, approach 3): L(N, D) = E + A/N^α + B/D^β, fitted by minimising the Huber loss
 * (δ = 10⁻³) between log L̂ = LSE(a − α log N, b − β log D, e) and log L over a grid of starts,
 * with A = eᵃ, B = eᵇ, E = eᵉ. N counts every parameter, embeddings included (Chinchilla's
 * convention; Kaplan et al. 2020 leave embeddings out); D counts training tokens.
 */
import { minimize } from "./lbfgs";

export interface ScalingPoint {
  /** Parameters N. */
  params: number;
  /** Training tokens D. */
  tokens: number;
  /** Final loss (nats per token). */
  loss: number;
}

export interface ScalingLaw {
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
}

export interface ScalingFit extends ScalingLaw {
  /** The Huber objective at the optimum (summed over points). */
  objective: number;
  /** Starts tried and points fitted. */
  starts: number;
  points: number;
}

/** Hoffmann et al. 2022, eq. 10: their approach-3 fit to the Chinchilla runs. */
export const CHINCHILLA: ScalingLaw = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

/** L(N, D) = E + A/N^α + B/D^β. */
export function predictLoss(law: ScalingLaw, params: number, tokens: number): number {
  return law.E + law.A / params ** law.alpha + law.B / tokens ** law.beta;
}

/** Huber loss with threshold δ and its derivative. */
function huber(r: number, delta: number): [number, number] {
  const a = Math.abs(r);
  return a <= delta ? [0.5 * r * r, r] : [delta * (a - 0.5 * delta), delta * Math.sign(r)];
}

/** The objective over θ = (a, b, e, α, β) and its gradient. */
function objective(points: ScalingPoint[], delta: number) {
  const logs = points.map((p) => ({ lN: Math.log(p.params), lD: Math.log(p.tokens), lL: Math.log(p.loss) }));
  return ([a, b, e, alpha, beta]: number[]) => {
    let value = 0;
    const grad = [0, 0, 0, 0, 0];
    for (const { lN, lD, lL } of logs) {
      const t1 = a - alpha * lN;
      const t2 = b - beta * lD;
      const m = Math.max(t1, t2, e);
      const w1 = Math.exp(t1 - m);
      const w2 = Math.exp(t2 - m);
      const w3 = Math.exp(e - m);
      const z = w1 + w2 + w3;
      const [h, dh] = huber(m + Math.log(z) - lL, delta);
      value += h;
      // ∂LSE/∂tᵢ = softmax weight of tᵢ.
      grad[0] += (dh * w1) / z;
      grad[1] += (dh * w2) / z;
      grad[2] += (dh * w3) / z;
      grad[3] += (-dh * w1 * lN) / z;
      grad[4] += (-dh * w2 * lD) / z;
    }
    return { value, grad };
  };
}

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

/** Hoffmann et al.'s grid of starts: α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}. */
export const CHINCHILLA_GRID = {
  alpha: range(0, 2, 0.5),
  beta: range(0, 2, 0.5),
  e: range(-1, 1, 0.5),
  a: range(0, 25, 5),
  b: range(0, 25, 5),
};

/**
 * Fits L(N, D) to runs by approach 3; needs at least 5 points with several N and several D.
 * @example fitScalingLaw(runs).alpha // ≈ 0.34 on Chinchilla-like data
 */
export function fitScalingLaw(points: ScalingPoint[], { delta = 1e-3, grid = CHINCHILLA_GRID, maxIter = 100 } = {}): ScalingFit {
  const f = objective(points, delta);
  let best: { x: number[]; value: number } | undefined;
  let starts = 0;
  for (const alpha of grid.alpha)
    for (const beta of grid.beta)
      for (const e of grid.e)
        for (const a of grid.a)
          for (const b of grid.b) {
            starts++;
            const r = minimize(f, [a, b, e, alpha, beta], { maxIter });
            if (Number.isFinite(r.value) && (!best || r.value < best.value)) best = r;
          }
  if (!best) throw new Error("the scaling-law fit found no finite optimum: check that every loss is positive");
  const [a, b, e, alpha, beta] = best.x;
  return { E: Math.exp(e), A: Math.exp(a), B: Math.exp(b), alpha, beta, objective: best.value, starts, points: points.length };
}

export interface ComputeOptimal {
  params: number;
  tokens: number;
  tokensPerParam: number;
}

/**
 * The loss-minimising N and D for a compute budget C ≈ 6ND (Hoffmann et al. 2022, eq. 4):
 * N_opt = G·(C/6)^{β/(α+β)}, D_opt = G⁻¹·(C/6)^{α/(α+β)}, G = (αA/(βB))^{1/(α+β)}.
 */
export function computeOptimal(law: ScalingLaw, flops: number): ComputeOptimal {
  const { A, B, alpha, beta } = law;
  const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  const params = G * (flops / 6) ** (beta / (alpha + beta));
  const tokens = (1 / G) * (flops / 6) ** (alpha / (alpha + beta));
  return { params, tokens, tokensPerParam: tokens / params };
}

/** C ≈ 6ND: training FLOPs of N parameters on D tokens (Kaplan et al. 2020, §2.1). */
export function trainingFlops(params: number, tokens: number): number {
  return 6 * params * tokens;
}
