/**
 * L-BFGS (Nocedal & Wright 2006, Algorithm 7.4 two-loop recursion) with a backtracking Armijo
 * line search: the minimiser Hoffmann et al. 2022 use for their scaling-law fit. Written here
 * rather than taken from npm: fmin has no L-BFGS and optimization-js is little used, and the
 * fit needs only this much of it.
 */

export interface Objective {
  /** The value and gradient at x. */
  (x: number[]): { value: number; grad: number[] };
}

export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/**
 * Minimises f from x0; stops when the gradient's max-norm falls below `tol` or after `maxIter`.
 * @example minimize((x) => ({ value: (x[0] - 3) ** 2, grad: [2 * (x[0] - 3)] }), [0]).x // [3]
 */
export function minimize(f: Objective, x0: number[], { maxIter = 500, memory = 8, tol = 1e-10 } = {}): MinimizeResult {
  let x = [...x0];
  let { value, grad } = f(x);
  const ss: number[][] = [];
  const ys: number[][] = [];
  let iterations = 0;
  for (; iterations < maxIter; iterations++) {
    if (!Number.isFinite(value) || Math.max(...grad.map(Math.abs)) < tol) break;
    // Two-loop recursion: d = −H·grad.
    const q = [...grad];
    const alphas: number[] = [];
    for (let i = ss.length - 1; i >= 0; i--) {
      const a = dot(ss[i], q) / dot(ys[i], ss[i]);
      alphas[i] = a;
      for (let j = 0; j < q.length; j++) q[j] -= a * ys[i][j];
    }
    const gamma = ss.length
      ? dot(ss[ss.length - 1], ys[ys.length - 1]) / dot(ys[ys.length - 1], ys[ys.length - 1])
      : 1 / Math.max(1, Math.sqrt(dot(grad, grad)));
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
    for (let i = 0; i < ss.length; i++) {
      const b = dot(ys[i], q) / dot(ys[i], ss[i]);
      for (let j = 0; j < q.length; j++) q[j] += ss[i][j] * (alphas[i] - b);
    }
    let d = q.map((v) => -v);
    let slope = dot(grad, d);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      ss.length = 0;
      ys.length = 0;
      d = grad.map((v) => -v);
      slope = dot(grad, d);
    }
    let step = 1;
    let next = f(x.map((v, i) => v + step * d[i]));
    while (!(next.value <= value + 1e-4 * step * slope) && step > 1e-12) {
      step /= 2;
      next = f(x.map((v, i) => v + step * d[i]));
    }
    if (step <= 1e-12) break;
    const xNext = x.map((v, i) => v + step * d[i]);
    const s = xNext.map((v, i) => v - x[i]);
    const y = next.grad.map((v, i) => v - grad[i]);
    if (dot(s, y) > 1e-12) {
      ss.push(s);
      ys.push(y);
      if (ss.length > memory) {
        ss.shift();
        ys.shift();
      }
    }
    const improved = value - next.value;
    x = xNext;
    ({ value, grad } = next);
    if (improved >= 0 && improved < 1e-15 * Math.max(1, Math.abs(value))) break;
  }
  return { x, value, iterations };
}
