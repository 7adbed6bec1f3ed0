/**
 * A training session: compile the document, build its dataset task, and make a trainer —
 * the one path used by the CLI, the tests and the browser worker.
 */
import { compile } from "../compiler";
import type { CompiledModel } from "../compiler";
import { TrainingSpecSchema } from "../graph";
import type { DatasetSpec, Diagnostic, GraphDocument, TrainConfig } from "../graph";
import { defaultTraining } from "./data";
import { createTask } from "./tasks";
import type { TaskBundle } from "./tasks";
import { Trainer } from "./trainer";

export interface Session {
  compiled: CompiledModel;
  bundle: TaskBundle;
  trainer: Trainer;
  dataset: DatasetSpec;
  config: TrainConfig;
  dispose(): void;
}

export type SessionResult = { ok: true; session: Session } | { ok: false; message: string; diagnostics?: Diagnostic[] };

export interface SessionOverrides {
  dataset?: DatasetSpec;
  config?: Partial<TrainConfig>;
}

/**
 * Prepares to train `doc` with the training spec in its `meta.training` (or, when it names
 * none, the defaults that fit its Inputs and Output), changed by `overrides`.
 * @example const r = createSession(buildPreset("mlp").graph, { config: { steps: 100 } });
 */
export function createSession(doc: GraphDocument, overrides: SessionOverrides = {}): SessionResult {
  const stored =
    doc.meta.training === undefined
      ? { success: true as const, data: defaultTraining(doc) }
      : TrainingSpecSchema.safeParse(doc.meta.training);
  const dataset = overrides.dataset ?? (stored.success ? stored.data.dataset : undefined);
  if (!dataset) return { ok: false, message: "the document names no dataset: choose one in the Train tab" };
  const parsedConfig = TrainingSpecSchema.shape.config.safeParse({ ...(stored.success ? stored.data.config : {}), ...overrides.config });
  if (!parsedConfig.success) {
    const issue = parsedConfig.error.issues[0];
    return { ok: false, message: `training setting ${issue.path.join(".")}: ${issue.message}` };
  }
  const config = parsedConfig.data;
  const compiled = compile(doc, { seed: config.seed });
  if (!compiled.ok) {
    const first = compiled.diagnostics[0];
    return {
      ok: false,
      message: `the graph has ${compiled.diagnostics.length} problem${compiled.diagnostics.length === 1 ? "" : "s"}: ${first?.message ?? ""}`,
      diagnostics: compiled.diagnostics,
    };
  }
  const task = createTask(dataset, compiled.compiled, config.seed);
  if (!task.ok) {
    compiled.compiled.model.dispose();
    return { ok: false, message: task.message };
  }
  const trainer = new Trainer(compiled.compiled.model, task.bundle.task, config);
  return {
    ok: true,
    session: {
      compiled: compiled.compiled,
      bundle: task.bundle,
      trainer,
      dataset,
      config,
      dispose() {
        trainer.dispose();
        compiled.compiled.model.dispose();
      },
    },
  };
}
