/**
 * The page's side of the training worker. The worker is spawned on first use, so tfjs loads
 * only there and only when training is first wanted (this module imports types from the core,
 * never values). Calls go through Comlink; a worker that crashes or stops answering becomes a
 * `failed` run and rejected calls instead of promises that never settle, and the next call
 * spawns a fresh worker.
 */
import * as Comlink from "comlink";
import { useState, useSyncExternalStore } from "react";
import type { BackendChoice, BackendName, TrainerApi, WorkerEvent } from "@/train";

/** What the worker exposes: the trainer API and a hook for tests. */
export interface WorkerApi extends TrainerApi {
  /** Loses the WebGL context on purpose (WEBGL_lose_context), to exercise the fallback; false when not on WebGL. */
  loseWebglContext(): Promise<boolean>;
}

/** Every method as the page sees it: async. */
export type Async<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };

export type TrainerClient = Async<TrainerApi> & {
  /** The backend the worker reported last (from `init` or a run's `started`). */
  readonly backend: BackendName | undefined;
  /** Calls `listener` when `backend` changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * Ends the worker (an active run fails with a message) and spawns a fresh one on the next
   * call, initialised with `choice` or the last backend choice.
   */
  restart(choice?: BackendChoice): void;
  dispose(): void;
  /** For e2e tests. */
  readonly debug: { loseWebglContext(): Promise<boolean> };
};

/** A worker and its API as the client uses them; unit tests pass fakes. */
export interface WorkerConnection {
  worker: Pick<Worker, "addEventListener" | "terminate">;
  api: Async<WorkerApi>;
}

export interface TrainerClientOptions {
  connect?: () => WorkerConnection;
  /** A run's worker that sends nothing for this long is hung (default 10 s; slow steps stretch it). */
  hangTimeoutMs?: number;
  /**
   * Allowance before a run's first metrics: compiling, and a first step that compiles every
   * WebGL shader without yielding (58 s for the GPT preset on a loaded 2-core machine). Default 180 s.
   */
  startupTimeoutMs?: number;
  /** Allowance for one call outside a run, e.g. sampling from a big model on the CPU (default 60 s). */
  callTimeoutMs?: number;
  /** How often a busy worker is pinged (default 2 s). */
  pingEveryMs?: number;
}

export const CRASHED = "the training worker crashed; start a new run";
export const HUNG = "the training worker stopped responding; start a new run";
export const RESTARTED = "the training worker was restarted; start a new run";

/** How long to wait for events still in flight after the worker's call returned (they use another port). */
const IN_FLIGHT_MS = 3000;

function connectWorker(): WorkerConnection {
  const worker = new Worker(new URL("./train.worker.ts", import.meta.url), { type: "module", name: "tensorloom-trainer" });
  return { worker, api: Comlink.wrap<WorkerApi>(worker) as unknown as Async<WorkerApi> };
}

interface Live {
  conn: WorkerConnection;
  /** Rejects when this worker faults: every call races it. */
  faulted: Promise<never>;
  fail(err: Error): void;
  /** The backend choice applied to a fresh worker before any other call. */
  ready: Promise<unknown>;
}

interface ClientRun {
  onEvent(e: WorkerEvent): void;
  closed: boolean;
  sawMetrics: boolean;
  msPerStep: number;
  evalBatches: number;
  settle(): void;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const TERMINAL = new Set<WorkerEvent["type"]>(["end", "diverged", "failed"]);

/**
 * @example
 * const client = createTrainerClient();
 * await client.init("auto");
 * await client.start(request, (e) => console.log(e));
 */
export function createTrainerClient(options: TrainerClientOptions = {}): TrainerClient {
  const connect = options.connect ?? connectWorker;
  const hangMs = options.hangTimeoutMs ?? 10_000;
  const startupMs = options.startupTimeoutMs ?? 180_000;
  const callMs = options.callTimeoutMs ?? 60_000;
  const pingMs = options.pingEveryMs ?? 2_000;
  let live: Live | undefined;
  let choice: BackendChoice | undefined;
  let backend: BackendName | undefined;
  let run: ClientRun | undefined;
  let pending = 0;
  let lastHeard = Date.now();
  let pinging = false;
  let disposed = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const listeners = new Set<() => void>();

  const heard = () => void (lastHeard = Date.now());
  const busy = () => run !== undefined || pending > 0;
  const setBackend = (b: BackendName) => {
    if (b === backend) return;
    backend = b;
    listeners.forEach((l) => l());
  };

  function spawn(): Live {
    const conn = connect();
    let fail: (err: Error) => void = () => {};
    const faulted = new Promise<never>((_, reject) => (fail = reject));
    faulted.catch(() => {});
    const l: Live = { conn, faulted, fail, ready: Promise.resolve() };
    conn.worker.addEventListener("error", (e) => {
      const detail = (e as { message?: unknown }).message;
      fault(l, detail ? `${CRASHED.replace(";", ` (${String(detail)});`)}` : CRASHED);
    });
    conn.worker.addEventListener("messageerror", () => fault(l, CRASHED));
    conn.worker.addEventListener("message", heard);
    if (choice) {
      l.ready = conn.api.init(choice).then(setBackend);
      l.ready.catch(() => {});
    }
    timer ??= setInterval(watch, pingMs);
    return l;
  }

  /** Ends a faulty worker: its calls reject, its run fails with `message`; the next call spawns another. */
  function fault(l: Live, message: string): void {
    if (live !== l) return;
    live = undefined;
    pinging = false;
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    l.conn.worker.terminate();
    l.fail(new Error(message));
    const r = run;
    run = undefined;
    if (r && !r.closed) {
      r.closed = true;
      r.onEvent({ type: "failed", message });
      r.settle();
    }
  }

  /** The watchdog: pings a busy worker and faults it when it has been silent too long. */
  function watch(): void {
    const l = live;
    if (!l || !busy()) return;
    const allowance = run
      ? run.sawMetrics
        ? hangMs + run.msPerStep * (2 + run.evalBatches)
        : Math.max(startupMs, hangMs)
      : Math.max(callMs, hangMs);
    if (Date.now() - lastHeard > allowance) return fault(l, HUNG);
    if (pinging) return;
    pinging = true;
    l.conn.api
      .ping()
      .then(
        () => {
          if (live === l) heard();
        },
        () => {},
      )
      .finally(() => {
        if (live === l) pinging = false;
      });
  }

  function worker(): Live {
    if (disposed) throw new Error("the training client was disposed");
    return (live ??= spawn());
  }

  async function call<K extends keyof WorkerApi>(name: K, ...args: Parameters<WorkerApi[K]>): Promise<Awaited<ReturnType<WorkerApi[K]>>> {
    const l = worker();
    if (!busy()) heard(); // the silence that counts starts now
    pending += 1;
    try {
      await Promise.race([l.ready, l.faulted]);
      const method = l.conn.api[name] as unknown as (...a: unknown[]) => Promise<Awaited<ReturnType<WorkerApi[K]>>>;
      const result = await Promise.race([method(...args), l.faulted]);
      if (live === l) heard();
      return result;
    } finally {
      pending -= 1;
    }
  }

  /** Control messages need no worker of their own: without one there is nothing to pause. */
  const control = (name: "pause" | "resume" | "stop") => async () => {
    if (live) await call(name);
  };

  return {
    get backend() {
      return backend;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    async init(c) {
      const b = await call("init", c);
      choice = c;
      setBackend(b);
      return b;
    },

    async start(request, onEvent) {
      let settle = () => {};
      const ended = new Promise<void>((resolve) => (settle = resolve));
      const r: ClientRun = { onEvent, closed: false, sawMetrics: false, msPerStep: 0, evalBatches: request.config.evalBatches, settle };
      const handler = Comlink.proxy((e: WorkerEvent) => {
        if (r.closed) return;
        heard();
        if (e.type === "started") {
          setBackend(e.info.backend);
          r.sawMetrics = false; // a restarted run (WebGL lost) compiles again
        }
        if (e.type === "metrics") {
          r.sawMetrics = true;
          r.msPerStep = e.metrics.msPerStep;
        }
        if (TERMINAL.has(e.type)) {
          r.closed = true;
          if (run === r) run = undefined;
          settle();
        }
        onEvent(e);
      });
      if (!busy()) heard();
      run = r;
      try {
        await call("start", request, handler);
        // The events travel on the handler's own port: let the last ones arrive before resolving.
        await Promise.race([ended, sleep(IN_FLIGHT_MS)]);
      } catch (err) {
        if (!r.closed) {
          r.closed = true;
          onEvent({ type: "failed", message: `the run could not start: ${messageOf(err)}` });
        }
      } finally {
        r.closed = true;
        if (run === r) run = undefined;
      }
    },

    pause: control("pause"),
    resume: control("resume"),
    stop: control("stop"),
    resetWeights: () => call("resetWeights"),

    async generate(o, onText) {
      let received = 0;
      let expected = Infinity;
      let caughtUp = () => {};
      const all = new Promise<void>((resolve) => (caughtUp = resolve));
      const text = await call(
        "generate",
        o,
        Comlink.proxy((chunk: string) => {
          heard();
          received += chunk.length;
          onText(chunk);
          if (received >= expected) caughtUp();
        }),
      );
      expected = text.length;
      if (received < expected) await Promise.race([all, sleep(IN_FLIGHT_MS)]);
      return text;
    },

    boundary: (resolution) => call("boundary", resolution),
    sequenceExamples: (count) => call("sequenceExamples", count),
    attention: (layer, example, text) => call("attention", layer, example, text),
    activationStats: (ref) => call("activationStats", ref),
    saveWeights: (key) => call("saveWeights", key),
    loadWeights: (key, request) => call("loadWeights", key, request),
    exportWeights: () => call("exportWeights"),
    checkpoint: () => call("checkpoint"),
    loadCheckpoint: (request, checkpoint) => call("loadCheckpoint", request, checkpoint),
    ping: () => call("ping"),

    restart(c) {
      if (c) choice = c;
      if (live) fault(live, RESTARTED);
    },

    dispose() {
      if (live) fault(live, "the training client was closed");
      disposed = true;
    },

    debug: { loseWebglContext: () => call("loseWebglContext") },
  };
}

let shared: TrainerClient | undefined;

/**
 * The page's one client, made on first use. Also reachable as `window.__tensorloom.client`
 * for e2e tests: it only gives a script what the page itself already has.
 */
export function sharedTrainerClient(): TrainerClient {
  if (shared) return shared;
  shared = createTrainerClient();
  if (typeof window !== "undefined") {
    const w = window as unknown as { __tensorloom?: Record<string, unknown> };
    w.__tensorloom = { ...w.__tensorloom, client: shared };
  }
  return shared;
}

/** The page's training client; the worker starts only when a method is first called. */
export function useTrainerClient(): TrainerClient {
  const [client] = useState(sharedTrainerClient);
  return client;
}

/** The backend the client last heard of, re-rendering when it changes. */
export function useTrainerBackend(client: TrainerClient): BackendName | undefined {
  return useSyncExternalStore(
    client.subscribe,
    () => client.backend,
    () => undefined,
  );
}
