/**
 * The public face of the training core: datasets, tasks, the trainer, sampling and evaluation,
 * tokenizers and quantization. `train/tokenizers` and `train/quantize` are also faces of their
 * own, free of tfjs, for the page and scripts that must not load it.
 */
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
export { autoBackends, initBackend, loseWebglContext, watchWebglContext, webglContextLost } from "./backend";
export type { BackendName, BackendOptions } from "./backend";
export { createTrainerCore } from "./worker-core";
export type { TrainerCore, TrainerCoreOptions } from "./worker-core";
export { WEIGHTS_FILE, exportArtifacts } from "./weights";
export * from "./tokenizers";
export * from "./quantize";
export { modelWeights, setModelWeights, weightFilePaths, weightsFromModelJson } from "./quantize/tfjs";
export { drawValidationBatches, evaluateOn } from "./quantize/evaluate";
export type { Evaluation, FixedBatches } from "./quantize/evaluate";
export type * from "./protocol";
export { DEFAULT_SWEEP, runSweep, summarise, SweepError } from "./sweep";
export type { SweepHooks, SweepResult, SweepRun, SweepSpec } from "./sweep";
export { recallTask } from "./recall-task";
