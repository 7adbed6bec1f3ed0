/** The public face of the training core: datasets, tasks, the trainer, sampling and evaluation. */
export * from "./data";
export { Trainer, DEFAULT_TRAIN_CONFIG } from "./trainer";
export type { Batch, Metrics, RunEnd, RunHooks, Task } from "./trainer";
export { createTask } from "./tasks";
export type { TaskBundle, TaskResult } from "./tasks";
export { createSession } from "./session";
export type { Session, SessionOverrides, SessionResult } from "./session";
export { generate, pickToken } from "./sample";
export type { SampleOptions } from "./sample";
export { evaluateSequences } from "./evaluate";
export type { SequenceEvaluation, SequenceExample } from "./evaluate";
export { accuracy, softmaxCrossEntropy, meanSquaredError, lossFor } from "./loss";
export { createOptimizer, learningRate, clipByGlobalNorm } from "./optimizer";
export { initBackend } from "./backend";
export type { BackendName } from "./backend";
export type * from "./protocol";
