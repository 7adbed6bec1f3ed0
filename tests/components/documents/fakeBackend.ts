/**
 * An in-memory stand-in for one IndexedDB object store: values are copied in and out (like
 * structured clone), a commit is all-or-nothing, and failures can be injected per operation.
 */
import type { StorageBackend, StoredDocument } from "@/components/documents/storage";

type Op = "get" | "commit";

export interface FakeBackend extends StorageBackend {
  /** What is stored now, by key. */
  readonly data: Map<string, StoredDocument>;
  /** The next `op` calls matching `when` reject with `error` (once each). */
  failNext(op: Op, error: Error, when?: (changes: ReadonlyArray<readonly [string, StoredDocument | undefined]>) => boolean): void;
  /** Rejects commits that would make the stored text longer than `chars` in total. */
  quotaChars: number;
  /** Stores texts cut short by this many characters, as a torn write would. */
  tearChars: number;
  calls: Op[];
}

export function quotaError(): Error {
  return new DOMException("The quota has been exceeded.", "QuotaExceededError");
}

export function createFakeBackend(): FakeBackend {
  const data = new Map<string, StoredDocument>();
  const failures: { op: Op; error: Error; when?: (changes: ReadonlyArray<readonly [string, StoredDocument | undefined]>) => boolean }[] =
    [];
  const copy = (v: StoredDocument): StoredDocument => ({ ...v });
  const take = (op: Op, changes: ReadonlyArray<readonly [string, StoredDocument | undefined]> = []) => {
    const i = failures.findIndex((f) => f.op === op && (!f.when || f.when(changes)));
    return i < 0 ? undefined : failures.splice(i, 1)[0].error;
  };
  const backend: FakeBackend = {
    data,
    quotaChars: Infinity,
    tearChars: 0,
    calls: [],
    failNext(op, error, when) {
      failures.push({ op, error, when });
    },
    async get(key) {
      backend.calls.push("get");
      const error = take("get");
      if (error) throw error;
      const v = data.get(key);
      return v === undefined ? undefined : copy(v);
    },
    async commit(changes) {
      backend.calls.push("commit");
      const error = take("commit", changes);
      if (error) throw error;
      const next = new Map(data);
      for (const [key, value] of changes) {
        if (value === undefined) next.delete(key);
        else next.set(key, { ...value, text: backend.tearChars ? value.text.slice(0, -backend.tearChars) : value.text });
      }
      const size = [...next.values()].reduce((n, v) => n + v.text.length, 0);
      if (size > backend.quotaChars) throw quotaError();
      data.clear();
      for (const [k, v] of next) data.set(k, v);
    },
  };
  return backend;
}
