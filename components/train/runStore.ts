/**
 * The runs of this session, kept apart from the editor store: they are never undo steps and
 * never part of the document, and a page reload loses them (the document autosaves on its own).
 * A run keeps its graph, settings, seed and metric history so that runs can be overlaid.
 */
import { createStore } from "zustand/vanilla";
import type { BackendChoice, BackendName, Diagnostic, GraphDocument, Metrics, RunInfo } from "./types";
import { createSeries } from "./metricSeries";
import type { MetricSeries } from "./metricSeries";
import type { PaceSample } from "./progress";
import { pickRunColor } from "./runColors";
import type { TrainSettings } from "./settings";

export type RunStatus = "starting" | "running" | "paused" | "done" | "stopped" | "diverged" | "failed";

export interface RunRecord {
  id: string;
  /** 1, 2, 3 … in the order runs started this session. */
  number: number;
  graphName: string;
  /** The document as it was when the run started, and its model fingerprint. */
  doc: GraphDocument;
  fingerprint: string;
  settings: TrainSettings;
  backendChoice: BackendChoice;
  color: string;
  visible: boolean;
  status: RunStatus;
  info?: RunInfo;
  /** Why it diverged or failed, as the worker said it. */
  message?: string;
  diagnostics?: Diagnostic[];
  notices: string[];
  last?: Metrics;
  /** Smoothed throughput (tokens or samples per second) and milliseconds per step. */
  rate?: number;
  msPerStep?: number;
  pace: PaceSample[];
  /** Unpaused wall time before `resumedAt`. */
  activeMs: number;
  /** Wall clock (ms) when the current unpaused stretch began; undefined while paused or ended. */
  resumedAt?: number;
  /** Appended in place as metrics arrive; `revision` of the store says when to redraw. */
  series: MetricSeries;
}

export type PanelId = "setup" | "curves" | "generate" | "boundary" | "sequences" | "attention" | "activations";

export interface Flash {
  kind: "info" | "error";
  text: string;
}

export interface TrainState {
  runs: RunRecord[];
  activeId: string | undefined;
  nextNumber: number;
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

export const ENDED: ReadonlySet<RunStatus> = new Set(["done", "stopped", "diverged", "failed"]);

export function isLive(run: RunRecord | undefined): boolean {
  return run !== undefined && !ENDED.has(run.status);
}

export interface NewRun {
  doc: GraphDocument;
  fingerprint: string;
  settings: TrainSettings;
  backendChoice: BackendChoice;
}

export function createRunStore() {
  return createStore<TrainState>()(() => ({
    runs: [],
    activeId: undefined,
    nextNumber: 1,
    revision: 0,
    backendChoice: "auto",
    backend: undefined,
    draft: undefined,
    panel: "setup",
    flash: undefined,
  }));
}

export type RunStore = ReturnType<typeof createRunStore>;

export function activeRun(s: TrainState): RunRecord | undefined {
  return s.runs.find((r) => r.id === s.activeId);
}

/** Adds a run (visible, with a free colour) and makes it the active one. */
export function addRun(store: RunStore, init: NewRun): RunRecord {
  const s = store.getState();
  const run: RunRecord = {
    id: `run-${s.nextNumber}`,
    number: s.nextNumber,
    graphName: init.doc.name || "untitled",
    doc: init.doc,
    fingerprint: init.fingerprint,
    settings: init.settings,
    backendChoice: init.backendChoice,
    color: pickRunColor(s.runs.map((r) => r.color)),
    visible: true,
    status: "starting",
    notices: [],
    pace: [],
    activeMs: 0,
    series: createSeries(),
  };
  store.setState({ runs: [...s.runs, run], activeId: run.id, nextNumber: s.nextNumber + 1 });
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

/** Forgets an ended run; the live one stays. Forgetting the latest run leaves no active run (older models are gone from the worker). */
export function removeRun(store: RunStore, id: string): void {
  store.setState((s) => {
    const run = s.runs.find((r) => r.id === id);
    if (!run || isLive(run)) return {};
    const runs = s.runs.filter((r) => r.id !== id);
    return { runs, activeId: s.activeId === id ? undefined : s.activeId };
  });
}

/** Unpaused wall time of a run at `now`. */
export function activeTime(run: Pick<RunRecord, "activeMs" | "resumedAt">, now: number): number {
  return run.activeMs + (run.resumedAt !== undefined ? Math.max(0, now - run.resumedAt) : 0);
}

/** A run's name in lists and legends: `GPT #2`. */
export function runLabel(run: Pick<RunRecord, "graphName" | "number">): string {
  return `${run.graphName} #${run.number}`;
}
