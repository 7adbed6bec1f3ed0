/**
 * Runners for `npm run bench:rnn`: the LSTM preset's default config compiled as today (tfjs's
 * tf.layers.lstm), the same graph with its LSTM layers swapped for TLLSTM, and a GPT preset of
 * the same width, each trained by the project's Trainer on its preset's own dataset.
 */
import { compile } from "../../compiler";
import { withStandardRecurrent } from "../../cli/compare-models";
import { TrainingSpecSchema } from "../../graph";
import type { GraphDocument } from "../../graph";
import { buildPreset } from "../../presets";
import { createTask, Trainer } from "../../train";
import type { Runner } from "./runners";

/** The LSTM preset's defaults (presets/lstm.ts): corpus, T 64, embedding 64, 192 units, 1 layer, batch 32. */
export const LSTM_PRESET = { context: 64, units: 192, batch: 32 } as const;

function runnerFor(name: string, graph: GraphDocument, seed: number, swapLstm: boolean): Runner {
  const spec = TrainingSpecSchema.parse(graph.meta.training);
  const r = compile(graph, { seed });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  const model = swapLstm ? withStandardRecurrent(r.compiled.model, seed) : r.compiled.model;
  const task = createTask(spec.dataset, r.compiled, seed);
  if (!task.ok) throw new Error(task.message);
  const config = { ...spec.config, batchSize: LSTM_PRESET.batch, steps: 1_000_000, evalEvery: 1_000_000, seed };
  const trainer = new Trainer(model, task.bundle.task, config);
  return {
    name,
    params: model.countParams(),
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

/** Today's LSTM preset (tf.layers.lstm: hard-sigmoid gates, tfjs's autodiff through its loop). */
export const tfjsLstmRunner = (seed: number) => runnerFor("LSTM preset, tf.layers.lstm", preset("lstm", {}), seed, false);
/** The same graph with TLLSTM. */
export const tlLstmRunner = (seed: number) => runnerFor("LSTM preset, TLLSTM", preset("lstm", {}), seed, true);
/** The GPT preset at the LSTM's width (C = 192, 4 layers, 4 heads), same context and batch. */
export const gptWidthRunner = (seed: number) =>
  runnerFor(
    `GPT preset, width ${LSTM_PRESET.units}`,
    preset("gpt", { nEmbd: LSTM_PRESET.units, blockSize: LSTM_PRESET.context }),
    seed,
    false,
  );
