/**
 * The autosave loop, without React: after the document (or its dirty flag) changes, wait
 * `delayMs` for more changes, then save; one save at a time; a failure is a status and the
 * document stays in memory. `useAutosave` drives it; tests drive it with fake timers.
 */
import { serializeGraph } from "@/graph";
import type { EditorStore } from "../editor/store";
import type { DocumentStorage } from "./storage";

/** Within the "≤ 1 s after a change" budget, long enough to fold a burst of edits into one save. */
export const AUTOSAVE_DELAY_MS = 500;

export type AutosaveState = "restoring" | "idle" | "saving" | "saved" | "failed";

export interface AutosaveStatus {
  state: AutosaveState;
  /** Why the last save failed, for people. */
  message?: string;
  /** `Date.now()` of the last good save. */
  savedAt?: number;
  /** Tries the save again now. */
  retry?: () => void;
}

export interface Autosaver {
  /** Starts watching the store (call after restoring, so the restored document is not re-saved). */
  start(): void;
  /** Saves now if a save is waiting for its delay; resolves when the store's state is saved or failed. */
  flush(): Promise<void>;
  /** Saves now, even when nothing changed since a failure. */
  retry(): Promise<void>;
  /** Stops watching; a save in flight still finishes. */
  stop(): void;
}

export interface AutosaverOptions {
  store: EditorStore;
  storage: DocumentStorage;
  onStatus(status: AutosaveStatus): void;
  delayMs?: number;
}

export function createAutosaver({ store, storage, onStatus, delayMs = AUTOSAVE_DELAY_MS }: AutosaverOptions): Autosaver {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let unsubscribe: (() => void) | undefined;
  let last: { text: string; dirty: boolean; docId: string; savedAt: number } | undefined;

  async function saveOnce(): Promise<void> {
    const { doc, dirty, docId } = store.getState();
    const text = serializeGraph(doc);
    if (last && last.text === text && last.dirty === dirty && last.docId === docId) return;
    onStatus({ state: "saving" });
    const result = await storage
      .saveDocument(text, { dirty, docId })
      .catch((e: unknown) => ({ ok: false as const, reason: `could not save (${e instanceof Error ? e.message : "unknown error"})` }));
    if (result.ok) {
      last = { text, dirty, docId, savedAt: result.savedAt };
      onStatus({ state: "saved", savedAt: result.savedAt });
    } else {
      onStatus({ state: "failed", message: result.reason, savedAt: last?.savedAt });
    }
  }

  /** Saves now; a call during a save makes that save run once more afterwards. */
  function save(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (running) {
      again = true;
      return running;
    }
    const loop = async () => {
      do {
        again = false;
        await saveOnce();
      } while (again);
    };
    running = loop().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void save(), delayMs);
  }

  return {
    start() {
      unsubscribe ??= store.subscribe((s, prev) => {
        if (s.doc !== prev.doc || s.dirty !== prev.dirty || s.docId !== prev.docId) schedule();
      });
    },
    flush: () => (timer !== undefined ? save() : (running ?? Promise.resolve())),
    retry() {
      last = undefined;
      return save();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
