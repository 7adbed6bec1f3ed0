/**
 * The runs of the page's documents, kept apart from the editor store: they are never undo
 * steps and never part of the document's JSON. Each run belongs to a document (`docId`) and is
 * kept in IndexedDB (see runKeeper.ts), so a reload brings it back. A run keeps its graph,
 * settings, seed and metric history so that runs can be overlaid and compared.
 */
import { createStore } from "zustand/vanilla";
import type { BackendChoice, BackendName, Diagnostic, GraphDocument } from "./types";
import { createSeries } from "./metricSeries";
import type { MetricSeries } from "./metricSeries";
import type { PaceSample } from "./progress";
import { pickRunColor } from "./runColors";
import type { RunCore } from "./runsDb";
import type { TrainSettings } from "./settings";

/** `interrupted`: the page closed while it trained; it can be resumed from its last checkpoint. */
export type RunStatus = "starting" | "running" | "paused" | "done" | "stopped" | "diverged" | "failed" | "interrupted";

export interface RunRecord extends RunCore {
  backendChoice: BackendChoice;
  visible: boolean;
  status: RunStatus;
  diagnostics?: Diagnostic[];
  notices: string[];
  /** Smoothed throughput (tokens or samples per second) and milliseconds per step. */
  rate?: number;
  msPerStep?: number;
  pace: PaceSample[];
  /** Wall clock (ms) when the current unpaused stretch began; undefined while paused or ended. */
  resumedAt?: number;
  /** Appended in place as metrics arrive; `revision` of the store says when to redraw. */
  series: MetricSeries;
  /** The last good checkpoint in storage. */
  checkpoint?: { step: number; bytes: number; savedAt: number };
  /** Set while a start continues this run from its checkpoint: the series goes on. */
  continuing?: boolean;
}

export type PanelId = "setup" | "curves" | "runs" | "generate" | "boundary" | "sequences" | "attention" | "activations";

export interface Flash {
  kind: "info" | "error";
  text: string;
}

export interface TrainState {
  /** Runs of every document opened on this page; views show those of `docId`. */
  runs: RunRecord[];
  /** The document in the editor. */
  docId: string;
  activeId: string | undefined;
  /** The run whose model the worker holds (started or loaded); panels that ask the worker need it. */
  modelRunId: string | undefined;
  /** What could not be saved, and how to free space; cleared by the next good save or by the user. */
  storageProblem: string | undefined;
  /** Bumped (a few times a second at most) when metric series have grown. */
  revision: number;
  backendChoice: BackendChoice;
  /** The backend the worker reports in use. */
  backend: BackendName | undefined;
  /** The user's settings and the document `meta.training` they started from. */
  draft: { basis: unknown; settings: TrainSettings } | undefined;
  panel: PanelId;
  /** A short message about the last action (weights saved, a load that failed). */
  flash: Flash | undefined;
}

export const ENDED: ReadonlySet<RunStatus> = new Set(["done", "stopped", "diverged", "failed", "interrupted"]);

export function isLive(run: RunRecord | undefined): boolean {
  return run !== undefined && !ENDED.has(run.status);
}

export interface NewRun {
  doc: GraphDocument;
  fingerprint: string;
  settings: TrainSettings;
  backendChoice: BackendChoice;
  /** Defaults to the store's current document. */
  docId?: string;
  /** Defaults to `newRunId()` and `Date.now()`. */
  id?: string;
  createdAt?: number;
  parent?: RunRecord["parent"];
}

/** A run id unique across documents and reloads. */
export const newRunId = (now = Date.now()) => `run-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export function createRunStore() {
  return createStore<TrainState>()(() => ({
    runs: [],
    docId: "",
    activeId: undefined,
    modelRunId: undefined,
    storageProblem: undefined,
    revision: 0,
    backendChoice: "auto",
    backend: undefined,
    draft: undefined,
    panel: "setup",
    flash: undefined,
  }));
}

/** The runs of the store's current document, oldest first. */
export function docRuns(s: Pick<TrainState, "runs" | "docId">): RunRecord[] {
  return s.runs.filter((r) => r.docId === s.docId);
}

/** The active run when its model is the one in the worker (what Save, Download and the Code tab's weights read). */
export function modelRun(s: TrainState): RunRecord | undefined {
  const run = activeRun(s);
  return run && run.id === s.modelRunId ? run : undefined;
}

/** Any run of any document that is starting, training or paused (the worker trains one at a time). */
export function liveRun(s: Pick<TrainState, "runs">): RunRecord | undefined {
  return s.runs.find(isLive);
}

export type RunStore = ReturnType<typeof createRunStore>;

/** The run the controls and panels act on: the picked run of the current document. */
export function activeRun(s: TrainState): RunRecord | undefined {
  return s.runs.find((r) => r.id === s.activeId && r.docId === s.docId);
}

/** Adds a run (visible, with a free colour) and makes it the active one. */
export function addRun(store: RunStore, init: NewRun): RunRecord {
  const s = store.getState();
  const docId = init.docId ?? s.docId;
  const mine = s.runs.filter((r) => r.docId === docId);
  const createdAt = init.createdAt ?? Date.now();
  const run: RunRecord = {
    id: init.id ?? newRunId(createdAt),
    docId,
    number: mine.reduce((n, r) => Math.max(n, r.number), 0) + 1,
    name: "",
    createdAt,
    ...(init.parent ? { parent: init.parent } : {}),
    graphName: init.doc.name || "untitled",
    doc: init.doc,
    fingerprint: init.fingerprint,
    settings: init.settings,
    backendChoice: init.backendChoice,
    color: pickRunColor(mine.map((r) => r.color)),
    visible: true,
    status: "starting",
    notices: [],
    pace: [],
    activeMs: 0,
    series: createSeries(),
  };
  store.setState({ runs: [...s.runs, run], activeId: run.id });
  return run;
}

export function updateRun(store: RunStore, id: string, patch: Partial<RunRecord> | ((run: RunRecord) => Partial<RunRecord>)): void {
  store.setState((s) => ({
    runs: s.runs.map((r) => (r.id === id ? { ...r, ...(typeof patch === "function" ? patch(r) : patch) } : r)),
  }));
}

export function toggleRunVisible(store: RunStore, id: string): void {
  updateRun(store, id, (r) => ({ visible: !r.visible }));
}

/** Forgets an ended run; the live one stays. Forgetting the active run makes the document's latest run active. */
export function removeRun(store: RunStore, id: string): void {
  store.setState((s) => {
    const run = s.runs.find((r) => r.id === id);
    if (!run || isLive(run)) return {};
    const runs = s.runs.filter((r) => r.id !== id);
    const latest = runs.filter((r) => r.docId === s.docId).at(-1);
    return { runs, activeId: s.activeId === id ? latest?.id : s.activeId, modelRunId: s.modelRunId === id ? undefined : s.modelRunId };
  });
}

/** Whether Resume can go on with an ended run: interrupted or stopped early, with saved weights. */
export function resumable(run: RunRecord): boolean {
  return (
    (run.status === "interrupted" || run.status === "stopped") &&
    run.checkpoint !== undefined &&
    run.checkpoint.step < run.settings.config.steps
  );
}

/** Unpaused wall time of a run at `now`. */
export function activeTime(run: Pick<RunRecord, "activeMs" | "resumedAt">, now: number): number {
  return run.activeMs + (run.resumedAt !== undefined ? Math.max(0, now - run.resumedAt) : 0);
}

/** A run's name in lists and legends: its own name, or `run 2`. */
export function runLabel(run: Pick<RunRecord, "name" | "number">): string {
  return run.name.trim() || `run ${run.number}`;
}
