/**
 * The training loop: batches from a Task, a scheduled optimiser, gradient clipping, periodic
 * evaluation, pause/resume/stop, and a stop with a clear message when the loss is not finite.
 * Every tensor made in a step is disposed: `tf.memory().numTensors` stays flat.
 */
import * as tf from "@tensorflow/tfjs";
import { TrainConfigSchema } from "../graph";
import type { TrainConfig } from "../graph";
import { accuracy, lossFor } from "./loss";
import type { LossKind } from "./loss";
import { clipByGlobalNorm, createOptimizer, learningRate } from "./optimizer";
import type { OptimizerSnapshot } from "./optimizer";

/** Where a run stands, to go on from later: its step, training time and optimizer moments. */
export interface TrainerState {
  step: number;
  elapsedMs: number;
  optimizer: OptimizerSnapshot;
}

/** One batch, ready for the model: inputs in the model's input order. */
export interface Batch {
  inputs: tf.Tensor[];
  target: tf.Tensor;
  /** Per-position loss weights (e.g. only the answer positions of a sequence task). */
  weights?: tf.Tensor;
  /** Positions in the batch, for tokens/s (the batch size for non-sequence data). */
  tokens: number;
}

/** What a dataset must offer the trainer. */
export interface Task {
  kind: LossKind;
  /** Draws a batch; the trainer disposes its tensors. */
  batch(split: "train" | "val", batchSize: number): Batch;
}

/** How often run() hands the event loop a turn (a macrotask), in ms of training. */
const YIELD_EVERY_MS = 15;

export const DEFAULT_TRAIN_CONFIG: TrainConfig = TrainConfigSchema.parse({});

export interface Metrics {
  step: number;
  loss: number;
  valLoss?: number;
  accuracy?: number;
  valAccuracy?: number;
  /** Language models: e^valLoss, the effective number of choices per token. */
  valPerplexity?: number;
  lr: number;
  tokensPerSec: number;
  msPerStep: number;
  elapsedMs: number;
}

export type RunEnd =
  { status: "done"; step: number } | { status: "stopped"; step: number } | { status: "diverged"; step: number; message: string };

export interface RunHooks {
  onMetrics?(m: Metrics): void | Promise<void>;
  /** Called between steps; return a promise to pause, true to stop. */
  control?(): boolean | Promise<boolean>;
}

export class Trainer {
  readonly config: TrainConfig;
  private readonly optimizer;
  private readonly vars: tf.Variable[];
  private stepIndex = 0;
  private elapsed = 0;
  private stopRequested = false;
  private paused: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(
    readonly model: tf.LayersModel,
    readonly task: Task,
    config: Partial<TrainConfig> = {},
  ) {
    this.config = { ...DEFAULT_TRAIN_CONFIG, ...config };
    this.optimizer = createOptimizer({ name: this.config.optimizer, weightDecay: this.config.weightDecay, momentum: this.config.momentum });
    this.vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  get step(): number {
    return this.stepIndex;
  }

  /** The step, training time and optimizer moments now (call between steps). */
  async state(): Promise<TrainerState> {
    return { step: this.stepIndex, elapsedMs: this.elapsed, optimizer: await this.optimizer.snapshot(this.vars) };
  }

  /**
   * Goes on from a saved state: the next step is `state.step + 1`, on the learning-rate schedule
   * where it was, with the optimizer's moments as they were. The weights are set apart (model.setWeights).
   */
  restore(state: { step: number; elapsedMs: number; optimizer?: OptimizerSnapshot }): void {
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`a saved step must be a whole number, got ${state.step}`);
    if (state.optimizer) this.optimizer.restore(this.vars, state.optimizer);
    this.stepIndex = state.step;
    this.elapsed = state.elapsedMs;
  }

  private forward(inputs: tf.Tensor[], training: boolean): tf.Tensor {
    const out = this.model.apply(inputs.length === 1 ? inputs[0] : inputs, { training }) as tf.Tensor | tf.Tensor[];
    return Array.isArray(out) ? out[0] : out;
  }

  /** One optimisation step (advances `step` and the schedule); returns the loss (and accuracy where it applies). */
  async trainStep(): Promise<{ loss: number; accuracy?: number; lr: number; tokens: number }> {
    const lr = learningRate(
      {
        lr: this.config.lr,
        warmupSteps: this.config.warmupSteps,
        schedule: this.config.schedule,
        minLrRatio: this.config.minLrRatio,
        totalSteps: this.config.steps,
      },
      this.stepIndex,
    );
    const batch = this.task.batch("train", this.config.batchSize);
    const classify = this.task.kind !== "regression";
    let accT: tf.Scalar | undefined;
    const lossT = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const logits = this.forward(batch.inputs, true);
        // The logits live only inside this function: take the accuracy here and keep it.
        if (classify) accT = tf.keep(accuracy(logits, batch.target, batch.weights));
        return lossFor(this.task.kind, logits, batch.target, batch.weights);
      }, this.vars);
      const list = this.vars.map((v) => grads[v.name]);
      const clipped = this.config.clipNorm > 0 ? clipByGlobalNorm(list, this.config.clipNorm).grads : list;
      this.optimizer.apply(this.vars, clipped, lr);
      return value;
    });
    disposeBatch(batch);
    // The step counts here, not in run(), so a caller stepping by hand also advances the schedule.
    this.stepIndex += 1;
    const [loss] = await lossT.data();
    const acc = accT ? (await accT.data())[0] : undefined;
    tf.dispose([lossT, ...(accT ? [accT] : [])]);
    return { loss, accuracy: acc, lr, tokens: batch.tokens };
  }

  /** Mean loss (and accuracy) over `evalBatches` validation batches, without dropout. */
  async evaluate(batches = this.config.evalBatches): Promise<{ loss: number; accuracy?: number }> {
    let loss = 0;
    let acc = 0;
    const classify = this.task.kind !== "regression";
    for (let i = 0; i < batches; i++) {
      const batch = this.task.batch("val", this.config.batchSize);
      const [l, a] = tf.tidy(() => {
        const out = this.forward(batch.inputs, false);
        return [
          lossFor(this.task.kind, out, batch.target, batch.weights),
          classify ? accuracy(out, batch.target, batch.weights) : tf.scalar(0),
        ];
      });
      disposeBatch(batch);
      loss += (await l.data())[0];
      acc += (await a.data())[0];
      l.dispose();
      a.dispose();
    }
    return { loss: loss / batches, accuracy: classify ? acc / batches : undefined };
  }

  pause(): void {
    if (this.paused) return;
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    this.paused = { promise, resolve };
  }

  resume(): void {
    this.paused?.resolve();
    this.paused = undefined;
  }

  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  get isPaused(): boolean {
    return this.paused !== undefined;
  }

  /** Trains until `config.steps`, a stop, or a non-finite loss. */
  async run(hooks: RunHooks = {}): Promise<RunEnd> {
    let lastYield = performance.now();
    while (this.stepIndex < this.config.steps) {
      // On wasm and cpu, data() resolves without leaving the microtask queue, so without this the
      // loop would never let a timer or a worker message (pause, stop) run until training ends.
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
      if (this.paused) await this.paused.promise;
      if (this.stopRequested || (await hooks.control?.())) return { status: "stopped", step: this.stepIndex };
      const t0 = performance.now();
      const r = await this.trainStep();
      const ms = performance.now() - t0;
      this.elapsed += ms;
      if (!Number.isFinite(r.loss)) {
        return {
          status: "diverged",
          step: this.stepIndex,
          message: `training stopped: the loss became ${r.loss} at step ${this.stepIndex} with learning rate ${formatLr(r.lr)}; lower the learning rate or turn on gradient clipping`,
        };
      }
      const metrics: Metrics = {
        step: this.stepIndex,
        loss: r.loss,
        accuracy: r.accuracy,
        lr: r.lr,
        msPerStep: ms,
        tokensPerSec: (r.tokens * 1000) / ms,
        elapsedMs: this.elapsed,
      };
      if (this.stepIndex % this.config.evalEvery === 0 || this.stepIndex === this.config.steps) {
        const v = await this.evaluate();
        metrics.valLoss = v.loss;
        metrics.valAccuracy = v.accuracy;
        if (this.task.kind === "language_model") metrics.valPerplexity = Math.exp(v.loss);
      }
      await hooks.onMetrics?.(metrics);
    }
    return { status: "done", step: this.stepIndex };
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

function disposeBatch(b: Batch) {
  tf.dispose([...b.inputs, b.target, ...(b.weights ? [b.weights] : [])]);
}

function formatLr(lr: number): string {
  return lr >= 0.01 ? String(Number(lr.toPrecision(3))) : lr.toExponential(2);
}
