/**
 * Runs kept in this browser (IndexedDB, through `idb`): one record per run, keyed by the run id
 * and indexed by the document it belongs to, and its checkpoint (weights, optimizer state) in a
 * store of its own so that listing runs never reads weights.
 *
 * A checkpoint never overwrites the last good one: the new one is written under a new key, then
 * the run's pointer is switched to it in one transaction, then the old one is deleted. A write
 * that fails (quota, a closed connection) leaves the run pointing at the old copy. Failures are
 * values (`StorageFailure`), never throws, so training goes on when storage is full.
 */
import { openDB } from "idb";
import type { DBSchema, IDBPDatabase } from "idb";
import { storageFailure } from "../documents/storage";
import type { StorageFailure } from "../documents/storage";
import type { AttentionMap, Checkpoint, DecisionBoundary, GraphDocument, Metrics, RunInfo } from "./types";
import type { MetricSeries } from "./metricSeries";
import type { TrainSettings } from "./settings";

export type StoredStatus = "done" | "stopped" | "diverged" | "failed" | "interrupted" | "running" | "paused" | "starting";

/** The metric columns of a run, as `metricSeries` keeps them (merged rows, no pending steps). */
export type StoredSeries = Omit<MetricSeries, "pending">;

/** What a run is, alike in the page (`RunRecord`) and in storage (`StoredRun`). */
export interface RunCore {
  id: string;
  /** The document the run belongs to (the editor's `docId`). */
  docId: string;
  /** 1, 2, 3 … in the order runs of its document started. */
  number: number;
  /** The user's name for the run; empty: it is named by its number and what differs. */
  name: string;
  createdAt: number;
  graphName: string;
  /** The document as it was when the run started, and its model fingerprint. */
  doc: GraphDocument;
  fingerprint: string;
  settings: TrainSettings;
  color: string;
  info?: RunInfo;
  /** Why it diverged or failed, as the worker said it. */
  message?: string;
  last?: Metrics;
  /** Unpaused wall time (before the current stretch, in the page). */
  activeMs: number;
  /** The run this one was continued from, and that run's step then. */
  parent?: { id: string; step: number };
  /** The decision boundary of its model at the last save (points tasks). */
  boundary?: DecisionBoundary;
  /** The first attention layer's map at the last save (attention models). */
  attention?: AttentionMap;
}

/** A run as stored: everything but its checkpoint. */
export interface StoredRun extends RunCore {
  backendChoice: string;
  status: StoredStatus;
  series: StoredSeries;
  /** Key of the last good checkpoint in the weights store, its step, size and time. */
  checkpoint?: { key: string; step: number; bytes: number; savedAt: number };
}

interface RunsSchema extends DBSchema {
  runs: { key: string; value: StoredRun; indexes: { byDoc: string } };
  checkpoints: { key: string; value: { runId: string; checkpoint: Checkpoint } };
}

export type WriteResult = { ok: true; bytes: number } | StorageFailure;

export interface RunUsage {
  id: string;
  /** Bytes of its weights and optimizer state (0 once dropped). */
  weights: number;
  /** Bytes of its record: metrics, snapshots, the graph. */
  metrics: number;
}

export interface RunsDb {
  /** The runs of a document, oldest first. */
  list(docId: string): Promise<StoredRun[]>;
  /** Writes a run's record (keeping the checkpoint pointer stored with it). */
  put(run: StoredRun): Promise<WriteResult>;
  /** Saves a checkpoint for a run already stored: new key, pointer switch, old one deleted. */
  saveCheckpoint(runId: string, checkpoint: Checkpoint, savedAt?: number): Promise<WriteResult>;
  loadCheckpoint(runId: string): Promise<Checkpoint | undefined>;
  /** Deletes a run and its checkpoint. */
  remove(runId: string): Promise<void>;
  /** Deletes a run's checkpoint only; its curves and snapshots stay. */
  dropWeights(runId: string): Promise<void>;
  /** Bytes per run of a document. */
  usage(docId: string): Promise<RunUsage[]>;
}

export interface RunsDbOptions {
  /** Where IndexedDB lives (tests pass fake-indexeddb's). */
  factory?: () => IDBFactory | undefined;
  name?: string;
  /** `navigator.storage.estimate`, where the browser has it. */
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  /** Makes checkpoint keys unique (default: time + a random suffix). */
  newKey?: (runId: string, step: number) => string;
}

export const RUNS_DB = "tensorloom-runs";

/** Bytes of a checkpoint: weights plus optimizer moments. */
export function checkpointBytes(c: Checkpoint): number {
  return c.data.byteLength + (c.optimizer?.slots.reduce((sum, s) => sum + s.reduce((a, x) => a + x.byteLength, 0), 0) ?? 0);
}

/** Approximate bytes of a stored record (its JSON; typed arrays at 4 bytes a value). */
export function recordBytes(run: StoredRun): number {
  let typed = 0;
  const json = JSON.stringify(run, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      typed += v.byteLength;
      return undefined;
    }
    return v;
  });
  return typed + json.length;
}

function quotaError(needed: number, free: number): StorageFailure {
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
  return { ok: false, code: "full", reason: `browser storage is full (${mb(needed)} needed, ${mb(Math.max(0, free))} free)` };
}

/**
 * @example
 * const db = createRunsDb();
 * await db.put(run);
 * await db.saveCheckpoint(run.id, await client.checkpoint()); // { ok: true, bytes } or { ok: false, code: "full", reason }
 */
export function createRunsDb(options: RunsDbOptions = {}): RunsDb {
  const factory = options.factory ?? (() => globalThis.indexedDB);
  const name = options.name ?? RUNS_DB;
  const newKey =
    options.newKey ?? ((runId, step) => `${runId}@${step}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`);
  let connection: Promise<IDBPDatabase<RunsSchema>> | undefined;

  function open(): Promise<IDBPDatabase<RunsSchema>> {
    if (!factory()) return Promise.reject(Object.assign(new Error("this browser has no IndexedDB"), { name: "StorageUnavailableError" }));
    connection ??= openDB<RunsSchema>(name, 1, {
      upgrade(db) {
        db.createObjectStore("runs", { keyPath: "id" }).createIndex("byDoc", "docId");
        db.createObjectStore("checkpoints");
      },
      blocking() {
        void connection?.then((db) => db.close());
        connection = undefined;
      },
      terminated() {
        connection = undefined;
      },
    });
    connection.catch(() => (connection = undefined));
    return connection;
  }

  /** Whether `bytes` more fit, by the browser's own estimate (no estimate: try the write). */
  async function room(bytes: number): Promise<StorageFailure | undefined> {
    if (!options.estimate) return undefined;
    try {
      const { usage, quota } = await options.estimate();
      if (usage !== undefined && quota !== undefined && usage + bytes > quota) return quotaError(bytes, quota - usage);
    } catch {
      // no estimate: the write itself says
    }
    return undefined;
  }

  return {
    async list(docId) {
      const db = await open();
      const runs = await db.getAllFromIndex("runs", "byDoc", docId);
      return runs.sort((a, b) => a.number - b.number || a.createdAt - b.createdAt);
    },

    async put(run) {
      const bytes = recordBytes(run);
      try {
        const db = await open();
        const tx = db.transaction("runs", "readwrite");
        // Keep the stored pointer: a record written from memory may be older than a checkpoint save.
        const stored = await tx.store.get(run.id);
        const { checkpoint: _mine, ...rest } = run;
        await tx.store.put({ ...rest, ...(stored?.checkpoint ? { checkpoint: stored.checkpoint } : {}) });
        await tx.done;
        return { ok: true, bytes };
      } catch (e) {
        return storageFailure(e);
      }
    },

    async saveCheckpoint(runId, checkpoint, savedAt = Date.now()) {
      const bytes = checkpointBytes(checkpoint);
      const full = await room(bytes);
      if (full) return full;
      const key = newKey(runId, checkpoint.step);
      let db: IDBPDatabase<RunsSchema>;
      try {
        db = await open();
        // 1. The new copy under a new key: a failure here leaves everything as it was.
        await db.put("checkpoints", { runId, checkpoint }, key);
      } catch (e) {
        return storageFailure(e);
      }
      let old: string | undefined;
      try {
        // 2. The pointer switch and the old copy's deletion, all or nothing.
        const tx = db.transaction(["runs", "checkpoints"], "readwrite");
        const runs = tx.objectStore("runs");
        const run = await runs.get(runId);
        if (!run) throw Object.assign(new Error(`run ${runId} is not stored`), { name: "NotFoundError" });
        old = run.checkpoint?.key;
        await runs.put({ ...run, checkpoint: { key, step: checkpoint.step, bytes, savedAt } });
        if (old && old !== key) await tx.objectStore("checkpoints").delete(old);
        await tx.done;
        return { ok: true, bytes };
      } catch (e) {
        // The run still points at its old copy; the new one is an orphan: remove it if we can.
        await db.delete("checkpoints", key).catch(() => {});
        return storageFailure(e);
      }
    },

    async loadCheckpoint(runId) {
      const db = await open();
      const run = await db.get("runs", runId);
      if (!run?.checkpoint) return undefined;
      return (await db.get("checkpoints", run.checkpoint.key))?.checkpoint;
    },

    async remove(runId) {
      const db = await open();
      const tx = db.transaction(["runs", "checkpoints"], "readwrite");
      const run = await tx.objectStore("runs").get(runId);
      if (run?.checkpoint) await tx.objectStore("checkpoints").delete(run.checkpoint.key);
      await tx.objectStore("runs").delete(runId);
      await tx.done;
    },

    async dropWeights(runId) {
      const db = await open();
      const tx = db.transaction(["runs", "checkpoints"], "readwrite");
      const runs = tx.objectStore("runs");
      const run = await runs.get(runId);
      if (run?.checkpoint) {
        await tx.objectStore("checkpoints").delete(run.checkpoint.key);
        const { checkpoint: _gone, ...rest } = run;
        await runs.put(rest);
      }
      await tx.done;
    },

    async usage(docId) {
      const runs = await this.list(docId);
      return runs.map((r) => ({ id: r.id, weights: r.checkpoint?.bytes ?? 0, metrics: recordBytes(r) }));
    },
  };
}
