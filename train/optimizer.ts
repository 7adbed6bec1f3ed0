/**
 * Optimisers written out (Adam, AdamW with decay only on ≥2-D weights, SGD with momentum),
 * so the learning rate can follow a schedule every step and the update is plain to read.
 */
import * as tf from "@tensorflow/tfjs";

export type OptimizerName = "adam" | "adamw" | "sgd";

export interface OptimizerConfig {
  name: OptimizerName;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** AdamW's decoupled weight decay (applied to ≥2-D weights only). */
  weightDecay?: number;
  momentum?: number;
}

/** The optimizer's moments as plain data: one list per variable (Adam: m, v; SGD: velocity), in order. */
export interface OptimizerSnapshot {
  t: number;
  slots: Float32Array[][];
}

export interface Optimizer {
  /** Applies one update with learning rate `lr`; disposes nothing it does not own. */
  apply(vars: tf.Variable[], grads: tf.Tensor[], lr: number): void;
  /** Reads the moments of `vars` (empty lists for variables not updated yet). */
  snapshot(vars: tf.Variable[]): Promise<OptimizerSnapshot>;
  /** Sets the moments of `vars` from a snapshot of the same optimizer and model; names the first misfit. */
  restore(vars: tf.Variable[], snapshot: OptimizerSnapshot): void;
  dispose(): void;
}

export function createOptimizer(config: OptimizerConfig): Optimizer {
  const beta1 = config.beta1 ?? 0.9;
  const beta2 = config.beta2 ?? (config.name === "adamw" ? 0.95 : 0.999);
  const eps = config.eps ?? 1e-8;
  const decay = config.name === "adamw" ? (config.weightDecay ?? 0.1) : 0;
  const momentum = config.momentum ?? 0.9;
  const slots = new Map<tf.Variable, tf.Variable[]>();
  let t = 0;

  const slotFor = (v: tf.Variable, n: number) => {
    let s = slots.get(v);
    if (!s) {
      s = Array.from({ length: n }, () => tf.variable(tf.zerosLike(v), false));
      slots.set(v, s);
    }
    return s;
  };

  return {
    apply(vars, grads, lr) {
      t += 1;
      const bc1 = 1 - beta1 ** t;
      const bc2 = 1 - beta2 ** t;
      tf.tidy(() => {
        vars.forEach((v, i) => {
          const g = grads[i];
          if (config.name === "sgd") {
            const [vel] = slotFor(v, 1);
            const nv = vel.mul(momentum).add(g);
            vel.assign(nv);
            v.assign(v.sub(nv.mul(lr)));
            return;
          }
          const [m, s] = slotFor(v, 2);
          const nm = m.mul(beta1).add(g.mul(1 - beta1));
          const ns = s.mul(beta2).add(g.square().mul(1 - beta2));
          m.assign(nm);
          s.assign(ns);
          // θ ← θ − lr·( m̂/(√v̂+ε) + λθ ), decay only on matrices (not biases or norms).
          let step = nm.div(bc1).div(ns.div(bc2).sqrt().add(eps));
          if (decay > 0 && v.shape.length >= 2) step = step.add(v.mul(decay));
          v.assign(v.sub(step.mul(lr)));
        });
      });
    },
    async snapshot(vars) {
      const out: Float32Array[][] = [];
      for (const v of vars) {
        const s = slots.get(v) ?? [];
        out.push(await Promise.all(s.map(async (x) => Float32Array.from(await x.data()))));
      }
      return { t, slots: out };
    },
    restore(vars, snapshot) {
      if (snapshot.slots.length !== vars.length)
        throw new Error(`the saved optimizer state has ${snapshot.slots.length} variables, the model has ${vars.length}`);
      const size = (v: tf.Variable) => v.shape.reduce((a, b) => a * b, 1);
      vars.forEach((v, i) => {
        for (const x of snapshot.slots[i])
          if (x.length !== size(v))
            throw new Error(`the saved optimizer state of ${v.name} has ${x.length} values, the weight has ${size(v)}`);
      });
      for (const s of slots.values()) s.forEach((x) => x.dispose());
      slots.clear();
      vars.forEach((v, i) => {
        if (snapshot.slots[i].length)
          slots.set(
            v,
            snapshot.slots[i].map((x) => tf.variable(tf.tensor(x, v.shape, "float32"), false)),
          );
      });
      t = snapshot.t;
    },
    dispose() {
      for (const s of slots.values()) s.forEach((x) => x.dispose());
      slots.clear();
    },
  };
}

export interface ScheduleConfig {
  lr: number;
  warmupSteps?: number;
  /** "cosine" decays to `minLrRatio·lr` at `totalSteps`. */
  schedule?: "constant" | "cosine";
  minLrRatio?: number;
  totalSteps: number;
}

/** Linear warmup then cosine (or constant): `learningRate({ lr: 1e-3, warmupSteps: 10, totalSteps: 100 }, 5)` → 5e-4. */
export function learningRate(c: ScheduleConfig, step: number): number {
  const warm = c.warmupSteps ?? 0;
  if (step < warm) return (c.lr * (step + 1)) / warm;
  if ((c.schedule ?? "cosine") === "constant") return c.lr;
  const min = c.lr * (c.minLrRatio ?? 0.1);
  const span = Math.max(1, c.totalSteps - warm);
  const progress = Math.min(1, (step - warm) / span);
  return min + 0.5 * (c.lr - min) * (1 + Math.cos(Math.PI * progress));
}

/** Scales gradients so their global L2 norm is at most `maxNorm`; returns new tensors and the norm before clipping. */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: tf.Scalar } {
  const norm = tf.sqrt(tf.addN(grads.map((g) => g.square().sum()))) as tf.Scalar;
  const scale = tf.minimum(1, tf.div(maxNorm, norm.add(1e-6)));
  return { grads: grads.map((g) => g.mul(scale)), norm };
}
