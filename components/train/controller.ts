/**
 * Drives the training worker for the Train tab: starts runs, routes the worker's events into the
 * run store, and passes on pause, resume, stop and weight commands. Metrics arrive once per
 * step; they are appended to the run's series at once and shown a few times a second.
 */
import { appendMetrics, createSeries, truncateSeries } from "./metricSeries";
import { addPaceSample, ema } from "./progress";
import type { RunKeeper } from "./runKeeper";
import { activeTime, addRun, ENDED, isLive, liveRun, runLabel, updateRun } from "./runStore";
import type { RunRecord, RunStore } from "./runStore";
import type { TrainSettings } from "./settings";
import { throttle } from "./throttle";
import type { Timers } from "./throttle";
import type { BackendChoice, GraphDocument, Metrics, TrainerPort, TrainRequest, WorkerEvent } from "./types";

/** Redraws per second at most: 4 keeps the charts lively and the main thread idle. */
export const FLUSH_MS = 250;

export interface ControllerDeps {
  /** The current client (the hook may hand out a new one after a restart). */
  client(): TrainerPort;
  store: RunStore;
  timers?: Timers;
  /** Wall clock in ms, for elapsed time and ETA. */
  now?(): number;
  /** Keeps runs in the browser; without it runs live as long as the page. */
  keeper?: RunKeeper;
}

export interface StartArgs {
  doc: GraphDocument;
  fingerprint: string;
  settings: TrainSettings;
}

export interface TrainController {
  /** Initialises the worker's backend; returns the one in use (undefined when it failed). */
  init(choice: BackendChoice): Promise<string | undefined>;
  /** Starts a run and resolves when it ends (done, stopped, diverged or failed). */
  start(args: StartArgs): Promise<void>;
  /** Goes on with an interrupted (or stopped) run from its last checkpoint: same run, same curve. */
  resumeRun(runId: string): Promise<void>;
  /** A new run that starts from an ended run's saved weights (its lineage names that run). */
  continueFrom(runId: string): Promise<void>;
  /** Loads a stored run's weights into the worker, so its panels can ask the model. */
  loadRun(runId: string): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): void;
  resetWeights(): Promise<void>;
  /** Routes one worker event of run `runId` into the store (public for tests). */
  handle(runId: string, event: WorkerEvent): void;
  dispose(): void;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * What an event (other than metrics) changes in a run. Pure: `now` is the wall clock.
 * @example reduceRun(run, { type: "paused", step: 40 }, 5000) // { status: "paused", activeMs: …, resumedAt: undefined }
 */
export function reduceRun(run: RunRecord, event: WorkerEvent, now: number): Partial<RunRecord> {
  const settle = () => ({ activeMs: activeTime(run, now), resumedAt: undefined });
  switch (event.type) {
    case "started":
      // A run continued from its checkpoint keeps its curve and time.
      if (run.continuing) return { status: "running", info: event.info, resumedAt: now, continuing: false };
      // A second start is the worker restarting the run on another backend (after a notice): from step 0.
      return {
        status: "running",
        info: event.info,
        resumedAt: now,
        activeMs: 0,
        ...(run.info ? { series: createSeries(), pace: [], last: undefined } : {}),
      };
    case "paused":
      return run.status === "running" ? { status: "paused", ...settle() } : {};
    case "resumed":
      return run.status === "paused" ? { status: "running", resumedAt: now } : {};
    case "end":
      return ENDED.has(run.status) ? {} : { status: event.status, ...settle() };
    case "diverged":
      return { status: "diverged", message: event.message, ...settle() };
    case "failed":
      return { status: "failed", message: event.message, diagnostics: event.diagnostics, ...settle() };
    case "notice":
      return { notices: [...run.notices, event.message] };
    case "metrics":
      return {};
  }
}

export function createTrainController(deps: ControllerDeps): TrainController {
  const { store } = deps;
  const now = deps.now ?? (() => Date.now());
  /** Per-run numbers that change every step, folded into the store on each flush. */
  const live = new Map<string, { last: Metrics; rate?: number; ms?: number }>();

  const keeper = deps.keeper;
  const flushNow = () => {
    if (live.size === 0) return;
    const t = now();
    const entries = [...live];
    live.clear();
    for (const [id] of entries) {
      keeper?.saveSoon(id);
      if (keeper?.checkpointDue(id)) void keeper.checkpoint(id, "timer");
    }
    store.setState((s) => ({
      revision: s.revision + 1,
      runs: s.runs.map((r) => {
        const l = entries.find(([id]) => id === r.id)?.[1];
        if (!l) return r;
        return {
          ...r,
          last: l.last,
          rate: l.rate,
          msPerStep: l.ms,
          pace: addPaceSample(r.pace, { step: l.last.step, activeMs: activeTime(r, t) }),
        };
      }),
    }));
  };
  const flush = throttle(flushNow, FLUSH_MS, deps.timers);
  const smoothed = new Map<string, { n: number; rate?: number; ms?: number }>();

  const find = (id: string) => store.getState().runs.find((r) => r.id === id);

  const handle = (runId: string, event: WorkerEvent) => {
    const run = find(runId);
    if (!run) return;
    if (event.type === "metrics") {
      if (ENDED.has(run.status)) return;
      const m = event.metrics;
      appendMetrics(run.series, m);
      // The first step compiles kernels and warms up: it would skew the pace for a long while.
      const prev = smoothed.get(runId) ?? { n: 0 };
      let next = prev;
      if (m.step > 1 || prev.n === 0) {
        const n = m.step > 1 ? prev.n + 1 : 0;
        // A running mean at first, then an exponential average that follows changes.
        const alpha = Math.max(0.1, 1 / Math.max(1, n));
        next = {
          n,
          rate: n <= 1 ? m.tokensPerSec : ema(prev.rate, m.tokensPerSec, alpha),
          ms: n <= 1 ? m.msPerStep : ema(prev.ms, m.msPerStep, alpha),
        };
        smoothed.set(runId, next);
      }
      live.set(runId, { last: m, rate: next.rate, ms: next.ms });
      flush.request();
      return;
    }
    // Show the last numbers before the status changes.
    flush.flush();
    if (event.type === "started") {
      store.setState({ backend: event.info.backend });
      smoothed.delete(runId);
    }
    updateRun(store, runId, (r) => reduceRun(r, event, now()));
    if (!keeper) return;
    if (event.type === "paused") void keeper.checkpoint(runId, "pause");
    else if (event.type === "end") void keeper.checkpoint(runId, "end");
    else if (event.type !== "notice") void keeper.save(runId);
  };

  const client = () => deps.client();
  const flashError = (text: string) => store.setState({ flash: { kind: "error", text } });

  /** The worker trains one model at a time: a live run (of any document) must end first. */
  const refuseWhileLive = () => {
    const s = store.getState();
    const other = liveRun(s);
    if (!other) return false;
    if (other.docId !== s.docId)
      flashError(`A run of another document ("${other.graphName}", ${runLabel(other)}) is training: open it and stop it first`);
    return true;
  };

  /** Sends a run's request to the worker and routes its events until it ends. */
  async function drive(runId: string, request: TrainRequest): Promise<void> {
    const choice = store.getState().backendChoice;
    store.setState({ flash: undefined, panel: "curves", modelRunId: runId });
    void keeper?.save(runId);
    try {
      store.setState({ backend: await client().init(choice) });
    } catch (err) {
      handle(runId, { type: "failed", message: `the ${choice} backend could not start: ${messageOf(err)}` });
      return;
    }
    try {
      await client().start(request, (e) => handle(runId, e));
    } catch (err) {
      handle(runId, { type: "failed", message: `the training worker stopped: ${messageOf(err)}. It has been restarted; start a new run.` });
      try {
        await client().restart?.(choice);
      } catch {
        // the next start reports it
      }
      return;
    }
    const after = find(runId);
    // The worker said it was done without an end event: take it as stopped.
    if (after && isLive(after)) handle(runId, { type: "end", status: "stopped", step: after.last?.step ?? 0 });
  }

  return {
    async init(choice) {
      try {
        const backend = await client().init(choice);
        store.setState({ backend });
        return backend;
      } catch (err) {
        flashError(`The ${choice} backend could not start: ${messageOf(err)}`);
        return undefined;
      }
    },

    async start({ doc, fingerprint, settings }) {
      if (refuseWhileLive()) return;
      const run = addRun(store, { doc, fingerprint, settings, backendChoice: store.getState().backendChoice });
      await drive(run.id, { doc, dataset: settings.dataset, config: settings.config });
    },

    async resumeRun(runId) {
      const run = find(runId);
      if (!run || refuseWhileLive()) return;
      const checkpoint = await keeper?.loadCheckpoint(runId).catch(() => undefined);
      if (!checkpoint) {
        flashError(`${runLabel(run)} has no saved weights to resume from: start a new run`);
        return;
      }
      // The curve goes on from the checkpoint: rows after it were trained on weights that are gone.
      truncateSeries(run.series, checkpoint.step);
      updateRun(store, runId, {
        status: "starting",
        continuing: true,
        message: undefined,
        diagnostics: undefined,
        last: run.last ? { ...run.last, step: checkpoint.step } : undefined,
      });
      store.setState({ activeId: runId });
      const { settings } = run;
      await drive(runId, { doc: run.doc, dataset: settings.dataset, config: settings.config, from: { checkpoint, continueRun: true } });
    },

    async continueFrom(runId) {
      const parent = find(runId);
      if (!parent || refuseWhileLive()) return;
      const checkpoint = await keeper?.loadCheckpoint(runId).catch(() => undefined);
      if (!checkpoint) {
        flashError(`${runLabel(parent)} has no saved weights to continue from`);
        return;
      }
      const run = addRun(store, {
        doc: parent.doc,
        fingerprint: parent.fingerprint,
        settings: parent.settings,
        backendChoice: store.getState().backendChoice,
        docId: parent.docId,
        parent: { id: parent.id, step: checkpoint.step },
      });
      const { settings } = parent;
      await drive(run.id, {
        doc: parent.doc,
        dataset: settings.dataset,
        config: settings.config,
        from: { checkpoint, continueRun: false },
      });
    },

    async loadRun(runId) {
      const run = find(runId);
      if (!run || liveRun(store.getState())) return;
      try {
        const checkpoint = await keeper?.loadCheckpoint(runId);
        if (!checkpoint) throw new Error("its weights were not saved (or were dropped)");
        const { settings } = run;
        // The backend first (the tab's first init may still be under way): the model is built on it.
        await client().init(store.getState().backendChoice);
        const info = await client().loadCheckpoint({ doc: run.doc, dataset: settings.dataset, config: settings.config }, checkpoint);
        updateRun(store, runId, { info });
        store.setState({ modelRunId: runId, backend: info.backend });
      } catch (err) {
        flashError(`Could not load the weights of ${runLabel(run)}: ${messageOf(err)}`);
      }
    },

    pause() {
      void Promise.resolve(client().pause()).catch((err) => flashError(`Pause failed: ${messageOf(err)}`));
    },
    resume() {
      void Promise.resolve(client().resume()).catch((err) => flashError(`Resume failed: ${messageOf(err)}`));
    },
    stop() {
      void Promise.resolve(client().stop()).catch((err) => flashError(`Stop failed: ${messageOf(err)}`));
    },

    async resetWeights() {
      try {
        await client().resetWeights();
        const s = store.getState();
        const run = s.runs.find((r) => r.id === s.modelRunId);
        store.setState({ flash: { kind: "info", text: `Weights reset to fresh random values (seed ${run?.settings.config.seed ?? 0})` } });
      } catch (err) {
        flashError(`Reset failed: ${messageOf(err)}`);
      }
    },

    handle,

    dispose() {
      flush.cancel();
    },
  };
}
