/**
 * The types the Train tab uses from the core, in one place: all type-only, so no tfjs reaches
 * the page bundle through them (tfjs lives in the training worker).
 */
export type { DatasetSpec, Diagnostic, GraphDocument, TrainConfig } from "@/graph";
export type {
  AttentionMap,
  BackendChoice,
  BackendName,
  Checkpoint,
  DecisionBoundary,
  GenerateOptions,
  Metrics,
  RunInfo,
  SequenceEvaluation,
  SequenceExample,
  TensorStats,
  TrainerApi,
  TrainRequest,
  WorkerEvent,
} from "@/train";
import type { BackendChoice, TrainerApi } from "@/train";

type Asyncify<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> | R : never;

/**
 * What the Train tab needs of the training client (`useTrainerClient()`): every worker method,
 * possibly async, and a way to start a fresh worker after a crash.
 */
export type TrainerPort = { [K in keyof TrainerApi]: Asyncify<TrainerApi[K]> } & {
  restart?(choice?: BackendChoice): unknown;
};
