/**
 * A scaling sweep: train each member of a model family (by width and depth, graph/scaling)
 * on each token budget with the document's own training settings, record the final
 * validation loss, and fit L(N, D) = E + A/N^α + B/D^β (Hoffmann et al. 2022, approach 3).
 * Every run starts from the same seed, so a sweep is deterministic.
 */
import { CHINCHILLA, computeOptimal, fitScalingLaw, scaleDecoder, TrainingSpecSchema, trainingFlops } from "../graph";
import type { ComputeOptimal, GraphDocument, ScalingFit } from "../graph";
import { createSession } from "./session";

export interface SweepSpec {
  widths: number[];
  depths: number[];
  /** Token budgets D; each run trains ⌈D / (batch · T)⌉ steps on one schedule to its end. */
  tokens: number[];
  seed: number;
  /** Validation batches for each run's final loss. */
  evalBatches: number;
}

/**
 * Sized for ≤ 10 minutes on one core (WASM): two widths × three depths of the GPT preset's
 * block, at three budgets — 18 runs of 16k–66k parameters on 32k–131k tokens.
 */
export const DEFAULT_SWEEP: SweepSpec = { widths: [32, 64], depths: [1, 2, 4], tokens: [32_768, 65_536, 131_072], seed: 0, evalBatches: 8 };

export interface SweepRun {
  width: number;
  depth: number;
  heads: number;
  /** N with embeddings (Hoffmann et al.'s count), and without (Kaplan et al.'s). */
  params: number;
  paramsNonEmbedding: number;
  /** D actually trained: steps × batch × T. */
  tokens: number;
  steps: number;
  /** C = 6ND. */
  flops: number;
  /** Validation loss at the end (nats per token). */
  loss: number;
  trainLoss: number;
  seconds: number;
}

export interface SweepResult {
  runs: SweepRun[];
  fit?: ScalingFit;
  /** Why there is no fit (too few runs, or a run that did not finish). */
  fitProblem?: string;
  /** The fitted and Chinchilla's compute-optimal sizes at the largest run's compute. */
  optimal?: { flops: number; fitted: ComputeOptimal; chinchilla: ComputeOptimal };
  chinchilla: typeof CHINCHILLA;
  /** What N counts. */
  paramConvention: string;
  /** Why a fit on tiny models differs from Chinchilla's. */
  caveat: string;
}

const CAVEAT =
  "Tiny models differ from Chinchilla's 70M–16B: a few hundred steps leave them far from converged, one short character corpus instead of web text, embeddings a large share of N, and five unknowns fitted to a handful of runs — so α, β, E and tokens per parameter land far from 0.34, 0.28, 1.69 and ~20; read the trend, not the digits.";

export interface SweepHooks {
  onRun?(run: SweepRun, index: number, total: number): void;
  /** Called before each run starts (index, total, width, depth, tokens). */
  onStart?(index: number, total: number, plan: { width: number; depth: number; tokens: number }): void;
}

export class SweepError extends Error {}

/**
 * Runs a sweep on `doc` (a decoder-only graph with a corpus or text dataset).
 * @example await runSweep(gpt, { ...DEFAULT_SWEEP, widths: [32], depths: [1, 2], tokens: [4096, 8192] })
 */
export async function runSweep(doc: GraphDocument, spec: SweepSpec, hooks: SweepHooks = {}): Promise<SweepResult> {
  const stored = TrainingSpecSchema.safeParse(doc.meta.training ?? {});
  if (!stored.success) throw new SweepError("the document's training settings do not parse: fix them in the Train tab");
  const base = stored.data.config;
  const members = spec.widths.flatMap((width) =>
    spec.depths.map((depth) => {
      const r = scaleDecoder(doc, { width, depth });
      if (!r.ok) throw new SweepError(r.message);
      return r.member;
    }),
  );
  const total = members.length * spec.tokens.length;
  const runs: SweepRun[] = [];
  for (const m of members) {
    for (const budget of spec.tokens) {
      hooks.onStart?.(runs.length, total, { width: m.width, depth: m.depth, tokens: budget });
      const T = m.doc.nodes.find((n) => n.type === "Input" && n.params.kind === "tokens")?.params.seqLen as number;
      const steps = Math.max(1, Math.ceil(budget / (base.batchSize * T)));
      const config = {
        steps,
        seed: spec.seed,
        evalEvery: steps,
        evalBatches: spec.evalBatches,
        warmupSteps: Math.min(base.warmupSteps, Math.floor(steps / 10)),
      };
      const s = createSession(m.doc, { config });
      if (!s.ok) throw new SweepError(`${m.doc.name}: ${s.message}`);
      const t0 = performance.now();
      let last: { loss: number; valLoss?: number } = { loss: NaN };
      const end = await s.session.trainer.run({ onMetrics: (x) => void (last = x) });
      s.session.dispose();
      if (end.status !== "done")
        throw new SweepError(`${m.doc.name} on ${budget} tokens: ${end.status === "diverged" ? end.message : "stopped"}`);
      const tokens = steps * base.batchSize * T;
      const run: SweepRun = {
        width: m.width,
        depth: m.depth,
        heads: m.heads,
        params: m.params,
        paramsNonEmbedding: m.paramsNonEmbedding,
        tokens,
        steps,
        flops: trainingFlops(m.params, tokens),
        loss: last.valLoss ?? last.loss,
        trainLoss: last.loss,
        seconds: (performance.now() - t0) / 1000,
      };
      runs.push(run);
      hooks.onRun?.(run, runs.length - 1, total);
    }
  }
  return summarise(runs);
}

/** The fit and compute-optimal sizes for finished runs (also used to refit loaded results). */
export function summarise(runs: SweepRun[]): SweepResult {
  const out: SweepResult = {
    runs,
    chinchilla: CHINCHILLA,
    paramConvention: "N counts every parameter, embeddings included (Hoffmann et al. 2022); paramsNonEmbedding is Kaplan et al. 2020's N",
    caveat: CAVEAT,
  };
  const sizes = new Set(runs.map((r) => r.params)).size;
  const budgets = new Set(runs.map((r) => r.tokens)).size;
  if (runs.length < 5 || sizes < 2 || budgets < 2) {
    out.fitProblem = `a fit of 5 unknowns needs at least 5 runs over 2 or more sizes and 2 or more token budgets; have ${runs.length} runs, ${sizes} sizes, ${budgets} budgets`;
    return out;
  }
  out.fit = fitScalingLaw(runs.map((r) => ({ params: r.params, tokens: r.tokens, loss: r.loss })));
  const flops = Math.max(...runs.map((r) => r.flops));
  out.optimal = { flops, fitted: computeOptimal(out.fit, flops), chinchilla: computeOptimal(CHINCHILLA, flops) };
  return out;
}
