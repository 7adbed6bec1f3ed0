/**
 * Keeps the runs of the run store in the browser (runsDb.ts): loads a document's runs when it
 * is opened, writes a run's record when it changes (at most every few seconds while its curves
 * grow), and checkpoints the worker's model — on pause, at the end and every few minutes while
 * training — together with the snapshots (decision boundary, an attention map) that let a run
 * be compared without its model. A write that fails is reported in `storageProblem`, naming
 * what was not saved and how to free space; the last good save stays.
 */
import { createSeries } from "./metricSeries";
import type { MetricSeries } from "./metricSeries";
import { runLabel, updateRun } from "./runStore";
import type { RunRecord, RunStore } from "./runStore";
import type { RunsDb, RunUsage, StoredRun, WriteResult } from "./runsDb";
import type { Checkpoint, TrainerPort } from "./types";

/** A run still training is checkpointed this often (its weights are also saved on pause and at the end). */
export const CHECKPOINT_EVERY_MS = 2 * 60_000;
/** A live run's record (its curves) is written at most this often. */
export const RECORD_EVERY_MS = 5_000;
/** Resolution of the decision boundary kept with a run. */
export const SNAPSHOT_RESOLUTION = 64;

export interface RunKeeperDeps {
  store: RunStore;
  db: RunsDb;
  client(): TrainerPort;
  now?(): number;
}

export type CheckpointReason = "pause" | "end" | "timer";

export interface RunKeeper {
  /** Makes `docId` the current document, loading its stored runs the first time. */
  open(docId: string): Promise<void>;
  /** Writes a run's record now. */
  save(runId: string): Promise<void>;
  /** Writes a run's record unless one was written in the last `RECORD_EVERY_MS`. */
  saveSoon(runId: string): void;
  /** Whether the periodic checkpoint of a training run is due. */
  checkpointDue(runId: string): boolean;
  /** Checkpoints the worker's model as `runId`'s (with snapshots at the end and on pause). */
  checkpoint(runId: string, why: CheckpointReason): Promise<void>;
  loadCheckpoint(runId: string): Promise<Checkpoint | undefined>;
  remove(runId: string): Promise<void>;
  dropWeights(runId: string): Promise<void>;
  usage(docId: string): Promise<RunUsage[]>;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
const FREE_SPACE = "Free space in Runs → Storage: delete runs or drop their weights.";

/** A run as stored: the record without what only this page needs (pace, visibility, notices). */
export function toStored(r: RunRecord): StoredRun {
  const { step, loss, valLoss, accuracy, valAccuracy, lr, stride } = r.series;
  return {
    id: r.id,
    docId: r.docId,
    number: r.number,
    name: r.name,
    createdAt: r.createdAt,
    graphName: r.graphName,
    doc: r.doc,
    fingerprint: r.fingerprint,
    settings: r.settings,
    backendChoice: r.backendChoice,
    color: r.color,
    status: r.status,
    activeMs: r.activeMs,
    series: { step, loss, valLoss, accuracy, valAccuracy, lr, stride },
    ...(r.info ? { info: r.info } : {}),
    ...(r.message ? { message: r.message } : {}),
    ...(r.last ? { last: r.last } : {}),
    ...(r.parent ? { parent: r.parent } : {}),
    ...(r.boundary ? { boundary: r.boundary } : {}),
    ...(r.attention ? { attention: r.attention } : {}),
  };
}

/**
 * A stored run back in the store. One that was starting, training or paused when the page
 * closed is `interrupted`: Resume goes on from its checkpoint.
 */
export function fromStored(s: StoredRun): RunRecord {
  const series: MetricSeries = { ...createSeries(), ...s.series, pending: [] };
  const live = s.status === "starting" || s.status === "running" || s.status === "paused";
  return {
    id: s.id,
    docId: s.docId,
    number: s.number,
    name: s.name,
    createdAt: s.createdAt,
    graphName: s.graphName,
    doc: s.doc,
    fingerprint: s.fingerprint,
    settings: s.settings,
    backendChoice: s.backendChoice as RunRecord["backendChoice"],
    color: s.color,
    visible: true,
    status: live ? "interrupted" : s.status,
    notices: [],
    pace: [],
    activeMs: s.activeMs,
    series,
    ...(s.info ? { info: s.info } : {}),
    ...(s.message ? { message: s.message } : {}),
    ...(s.last ? { last: s.last } : {}),
    ...(s.parent ? { parent: s.parent } : {}),
    ...(s.checkpoint ? { checkpoint: { step: s.checkpoint.step, bytes: s.checkpoint.bytes, savedAt: s.checkpoint.savedAt } } : {}),
    ...(s.boundary ? { boundary: s.boundary } : {}),
    ...(s.attention ? { attention: s.attention } : {}),
  };
}

/**
 * @example
 * const keeper = createRunKeeper({ store, db: createRunsDb(), client });
 * await keeper.open(editor.getState().docId); // the document's runs are in the store
 */
export function createRunKeeper(deps: RunKeeperDeps): RunKeeper {
  const { store, db } = deps;
  const now = deps.now ?? (() => Date.now());
  const opened = new Map<string, Promise<void>>();
  const lastRecord = new Map<string, number>();
  const lastCheckpoint = new Map<string, number>();
  const find = (id: string) => store.getState().runs.find((r) => r.id === id);

  /** How much the banner's problem matters (weights over curves), so a lesser one does not hide it. */
  let shownLevel = 0;
  const report = (text: string, level = 1) => {
    if (store.getState().storageProblem === undefined) shownLevel = 0;
    if (level < shownLevel) return;
    shownLevel = level;
    store.setState({ storageProblem: text });
  };

  /** Turns a failed write into the banner's text; true when the write went through. */
  function settled(result: WriteResult, what: string, kept: string, level = 1): boolean {
    if (result.ok) return true;
    const fix = result.code === "full" ? ` ${FREE_SPACE}` : "";
    report(`${what} could not be saved: ${result.reason}. ${kept}${fix}`, level);
    return false;
  }

  async function save(runId: string): Promise<void> {
    const run = find(runId);
    if (!run) return;
    lastRecord.set(runId, now());
    const result = await db
      .put(toStored(run))
      .catch((e: unknown) => ({ ok: false as const, code: "failed" as const, reason: messageOf(e) }));
    settled(result, `The curves of ${runLabel(run)}`, "Its earlier save is kept, and the run goes on in this page.");
  }

  return {
    open(docId) {
      store.setState((s) => {
        const mine = s.runs.filter((r) => r.docId === docId);
        return { docId, activeId: mine.at(-1)?.id };
      });
      let loading = opened.get(docId);
      if (!loading) {
        loading = db.list(docId).then(
          (stored) => {
            store.setState((s) => {
              const known = new Set(s.runs.map((r) => r.id));
              const fresh = stored.filter((r) => !known.has(r.id)).map(fromStored);
              if (!fresh.length) return {};
              const runs = [...s.runs, ...fresh].sort((a, b) => (a.docId === b.docId ? a.number - b.number : 0));
              const latest = runs.filter((r) => r.docId === s.docId).at(-1);
              return { runs, ...(s.docId === docId && !s.activeId ? { activeId: latest?.id } : {}) };
            });
          },
          (e: unknown) => {
            opened.delete(docId);
            report(`The saved runs of this document could not be read: ${messageOf(e)}.`);
          },
        );
        opened.set(docId, loading);
      }
      return loading;
    },

    save,

    saveSoon(runId) {
      if (now() - (lastRecord.get(runId) ?? 0) >= RECORD_EVERY_MS) void save(runId);
    },

    checkpointDue(runId) {
      const last = lastCheckpoint.get(runId);
      if (last === undefined) {
        lastCheckpoint.set(runId, now());
        return false;
      }
      return now() - last >= CHECKPOINT_EVERY_MS;
    },

    async checkpoint(runId, why) {
      const run = find(runId);
      if (!run || store.getState().modelRunId !== runId) return;
      lastCheckpoint.set(runId, now());
      const client = deps.client();
      let checkpoint: Checkpoint;
      try {
        checkpoint = await client.checkpoint();
      } catch {
        return; // the model is gone (the worker restarted): nothing to save
      }
      if (why !== "timer" && run.info) {
        const snapshots: Partial<RunRecord> = {};
        if (run.info.pointsTask) snapshots.boundary = await Promise.resolve(client.boundary(SNAPSHOT_RESOLUTION)).catch(() => undefined);
        const attention = run.info.attention[0];
        if (attention) snapshots.attention = await Promise.resolve(client.attention(attention.nodeId, 0)).catch(() => undefined);
        updateRun(store, runId, (r) => ({ boundary: snapshots.boundary ?? r.boundary, attention: snapshots.attention ?? r.attention }));
      }
      await save(runId);
      const label = runLabel(run);
      const kept = run.checkpoint
        ? `The last good save (step ${run.checkpoint.step.toLocaleString("en-US")}) is kept.`
        : "It has no earlier save.";
      const result = await db.saveCheckpoint(runId, checkpoint, now());
      if (settled(result, `The weights of ${label} at step ${checkpoint.step.toLocaleString("en-US")}`, kept, 2) && result.ok) {
        updateRun(store, runId, { checkpoint: { step: checkpoint.step, bytes: result.bytes, savedAt: now() } });
      }
    },

    loadCheckpoint: (runId) => db.loadCheckpoint(runId),

    async remove(runId) {
      await db.remove(runId);
      lastRecord.delete(runId);
      lastCheckpoint.delete(runId);
    },

    async dropWeights(runId) {
      await db.dropWeights(runId);
      updateRun(store, runId, { checkpoint: undefined });
    },

    usage: (docId) => db.usage(docId),
  };
}
