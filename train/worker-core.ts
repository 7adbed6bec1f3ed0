/**
 * The training worker without the worker: `createTrainerCore()` implements the `TrainerApi` of
 * protocol.ts on sessions, the trainer, sampling and inspection. The browser worker exposes it
 * with Comlink; the tests call it directly in Node.
 *
 * One model at a time: `start` compiles the request into a session and trains it; after the run
 * the session stays, so generate, boundary, attention … read its weights until the next start.
 */
import * as tf from "@tensorflow/tfjs";
import { autoBackends, initBackend, webglContextLost } from "./backend";
import type { BackendName } from "./backend";
import { applyCheckpoint, takeCheckpoint } from "./checkpoint";
import type { BackendChoice, RunInfo, TrainerApi, TrainRequest, WorkerEvent } from "./protocol";
import { RunControl } from "./run-control";
import { createSession } from "./session";
import type { Session } from "./session";
import type { RunEnd } from "./trainer";
import { exportArtifacts, loadSavedWeights } from "./weights";
import { createInspectors, safely } from "./worker-inspect";
import type { Current, Opened } from "./worker-inspect";

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

const NO_MODEL = "no model yet: train or load a model first";

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
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

  /**
   * Backend changes one at a time: two overlapping `tf.setBackend` calls (the tab's first init
   * and a load) would leave tensors of one backend run by the other's kernels.
   */
  let queue: Promise<unknown> = Promise.resolve();

  function useBackend(order: BackendName[]): Promise<BackendName> {
    const p = queue.then(async () => {
      backend = await initBackend(order, { wasmPath: options.wasmPath });
      options.onBackend?.(backend);
      return backend;
    });
    queue = p.catch(() => {});
    return p;
  }

  const ensureBackend = async () => {
    await queue;
    return backend ?? useBackend(autoBackends());
  };

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

  /** Compiles `request` (and loads its checkpoint) into the current session; the previous one is kept if this fails. */
  function open(request: TrainRequest): Opened {
    let created;
    try {
      created = createSession(request.doc, { dataset: request.dataset, config: request.config });
    } catch (err) {
      return { ok: false, message: messageOf(err) };
    }
    if (!created.ok) return created;
    if (request.from) {
      try {
        applyCheckpoint(created.session, request.from.checkpoint, request.from.continueRun);
      } catch (err) {
        created.session.dispose();
        return { ok: false, message: messageOf(err) };
      }
    }
    drop();
    current = { request, session: created.session, info: runInfo(created.session) };
    return { ok: true, current };
  }

  /** Trains `request` until it ends; after a lost backend it starts over on the next one, unless `superseded`. */
  async function train(request: TrainRequest, send: (e: WorkerEvent) => void, superseded: () => boolean): Promise<void> {
    await ensureBackend();
    for (;;) {
      const opened = open(request);
      if (!opened.ok) {
        send({
          type: "failed",
          message: `cannot start training: ${opened.message}`,
          ...(opened.diagnostics ? { diagnostics: opened.diagnostics } : {}),
        });
        return;
      }
      const { session } = opened.current;
      const trainer = session.trainer;
      // A continued run goes on from its checkpoint's step; a restart after a lost backend too.
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
      const lost =
        control.lostReason ??
        (typeof outcome === "object" && "error" in outcome && webglContextLost() ? "the WebGL context was lost" : undefined);
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
      void fallBack(backend).then((next) =>
        notify?.({ type: "notice", message: `${reason}: now using ${next}${had ? "; the model was lost, train it again" : ""}` }),
      );
    },

    async resetWeights() {
      if (active) throw new Error("stop the run before resetting the weights");
      const opened = open(need().request);
      if (!opened.ok) throw new Error(`cannot reset the weights: ${opened.message}`);
    },

    ...createInspectors({ need, isCurrent: (cur) => cur === current }),

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

    async checkpoint() {
      const { session } = need();
      return reading(() => takeCheckpoint(session));
    },

    async loadCheckpoint(request, checkpoint) {
      if (active) throw new Error("stop the run before loading another run's weights");
      await ensureBackend();
      const opened = open({ ...request, from: { checkpoint, continueRun: true } });
      if (!opened.ok) throw new Error(`cannot load the run's weights: ${opened.message}`);
      return opened.current.info;
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
