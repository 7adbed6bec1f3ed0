/**
 * The training worker without the worker: `createTrainerCore()` implements the `TrainerApi` of
 * protocol.ts on sessions, the trainer, sampling and inspection. The browser worker exposes it
 * with Comlink; the tests call it directly in Node.
 *
 * One model at a time: `start` compiles the request into a session and trains it; after the run
 * the session stays, so generate, boundary, attention … read its weights until the next start.
 */
import * as tf from "@tensorflow/tfjs";
import type { Diagnostic } from "../graph";
import { autoBackends, initBackend, webglContextLost } from "./backend";
import type { BackendName } from "./backend";
import { createRng } from "./data";
import { evaluateSequences } from "./evaluate";
import { activationStats, attentionAxes, attentionWeights, decisionBoundary, hostBatch } from "./inspect";
import type { HostBatch, HostTensor } from "./inspect";
import type { AttentionMap, BackendChoice, GenerateOptions, RunInfo, TrainerApi, TrainRequest, WorkerEvent } from "./protocol";
import { RunControl } from "./run-control";
import { generate } from "./sample";
import { createSession } from "./session";
import type { Session } from "./session";
import { createTask } from "./tasks";
import type { RunEnd } from "./trainer";
import { exportArtifacts, loadSavedWeights } from "./weights";

export interface TrainerCoreOptions {
  /** Where the page serves the wasm binaries (the browser worker passes "/tfjs-wasm/"). */
  wasmPath?: string;
  /** Called whenever a backend is initialised, e.g. to watch a WebGL canvas for context loss. */
  onBackend?(backend: BackendName): void;
}

export interface TrainerCore extends TrainerApi {
  /**
   * Reports the backend as unusable (a lost WebGL context): a run restarts on the next backend
   * of WebGL → WASM → CPU with a `notice`; outside a run the model is dropped.
   */
  backendLost(reason: string): void;
}

const TEXT_EVERY_MS = 50;
const YIELD_EVERY_MS = 15;
/** Rows of the validation batch that attention maps and activation statistics read. */
const INSPECT_ROWS = 32;
const MAX_TOKENS = 5000;
const MAX_RESOLUTION = 400;
const NO_MODEL = "no model yet: train or load a model first";

interface Current {
  request: TrainRequest;
  session: Session;
  info: RunInfo;
  /** A validation batch drawn from a task of its own, so inspecting never shifts training's batches. */
  inspection?: Promise<HostBatch>;
}

type Opened = { ok: true; current: Current } | { ok: false; message: string; diagnostics?: Diagnostic[] };

/** Calls a listener (a Comlink proxy in the worker) without ever throwing or awaiting it. */
function safely<T>(fn: (x: T) => unknown): (x: T) => void {
  return (x) => {
    try {
      const r = fn(x);
      if (r && typeof (r as PromiseLike<unknown>).then === "function") (r as Promise<unknown>).catch(() => {});
    } catch {
      // the page stopped listening; training goes on
    }
  };
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
}

function runInfo(session: Session): RunInfo {
  const { compiled, bundle } = session;
  const tok = bundle.tokenizer;
  return {
    backend: tf.getBackend() as BackendName,
    params: compiled.model.countParams(),
    kind: compiled.outputs[0].kind,
    preview: bundle.preview,
    ...(tok ? { vocabulary: [...tok.chars], blockSize: compiled.inputs[0].shape[0] } : {}),
    ...(bundle.sequence ? { sequenceTask: true } : {}),
    ...(bundle.points ? { pointsTask: { numClasses: bundle.points.numClasses } } : {}),
    attention: compiled.attention,
  };
}

/** Row `row` of a host tensor, as a batch of one. */
function rowOf(t: HostTensor, row: number): HostTensor {
  const width = t.shape.slice(1).reduce((a, b) => a * b, 1);
  return { values: t.values.slice(row * width, (row + 1) * width), shape: [1, ...t.shape.slice(1)], dtype: t.dtype };
}

/**
 * @example
 * const core = createTrainerCore();
 * await core.init("auto");
 * await core.start({ doc, dataset, config }, (e) => console.log(e.type));
 */
export function createTrainerCore(options: TrainerCoreOptions = {}): TrainerCore {
  let backend: BackendName | undefined;
  let current: Current | undefined;
  let active: RunControl | undefined;
  let runDone: Promise<void> = Promise.resolve();
  let starts = 0;
  /** The latest run's listener: notices outside a run go there. */
  let notify: ((e: WorkerEvent) => void) | undefined;

  async function useBackend(order: BackendName[]): Promise<BackendName> {
    backend = await initBackend(order, { wasmPath: options.wasmPath });
    options.onBackend?.(backend);
    return backend;
  }

  const ensureBackend = async () => backend ?? useBackend(autoBackends());

  /** The other backends in auto order (WASM before CPU); a lost WebGL backend is removed for good. */
  async function fallBack(from: BackendName | undefined): Promise<BackendName> {
    const order = autoBackends();
    const rest = from ? order.filter((b) => b !== from) : order;
    if (from === "webgl") {
      try {
        tf.removeBackend("webgl");
      } catch {
        // already gone
      }
    }
    return useBackend(rest.length ? rest : ["cpu"]);
  }

  /** Reads of the weights wait for the step in progress and hold the next one. */
  const reading = <T>(fn: () => Promise<T>): Promise<T> => (active ? active.exclusive(fn) : fn());

  function need(): Current {
    if (!current) throw new Error(NO_MODEL);
    return current;
  }

  function drop(): void {
    if (!current) return;
    const variables = current.session.compiled.model.weights.map((w) => w.read());
    current.session.dispose();
    // tfjs counts a layer applied twice (a tied embedding head) as two uses, so model.dispose()
    // leaves its weights behind: free whatever is left.
    tf.dispose(variables);
    current = undefined;
  }

  /** Compiles `request` into the current session; the previous one is kept if this fails. */
  function open(request: TrainRequest): Opened {
    let created;
    try {
      created = createSession(request.doc, { dataset: request.dataset, config: request.config });
    } catch (err) {
      return { ok: false, message: messageOf(err) };
    }
    if (!created.ok) return created;
    drop();
    current = { request, session: created.session, info: runInfo(created.session) };
    return { ok: true, current };
  }

  function inspection(cur: Current): Promise<HostBatch> {
    cur.inspection ??= (async () => {
      const { dataset, compiled, config } = cur.session;
      const task = createTask(dataset, compiled, config.seed);
      if (!task.ok) throw new Error(task.message);
      return hostBatch(task.bundle.task, Math.min(config.batchSize, INSPECT_ROWS));
    })();
    cur.inspection.catch(() => (cur.inspection = undefined));
    return cur.inspection;
  }

  /** Trains `request` until it ends; after a lost backend it starts over on the next one, unless `superseded`. */
  async function train(request: TrainRequest, send: (e: WorkerEvent) => void, superseded: () => boolean): Promise<void> {
    await ensureBackend();
    for (;;) {
      const opened = open(request);
      if (!opened.ok) {
        send({ type: "failed", message: `cannot start training: ${opened.message}`, ...(opened.diagnostics ? { diagnostics: opened.diagnostics } : {}) });
        return;
      }
      const { session } = opened.current;
      const trainer = session.trainer;
      const control = new RunControl(send, session.config.steps);
      active = control;
      control.emit({ type: "started", info: opened.current.info });
      let outcome: { end: RunEnd } | { error: unknown } | "lost";
      const running = trainer.run({ onMetrics: (m) => control.metrics(m), control: () => control.between(trainer.step) });
      // A step on a lost WebGL context may never settle: the race lets the run go on elsewhere.
      running.catch(() => {});
      try {
        outcome = await Promise.race([running.then((end) => ({ end })), control.lost.then(() => "lost" as const)]);
      } catch (error) {
        outcome = { error };
      }
      control.flush();
      active = undefined;
      const lost = control.lostReason ?? (typeof outcome === "object" && "error" in outcome && webglContextLost() ? "the WebGL context was lost" : undefined);
      if (lost !== undefined) {
        const step = trainer.step;
        control.close();
        drop();
        const next = await fallBack(backend);
        if (control.stopRequested || superseded()) {
          send({ type: "notice", message: `${lost}; training continues on ${next} from the next run` });
          send({ type: "end", status: "stopped", step });
          return;
        }
        send({ type: "notice", message: `${lost} at step ${step}: the run restarted from step 0 on ${next}` });
        continue;
      }
      control.close();
      if (typeof outcome === "object" && "error" in outcome) {
        send({ type: "failed", message: `training failed at step ${trainer.step + 1}: ${messageOf(outcome.error)}` });
        return;
      }
      const end = (outcome as { end: RunEnd }).end;
      if (end.status === "diverged") send({ type: "diverged", step: end.step, message: end.message });
      else send({ type: "end", status: end.status, step: end.step });
      return;
    }
  }

  return {
    async init(choice: BackendChoice) {
      if (active) throw new Error("stop the run before changing the backend");
      const order = autoBackends();
      return useBackend(choice === "auto" ? order : [choice, ...order.filter((b) => b !== choice)]);
    },

    async start(request, onEvent) {
      const send = safely(onEvent);
      notify = send;
      const ticket = ++starts;
      active?.stop();
      const previous = runDone;
      let finish = () => {};
      runDone = new Promise((resolve) => (finish = resolve));
      try {
        await previous;
        // A later start came in while this one waited: it wins.
        if (ticket !== starts) send({ type: "end", status: "stopped", step: 0 });
        else await train(request, send, () => ticket !== starts);
      } finally {
        finish();
      }
    },

    pause: () => active?.pause(),
    resume: () => active?.resume(),
    stop: () => active?.stop(),

    backendLost(reason) {
      if (active) return active.lose(reason);
      const had = current !== undefined;
      drop();
      void fallBack(backend).then((next) => notify?.({ type: "notice", message: `${reason}: now using ${next}${had ? "; the model was lost, train it again" : ""}` }));
    },

    async resetWeights() {
      if (active) throw new Error("stop the run before resetting the weights");
      const opened = open(need().request);
      if (!opened.ok) throw new Error(`cannot reset the weights: ${opened.message}`);
    },

    async generate(o: GenerateOptions, onText) {
      const cur = need();
      const tok = cur.session.bundle.tokenizer;
      if (!tok) throw new Error("generating text needs a language model trained on text (a corpus or your own text)");
      checkInteger("maxTokens", o.maxTokens, 0, MAX_TOKENS);
      checkInteger("topK", o.topK, 0, 1_000_000);
      if (!(o.temperature >= 0 && Number.isFinite(o.temperature))) throw new Error(`temperature must be 0 or more, got ${o.temperature}`);
      // Characters the tokenizer never saw are dropped, not an error: the prompt is free text.
      const known = Array.from(o.prompt).filter((c) => tok.idOf(c) !== undefined);
      const context = known.length ? Array.from(tok.encode(known.join(""))) : [tok.idOf("\n") ?? 0];
      const send = safely(onText);
      let text = "";
      let chunk = "";
      let lastSent = performance.now();
      let lastYield = lastSent;
      const options = { maxTokens: o.maxTokens, temperature: o.temperature, topK: o.topK, blockSize: cur.session.compiled.inputs[0].shape[0], vocabLimit: tok.vocabSize };
      const rng = createRng(o.seed ?? Math.floor(Math.random() * 2 ** 31));
      await generate(cur.session.compiled.model, context, options, rng, async (id) => {
        const ch = tok.decode([id]);
        text += ch;
        chunk += ch;
        const now = performance.now();
        if (now - lastSent >= TEXT_EVERY_MS) {
          send(chunk);
          chunk = "";
          lastSent = now;
        }
        // Let training steps and messages (stop, pause) take turns with sampling.
        if (now - lastYield >= YIELD_EVERY_MS) {
          await macrotask();
          lastYield = performance.now();
        }
        if (current !== cur) throw new Error("a new run replaced the model while generating; generate again");
      });
      if (chunk) send(chunk);
      return text;
    },

    async boundary(resolution) {
      const cur = need();
      const points = cur.session.bundle.points;
      if (!points) throw new Error("the decision boundary needs a classifier trained on 2-D points");
      checkInteger("resolution", resolution, 2, MAX_RESOLUTION);
      return decisionBoundary(cur.session.compiled.model, points, resolution);
    },

    async sequenceExamples(count) {
      const { session } = need();
      const seq = session.bundle.sequence;
      if (!seq) throw new Error("sequence examples need a model trained on a sequence task");
      checkInteger("count", count, 1, 100_000);
      const ins = session.compiled.inputs;
      const sourceFirst = !(ins.length === 2 && ins[1].lengthName === "S" && ins[0].lengthName !== "S");
      return evaluateSequences(session.compiled.model, session.bundle, Math.min(count, seq.data.n - seq.valStart), sourceFirst);
    },

    async attention(layer, example, text): Promise<AttentionMap> {
      const cur = need();
      const { compiled, bundle } = cur.session;
      const info = compiled.attention.find((a) => a.nodeId === layer);
      if (!info) {
        const names = compiled.attention.map((a) => a.nodeId).join(", ");
        throw new Error(names ? `no attention layer "${layer}" in this model; it has ${names}` : "this model has no attention layer");
      }
      checkInteger("example", example, 0, Number.MAX_SAFE_INTEGER);
      const tok = bundle.tokenizer;
      const known = tok && text !== undefined ? Array.from(text).filter((c) => tok.idOf(c) !== undefined) : [];
      let inputs: HostTensor[];
      let length: number | undefined;
      if (tok && known.length) {
        const T = compiled.inputs[0].shape[0];
        const ids = tok.encode(known.join("")).slice(0, T);
        const padded = new Int32Array(T); // right-padded: a causal model never looks at the padding
        padded.set(ids);
        inputs = [{ values: padded, shape: [1, T], dtype: "int32" }];
        length = ids.length;
      } else {
        const batch = await inspection(cur);
        inputs = batch.inputs.map((t) => rowOf(t, example % batch.rows));
      }
      const map = await attentionWeights(compiled, layer, inputs, length);
      const axes = attentionAxes(cur.request.doc, compiled, layer);
      const vocab = tok?.chars ?? bundle.sequence?.data.vocab;
      const tokens = (input: HostTensor, n: number) =>
        Array.from({ length: n }, (_, i) => (input.dtype === "int32" && vocab ? (vocab[input.values[i]] ?? "?") : String(i)));
      return {
        layer,
        heads: map.heads,
        weights: map.weights,
        queryTokens: tokens(inputs[axes.query], map.queries),
        keyTokens: tokens(inputs[axes.key], map.keys),
        causal: info.causal,
      };
    },

    async activationStats(ref) {
      const cur = need();
      return activationStats(cur.session.compiled, ref, await inspection(cur));
    },

    async saveWeights(key) {
      const { session } = need();
      const url = weightsUrl(key);
      await reading(() => session.compiled.model.save(url));
    },

    async loadWeights(key, request) {
      if (active) throw new Error("stop the run before loading weights");
      const url = weightsUrl(key);
      if (request) {
        await ensureBackend();
        const opened = open(request);
        if (!opened.ok) throw new Error(`cannot load weights: ${opened.message}`);
      }
      await loadSavedWeights(need().session.compiled.model, url, key);
    },

    async exportWeights() {
      const { session } = need();
      return reading(() => exportArtifacts(session.compiled.model));
    },

    async ping() {
      return Date.now();
    },
  };
}

/** IndexedDB address of saved weights; tf.io reaches IndexedDB from a worker as from a page. */
function weightsUrl(key: string): string {
  if (!key.trim() || key.length > 200) throw new Error("a weights name must have 1 to 200 characters");
  if (typeof indexedDB === "undefined") throw new Error("saving and loading weights needs IndexedDB, which this environment lacks");
  return `indexeddb://tensorloom-${key}`;
}
