/**
 * Runners for `npm run bench:rnn`: the LSTM preset's default config as the app compiles it (the
 * LSTM block lowers to TLLSTM), the same graph with its TLLSTM layers swapped for tfjs's
 * tf.layers.lstm (what the block compiled to before issue 13), and a GPT preset of the same
 * width, each trained by the project's Trainer on its preset's own dataset.
 */
import * as tf from "@tensorflow/tfjs";
import { compile } from "../../compiler";
import { TLOrthogonal } from "../../compiler/layers";
import { TrainingSpecSchema } from "../../graph";
import type { GraphDocument } from "../../graph";
import { buildPreset } from "../../presets";
import { createTask, Trainer } from "../../train";
import type { Runner } from "./runners";

/** The LSTM preset's defaults (presets/lstm.ts): corpus, T 64, embedding 64, 192 units, 1 layer, batch 32. */
export const LSTM_PRESET = { context: 64, units: 192, batch: 32 } as const;

/**
 * A copy of a chain-shaped model with every TLLSTM replaced by tf.layers.lstm of the same units
 * (tfjs's defaults: hard-sigmoid gates; seeded Glorot and orthogonal inits, as the block's old
 * lowering had); every other layer is reused as is.
 */
function withTfjsLstm(model: tf.LayersModel, seed: number): tf.LayersModel {
  let x: tf.SymbolicTensor = model.inputs[0];
  model.layers.slice(1).forEach((layer, i) => {
    const cfg = layer.getConfig();
    const swap =
      layer.getClassName() === "TLLSTM"
        ? tf.layers.lstm({
            units: cfg.units as number,
            returnSequences: cfg.returnSequences as boolean,
            kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
            recurrentInitializer: new TLOrthogonal({ gain: 1, seed: seed + i }),
            name: layer.name,
          })
        : layer;
    x = swap.apply(x) as tf.SymbolicTensor;
  });
  return tf.model({ inputs: model.inputs, outputs: x });
}

/** A runner, and the class of every layer of its model (the bench prints the recurrent ones). */
export type RnnRunner = Runner & { layerClasses: string[] };

function runnerFor(name: string, graph: GraphDocument, seed: number, tfjsLstm: boolean): RnnRunner {
  const spec = TrainingSpecSchema.parse(graph.meta.training);
  const r = compile(graph, { seed });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  const model = tfjsLstm ? withTfjsLstm(r.compiled.model, seed) : r.compiled.model;
  const task = createTask(spec.dataset, r.compiled, seed);
  if (!task.ok) throw new Error(task.message);
  const config = { ...spec.config, batchSize: LSTM_PRESET.batch, steps: 1_000_000, evalEvery: 1_000_000, seed };
  const trainer = new Trainer(model, task.bundle.task, config);
  return {
    name,
    params: model.countParams(),
    layerClasses: model.layers.map((l) => l.getClassName()),
    step: async () => (await trainer.trainStep()).loss,
    dispose: () => {
      trainer.dispose();
      model.dispose();
    },
  };
}

function preset(id: string, params: Record<string, unknown>): GraphDocument {
  const built = buildPreset(id, params);
  if (!built.ok) throw new Error(built.message);
  return built.graph;
}

/** The LSTM preset as before issue 13 (tf.layers.lstm: hard-sigmoid gates, tfjs's autodiff through its loop). */
export const tfjsLstmRunner = (seed: number) => runnerFor("LSTM preset, tf.layers.lstm", preset("lstm", {}), seed, true);
/** The LSTM preset as compiled now, asserting that its LSTM block became a TLLSTM. */
export const tlLstmRunner = (seed: number) => {
  const runner = runnerFor("LSTM preset, TLLSTM", preset("lstm", {}), seed, false);
  if (!runner.layerClasses.includes("TLLSTM")) throw new Error(`the LSTM preset compiled to ${runner.layerClasses.join(", ")}, not TLLSTM`);
  return runner;
};
/** The GPT preset at the LSTM's width (C = 192, 4 layers, 4 heads), same context and batch. */
export const gptWidthRunner = (seed: number) =>
  runnerFor(
    `GPT preset, width ${LSTM_PRESET.units}`,
    preset("gpt", { nEmbd: LSTM_PRESET.units, blockSize: LSTM_PRESET.context }),
    seed,
    false,
  );
