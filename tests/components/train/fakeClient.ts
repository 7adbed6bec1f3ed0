/**
 * A stand-in for the training client: records calls, hands the test the event callback of a
 * started run, and lets the test end `start()` (or make it reject, as a crashed worker does).
 */
import type { TrainerPort, WorkerEvent } from "@/components/train/types";
import type { GraphDocument } from "@/graph";
import { buildPreset } from "@/presets";
import type { DecisionBoundary, Metrics, RunInfo, TrainRequest } from "@/train";

/** The MLP preset's document, the graph the run tests train. */
export function mlpDocument(): GraphDocument {
  const r = buildPreset("mlp");
  if (!r.ok) throw new Error(r.message);
  return r.graph;
}

/** A decision boundary over [-1, 1]² with the given cells and confusion, and no points. */
export function boundaryMap(
  classes: Int32Array,
  confidence: Float32Array,
  resolution: number,
  accuracy: number,
  confusion: number[][],
): DecisionBoundary {
  return {
    classes,
    confidence,
    resolution,
    xMin: -1,
    xMax: 1,
    yMin: -1,
    yMax: 1,
    points: new Float32Array(0),
    labels: new Int32Array(0),
    accuracy,
    confusion,
  };
}

export interface FakeClient extends TrainerPort {
  calls: string[];
  requests: TrainRequest[];
  /** Sends an event to the latest started run. */
  emit(e: WorkerEvent): void;
  /** Resolves (or rejects) the latest `start()`. */
  finish(error?: Error): void;
  backendName: "webgl" | "wasm" | "cpu";
}

export function metrics(step: number, over: Partial<Metrics> = {}): Metrics {
  return { step, loss: 3 / step, lr: 1e-3, tokensPerSec: 1000, msPerStep: 5, elapsedMs: step * 5, ...over };
}

export function runInfo(over: Partial<RunInfo> = {}): RunInfo {
  return {
    backend: "wasm",
    params: 1234,
    kind: "classification",
    preview: ["x = (0.1, 0.2) → 1"],
    attention: [],
    pointsTask: { numClasses: 2 },
    ...over,
  };
}

export function createFakeClient(): FakeClient {
  let onEvent: ((e: WorkerEvent) => void) | undefined;
  let done: { resolve(): void; reject(e: Error): void } | undefined;
  const client: FakeClient = {
    calls: [],
    requests: [],
    backendName: "wasm",
    emit: (e) => onEvent?.(e),
    finish: (error) => (error ? done?.reject(error) : done?.resolve()),
    async init(choice) {
      client.calls.push(`init:${choice}`);
      return choice === "auto" ? client.backendName : choice;
    },
    start(request, cb) {
      client.calls.push("start");
      client.requests.push(request);
      onEvent = cb;
      return new Promise<void>((resolve, reject) => (done = { resolve, reject }));
    },
    pause: () => void client.calls.push("pause"),
    resume: () => void client.calls.push("resume"),
    stop: () => void client.calls.push("stop"),
    async resetWeights() {
      client.calls.push("reset");
    },
    async generate(_o, onText) {
      onText("ab");
      onText("c");
      return "abc";
    },
    async boundary() {
      throw new Error("not used");
    },
    async sequenceExamples() {
      return { exactAccuracy: 0.5, tokenAccuracy: 0.75, examples: [] };
    },
    async attention() {
      throw new Error("not used");
    },
    async activationStats(ref) {
      return { ref, shape: [2, 3], mean: 0, std: 1, min: -1, max: 1, zeros: 0, histogram: { edges: [-1, 0, 1], counts: [3, 3] } };
    },
    async saveWeights() {},
    async loadWeights() {},
    async exportWeights() {
      return { modelJson: "{}", weights: new ArrayBuffer(4) };
    },
    async checkpoint() {
      client.calls.push("checkpoint");
      return { step: 0, elapsedMs: 0, specs: [{ name: "w0", shape: [1], dtype: "float32" }], data: new Float32Array([1]).buffer };
    },
    async loadCheckpoint(request) {
      client.calls.push("loadCheckpoint");
      client.requests.push(request);
      return runInfo();
    },
    async ping() {
      return 0;
    },
    restart() {
      client.calls.push("restart");
    },
  };
  return client;
}
