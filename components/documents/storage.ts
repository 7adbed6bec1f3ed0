/**
 * Autosave storage that keeps the LAST GOOD save. A save writes the text to a staging key,
 * reads it back, checks it with `parseGraph`, and only then promotes it to the current key
 * (in one transaction). A save that fails at any step — quota, private mode, no IndexedDB,
 * a torn write — leaves the current save as it was. Failures are values, never throws.
 *
 * The key-value backend is injected (`createDocumentStorage(backend)`) so the logic is tested
 * in Node with a fake; `indexedDbBackend()` is the browser's.
 */
import { parseGraph } from "@/graph";
import type { GraphDocument, Repair } from "@/graph";

/** What is stored under a key. */
export interface StoredDocument {
  text: string;
  /** The editor's `dirty` flag at save time: changes not yet downloaded. */
  dirty: boolean;
  /** `Date.now()` of the save. */
  savedAt: number;
  /** The editor's id of the document (its runs are stored under it); absent in older saves. */
  docId?: string;
}

/** A key-value store with atomic multi-key writes, shaped after one IndexedDB object store. */
export interface StorageBackend {
  /** The value under `key`, or undefined. Rejects when storage cannot be reached. */
  get(key: string): Promise<unknown>;
  /** Puts (value) and deletes (undefined) in ONE transaction: all land or none. Rejects on failure. */
  commit(changes: ReadonlyArray<readonly [key: string, value: StoredDocument | undefined]>): Promise<void>;
}

export const CURRENT_KEY = "current";
export const STAGING_KEY = "staging";

export type StorageFailureCode = "full" | "unavailable" | "invalid" | "corrupt" | "failed";
export interface StorageFailure {
  ok: false;
  code: StorageFailureCode;
  /** For people: "browser storage is full". */
  reason: string;
}

export type SaveResult = { ok: true; savedAt: number } | StorageFailure;
export type LoadResult =
  | { ok: true; found: false }
  | { ok: true; found: true; graph: GraphDocument; repairs: Repair[]; dirty: boolean; savedAt: number; docId?: string }
  | StorageFailure;

export interface DocumentStorage {
  /** Saves `text` (a serialised document) unless it fails `parseGraph`; keeps the last good save on any failure. */
  saveDocument(text: string, options?: { dirty?: boolean; docId?: string }): Promise<SaveResult>;
  /** The last good save, read through `parseGraph`. */
  loadDocument(): Promise<LoadResult>;
}

export const REASONS = {
  full: "browser storage is full",
  unavailable: "storage is not available in this window (private mode?)",
  corrupt: "the saved copy did not read back intact, so the previous save was kept",
} as const;

/** Maps what a backend threw to a reason a user can act on. */
export function storageFailure(error: unknown): StorageFailure {
  const name =
    error instanceof Error || (typeof DOMException !== "undefined" && error instanceof DOMException) ? (error as Error).name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" || /quota/i.test(message)) {
    return { ok: false, code: "full", reason: REASONS.full };
  }
  if (name === "StorageUnavailableError" || name === "SecurityError" || name === "InvalidStateError" || name === "NotAllowedError") {
    return { ok: false, code: "unavailable", reason: REASONS.unavailable };
  }
  return { ok: false, code: "failed", reason: `could not save (${message || name || "unknown error"})` };
}

function asStored(value: unknown): StoredDocument | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.text !== "string") return undefined;
  return {
    text: v.text,
    dirty: v.dirty !== false,
    savedAt: typeof v.savedAt === "number" ? v.savedAt : 0,
    ...(typeof v.docId === "string" ? { docId: v.docId } : {}),
  };
}

/**
 * The autosave over a backend. Saves run one at a time, in call order.
 *
 * @example
 * const storage = createDocumentStorage(indexedDbBackend());
 * await storage.saveDocument(serializeGraph(doc)); // { ok: true, savedAt } or { ok: false, reason: "browser storage is full" }
 */
export function createDocumentStorage(backend: StorageBackend, now: () => number = Date.now): DocumentStorage {
  let queue: Promise<unknown> = Promise.resolve();

  async function save(text: string, dirty: boolean, docId: string | undefined): Promise<SaveResult> {
    const checked = parseGraph(text);
    if (!checked.ok) {
      return {
        ok: false,
        code: "invalid",
        reason: `the document has an error, so it was not saved (${checked.errors[0]?.message ?? "unreadable"})`,
      };
    }
    const record: StoredDocument = { text, dirty, savedAt: now(), ...(docId !== undefined ? { docId } : {}) };
    try {
      await backend.commit([[STAGING_KEY, record]]);
      const staged = asStored(await backend.get(STAGING_KEY));
      // The same text as the one checked above: no second parse (~50 ms at 500 blocks).
      if (!staged || staged.text !== text) return { ok: false, code: "corrupt", reason: REASONS.corrupt };
      await backend.commit([
        [CURRENT_KEY, staged],
        [STAGING_KEY, undefined],
      ]);
      return { ok: true, savedAt: record.savedAt };
    } catch (e) {
      return storageFailure(e);
    }
  }

  return {
    saveDocument(text, options = {}) {
      const result = queue.then(() => save(text, options.dirty ?? true, options.docId)).catch((e: unknown) => storageFailure(e));
      queue = result;
      return result;
    },
    async loadDocument() {
      let stored: StoredDocument | undefined;
      try {
        const raw = await backend.get(CURRENT_KEY);
        if (raw === undefined || raw === null) return { ok: true, found: false };
        stored = asStored(raw);
      } catch (e) {
        return storageFailure(e);
      }
      const parsed = stored ? parseGraph(stored.text) : undefined;
      if (!stored || !parsed?.ok) {
        const why = parsed && !parsed.ok ? parsed.errors[0]?.message : "it is not a saved document";
        return { ok: false, code: "invalid", reason: `the autosaved document could not be read (${why})` };
      }
      return {
        ok: true,
        found: true,
        graph: parsed.graph,
        repairs: parsed.repairs,
        dirty: stored.dirty,
        savedAt: stored.savedAt,
        ...(stored.docId !== undefined ? { docId: stored.docId } : {}),
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// IndexedDB

const DB_NAME = "tensorloom";
const DB_VERSION = 1;
const OBJECT_STORE = "documents";

function unavailable(detail: string): Error {
  const error = new Error(`${REASONS.unavailable}: ${detail}`);
  error.name = "StorageUnavailableError";
  return error;
}

/**
 * The browser backend: one object store in the "tensorloom" database. The connection opens on
 * first use and is reopened after it fails or another tab upgrades the database.
 */
export function indexedDbBackend(factory: () => IDBFactory | undefined = () => globalThis.indexedDB): StorageBackend {
  let connection: Promise<IDBDatabase> | undefined;

  function open(): Promise<IDBDatabase> {
    connection ??= new Promise<IDBDatabase>((resolve, rejectOpen) => {
      let settled = false;
      const reject = (e: unknown) => {
        settled = true;
        rejectOpen(e);
      };
      let idb: IDBFactory | undefined;
      try {
        idb = factory();
      } catch (e) {
        reject(unavailable(e instanceof Error ? e.message : "access denied"));
        return;
      }
      if (!idb) {
        reject(unavailable("this browser has no IndexedDB"));
        return;
      }
      let request: IDBOpenDBRequest;
      try {
        request = idb.open(DB_NAME, DB_VERSION);
      } catch (e) {
        reject(e);
        return;
      }
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(OBJECT_STORE)) request.result.createObjectStore(OBJECT_STORE);
      };
      request.onsuccess = () => {
        const db = request.result;
        if (settled) {
          db.close(); // opened after we gave up on it (onblocked)
          return;
        }
        settled = true;
        db.onversionchange = () => {
          db.close();
          connection = undefined;
        };
        db.onclose = () => {
          connection = undefined;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error ?? unavailable("the database did not open"));
      request.onblocked = () => reject(unavailable("another tab is holding an old version of the database open"));
    });
    connection.catch(() => {
      connection = undefined;
    });
    return connection;
  }

  async function transaction<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => () => T): Promise<T> {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      let tx: IDBTransaction | undefined;
      let result: () => T;
      try {
        tx = db.transaction(OBJECT_STORE, mode);
        result = run(tx.objectStore(OBJECT_STORE));
      } catch (e) {
        // A put that throws (say, DataCloneError) must not let the earlier puts commit.
        try {
          tx?.abort();
        } catch {
          // already finished
        }
        if (!tx) connection = undefined; // the connection closed under us: reopen next time
        reject(e);
        return;
      }
      const done = tx;
      done.oncomplete = () => resolve(result());
      // A failed request or a quota error aborts the whole transaction: nothing of it lands.
      done.onabort = () => reject(done.error ?? new Error("the transaction was aborted"));
    });
  }

  return {
    get: (key) =>
      transaction("readonly", (store) => {
        const request = store.get(key);
        return () => request.result as unknown;
      }),
    commit: (changes) =>
      transaction("readwrite", (store) => {
        for (const [key, value] of changes) {
          if (value === undefined) store.delete(key);
          else store.put(value, key);
        }
        return () => undefined;
      }),
  };
}

let browserStorage: DocumentStorage | undefined;

/** The page's autosave storage over IndexedDB, created on first use (one connection per page). */
export function browserDocumentStorage(): DocumentStorage {
  browserStorage ??= createDocumentStorage(indexedDbBackend());
  return browserStorage;
}

/** Saves to the page's IndexedDB autosave; see `DocumentStorage.saveDocument`. */
export function saveDocument(text: string, options?: { dirty?: boolean; docId?: string }): Promise<SaveResult> {
  return browserDocumentStorage().saveDocument(text, options);
}

/** Reads the page's IndexedDB autosave; see `DocumentStorage.loadDocument`. */
export function loadDocument(): Promise<LoadResult> {
  return browserDocumentStorage().loadDocument();
}
