/**
 * The contract between the page and the training worker. The worker owns tfjs, the compiled
 * model and the trainer; the page sends documents and commands and receives plain data
 * (numbers, strings, typed arrays) — never tensors or class instances.
 */
import type { AttentionInfo, OutputKind } from "../compiler";
import type { DatasetSpec, Diagnostic, GraphDocument, TrainConfig } from "../graph";
import type { BackendName } from "./backend";
import type { SequenceEvaluation } from "./evaluate";
import type { Metrics } from "./trainer";

export type BackendChoice = BackendName | "auto";

export interface TrainRequest {
  doc: GraphDocument;
  dataset: DatasetSpec;
  config: TrainConfig;
  /**
   * Start from a saved checkpoint instead of fresh weights: its weights always; its optimizer
   * state and step when `continueRun` (the same run goes on where it stopped), otherwise a new
   * run from step 0 with a fresh optimizer (continued from another run).
   */
  from?: { checkpoint: Checkpoint; continueRun: boolean };
}

/** One weight tensor of a checkpoint, in model order. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: "float32" | "int32" | "bool";
}

/** The optimizer's moments, one list per trainable weight in model order (Adam: m, v; SGD: velocity). */
export interface OptimizerState {
  /** Updates applied so far (Adam's bias correction uses it). */
  t: number;
  slots: Float32Array[][];
}

/** What a run needs to go on later: its weights, optimizer state and step. Plain data, storable. */
export interface Checkpoint {
  step: number;
  /** Training time before this checkpoint, pauses left out. */
  elapsedMs: number;
  specs: WeightSpec[];
  /** The weights' values, concatenated in `specs` order. */
  data: ArrayBuffer;
  optimizer?: OptimizerState;
}

/** What the page learns when a run starts. */
export interface RunInfo {
  backend: BackendName;
  params: number;
  kind: OutputKind;
  /** A few dataset examples as text. */
  preview: string[];
  /** Present for language models: the characters the tokenizer knows. */
  vocabulary?: string[];
  blockSize?: number;
  sequenceTask?: boolean;
  pointsTask?: { numClasses: number };
  attention: AttentionInfo[];
}

export type WorkerEvent =
  | { type: "started"; info: RunInfo }
  | { type: "metrics"; metrics: Metrics }
  | { type: "paused"; step: number }
  | { type: "resumed"; step: number }
  | { type: "end"; status: "done" | "stopped"; step: number }
  | { type: "diverged"; step: number; message: string }
  | { type: "failed"; message: string; diagnostics?: Diagnostic[] }
  /**
   * Something the user should know that does not end the run, e.g. "the WebGL context was lost
   * at step 120: the run restarted on WASM". A `started` event with the new backend follows
   * when the run restarts.
   */
  | { type: "notice"; message: string };

export interface GenerateOptions {
  prompt: string;
  maxTokens: number;
  temperature: number;
  topK: number;
  seed?: number;
}

export interface DecisionBoundary {
  /** resolution × resolution cells, row-major from (xMin, yMax) — the winning class per cell. */
  classes: Int32Array;
  /** Probability of the winning class per cell, for shading. */
  confidence: Float32Array;
  resolution: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Validation points and labels: x0, y0, x1, y1, … */
  points: Float32Array;
  labels: Int32Array;
  accuracy: number;
  /** confusion[actual][predicted] over the validation split. */
  confusion: number[][];
}

export interface AttentionMap {
  layer: string;
  heads: number;
  /** heads × T × S, row-major. */
  weights: Float32Array;
  queryTokens: string[];
  keyTokens: string[];
  causal: boolean;
}

export interface TensorStats {
  ref: string;
  shape: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Fraction of exact zeros (dead ReLUs show here). */
  zeros: number;
  histogram: { edges: number[]; counts: number[] };
  /** NaN and ±Infinity values, left out of every figure above (a diverged model has them). */
  nonFinite?: number;
}

/** The worker's API, exposed with Comlink. Event callbacks are Comlink proxies. */
export interface TrainerApi {
  /** Initialises tfjs with the chosen backend (auto: WebGL → WASM → CPU); returns the one in use. */
  init(choice: BackendChoice): Promise<BackendName>;
  /** Compiles and trains; resolves when the run ends. Events stream through `onEvent`. */
  start(request: TrainRequest, onEvent: (e: WorkerEvent) => void): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): void;
  /** Fresh random weights for the current model (same seed → same weights). */
  resetWeights(): Promise<void>;
  /**
   * Streams sampled text from the current weights; usable during and after training. Resolves
   * with the new text (without the prompt); prompt characters the tokenizer does not know are
   * dropped, and an empty prompt starts from a newline.
   */
  generate(options: GenerateOptions, onText: (chunk: string) => void): Promise<string>;
  boundary(resolution: number): Promise<DecisionBoundary>;
  sequenceExamples(count: number): Promise<SequenceEvaluation>;
  /**
   * Attention weights of one layer for one validation example (`example` picks a row of a fixed
   * validation batch), or for LMs the given text (its first T known characters; the map is then
   * cropped to its length).
   */
  attention(layer: string, example: number, text?: string): Promise<AttentionMap>;
  /** Statistics of any flat node's output (`"linear1"`, `"blocks_0_attn1:out"`) on a validation batch. */
  activationStats(ref: string): Promise<TensorStats>;
  saveWeights(key: string): Promise<void>;
  /**
   * Loads weights saved with `saveWeights` into the current model. With `request`, first
   * compiles that document (as `start` would, without training), so weights can be loaded
   * before any run.
   */
  loadWeights(key: string, request?: TrainRequest): Promise<void>;
  /** tfjs artifacts (model.json content and the weights), for a download. */
  exportWeights(): Promise<{ modelJson: string; weights: ArrayBuffer }>;
  /** The current model's weights, optimizer state and step (between two steps when training). */
  checkpoint(): Promise<Checkpoint>;
  /** Compiles `request` (as `start` would, without training) and loads the checkpoint's weights into it. */
  loadCheckpoint(request: TrainRequest, checkpoint: Checkpoint): Promise<RunInfo>;
  /** Liveness check for hang detection. */
  ping(): Promise<number>;
}
