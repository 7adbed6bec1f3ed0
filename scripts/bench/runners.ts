/**
 * The two things under test, behind one interface: the compiled GPT preset trained by the
 * project's Trainer, and the hand-written GPT trained by the same step (forward, softmax
 * cross-entropy, variableGrads, global-norm clipping, AdamW, loss read back every step).
 */
import * as tf from "@tensorflow/tfjs";
import { compile } from "../../compiler";
import { TrainingSpecSchema } from "../../graph";
import type { GraphDocument, TrainConfig } from "../../graph";
import { buildPreset } from "../../presets";
import { accuracy, clipByGlobalNorm, createOptimizer, createTask, learningRate, lossFor, Trainer } from "../../train";
import type { Task } from "../../train";
import { GPT_CONFIG } from "./config";
import { createNaiveGpt } from "./naive-gpt";

export interface Runner {
  name: string;
  params: number;
  /** One training step; resolves to its loss. */
  step(): Promise<number>;
  dispose(): void;
}

/** The GPT preset at the benchmark's size, its training config, and a task over its corpus. */
export function gptSetup(seed: number): { graph: GraphDocument; config: TrainConfig; task: () => Task } {
  const c = GPT_CONFIG;
  const built = buildPreset("gpt", { vocabSize: c.vocab, blockSize: c.context, nLayer: c.layers, nHead: c.heads, nEmbd: c.width });
  if (!built.ok) throw new Error(built.message);
  const spec = TrainingSpecSchema.parse(built.graph.meta.training);
  const config = { ...spec.config, batchSize: c.batch, steps: 1_000_000, evalEvery: 1_000_000, seed };
  const task = () => {
    const info = {
      inputs: [
        {
          nodeId: "tokens",
          kind: "tokens" as const,
          shape: [c.context],
          dtype: "int32" as const,
          vocabSize: c.vocab,
          lengthName: "T" as const,
        },
      ],
      outputs: [{ nodeId: "loss", kind: "language_model" as const, width: c.vocab }],
    };
    const r = createTask(spec.dataset, info, seed);
    if (!r.ok) throw new Error(r.message);
    return r.bundle.task;
  };
  return { graph: built.graph, config, task };
}

export function compiledRunner(seed: number): Runner {
  const { graph, config, task } = gptSetup(seed);
  const r = compile(graph, { seed });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  const trainer = new Trainer(r.compiled.model, task(), config);
  return {
    name: "compiled preset",
    params: r.compiled.model.countParams(),
    step: async () => (await trainer.trainStep()).loss,
    dispose: () => {
      trainer.dispose();
      r.compiled.model.dispose();
    },
  };
}

/** The hand-written GPT, stepped exactly like Trainer.trainStep (same loss, clipping, AdamW, schedule). */
export function naiveRunner(seed: number): Runner {
  const { config, task: makeTask } = gptSetup(seed);
  const task = makeTask();
  const model = createNaiveGpt(GPT_CONFIG, seed);
  const optimizer = createOptimizer({ name: config.optimizer, weightDecay: config.weightDecay, momentum: config.momentum });
  let stepIndex = 0;
  const step = async () => {
    const lr = learningRate(
      {
        lr: config.lr,
        warmupSteps: config.warmupSteps,
        schedule: config.schedule,
        minLrRatio: config.minLrRatio,
        totalSteps: config.steps,
      },
      stepIndex++,
    );
    const batch = task.batch("train", config.batchSize);
    let accT: tf.Scalar | undefined;
    const lossT = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const logits = model.forward(batch.inputs[0]);
        accT = tf.keep(accuracy(logits, batch.target, batch.weights));
        return lossFor(task.kind, logits, batch.target, batch.weights);
      }, model.vars);
      const list = model.vars.map((v) => grads[v.name]);
      optimizer.apply(model.vars, config.clipNorm > 0 ? clipByGlobalNorm(list, config.clipNorm).grads : list, lr);
      return value;
    });
    tf.dispose([...batch.inputs, batch.target, ...(batch.weights ? [batch.weights] : [])]);
    const [loss] = await lossT.data();
    await accT!.data();
    tf.dispose([lossT, accT!]);
    return loss;
  };
  return {
    name: "hand-written tfjs",
    params: model.vars.reduce((n, v) => n + v.size, 0),
    step,
    dispose: () => {
      optimizer.dispose();
      model.dispose();
    },
  };
}
