/** The autosave keeps the last good save whatever goes wrong with a new one. */
import { describe, expect, test } from "vitest";
import { serializeGraph } from "@/graph";
import { CURRENT_KEY, createDocumentStorage, indexedDbBackend, REASONS, STAGING_KEY, storageFailure } from "@/components/documents/storage";
import { buildPreset } from "@/presets";
import { createFakeBackend, quotaError } from "./fakeBackend";

function presetText(id: string, name?: string): string {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return serializeGraph(name ? { ...r.graph, name } : r.graph);
}

const first = presetText("mlp", "first");
const second = presetText("gpt", "second");

function setup() {
  const backend = createFakeBackend();
  let clock = 1000;
  const storage = createDocumentStorage(backend, () => clock++);
  return { backend, storage };
}

async function loadedName(storage: ReturnType<typeof setup>["storage"]): Promise<string | undefined> {
  const r = await storage.loadDocument();
  return r.ok && r.found ? r.graph.name : undefined;
}

describe("saveDocument / loadDocument", () => {
  test("nothing saved yet loads as not found", async () => {
    const { storage } = setup();
    expect(await storage.loadDocument()).toEqual({ ok: true, found: false });
  });

  test("a save loads back as the same document, with its dirty flag, and leaves no staging copy", async () => {
    const { storage, backend } = setup();
    expect(await storage.saveDocument(first, { dirty: false })).toEqual({ ok: true, savedAt: 1000 });
    const r = await storage.loadDocument();
    expect(r.ok && r.found && serializeGraph(r.graph)).toBe(first);
    expect(r.ok && r.found && r.dirty).toBe(false);
    expect([...backend.data.keys()]).toEqual([CURRENT_KEY]);
    expect(backend.data.has(STAGING_KEY)).toBe(false);
  });

  test("a later save replaces the earlier one", async () => {
    const { storage } = setup();
    await storage.saveDocument(first);
    await storage.saveDocument(second);
    expect(await loadedName(storage)).toBe("second");
  });
});

describe("the last good save survives a failed save", () => {
  test("quota exceeded while staging: refused as 'browser storage is full', previous save intact", async () => {
    const { storage, backend } = setup();
    await storage.saveDocument(first);
    backend.quotaChars = first.length + 10; // room for one small document only
    const r = await storage.saveDocument(second);
    expect(r).toEqual({ ok: false, code: "full", reason: "browser storage is full" });
    expect(await loadedName(storage)).toBe("first");
  });

  test("the promoting transaction fails: nothing of it lands, previous save intact", async () => {
    const { storage, backend } = setup();
    await storage.saveDocument(first);
    backend.failNext("commit", quotaError(), (changes) => changes.some(([key]) => key === CURRENT_KEY));
    const r = await storage.saveDocument(second);
    expect(r.ok).toBe(false);
    expect(await loadedName(storage)).toBe("first");
    // The next save, once storage recovers, goes through.
    expect((await storage.saveDocument(second)).ok).toBe(true);
    expect(await loadedName(storage)).toBe("second");
  });

  test("a torn write (text cut short) fails the read-back check and is not promoted", async () => {
    const { storage, backend } = setup();
    await storage.saveDocument(first);
    backend.tearChars = 7;
    const r = await storage.saveDocument(second);
    expect(r).toEqual({ ok: false, code: "corrupt", reason: REASONS.corrupt });
    backend.tearChars = 0;
    expect(await loadedName(storage)).toBe("first");
  });

  test("the read-back itself fails: previous save intact", async () => {
    const { storage, backend } = setup();
    await storage.saveDocument(first);
    backend.failNext("get", new Error("disk on fire"));
    const r = await storage.saveDocument(second);
    expect(r).toEqual({ ok: false, code: "failed", reason: "could not save (disk on fire)" });
    expect(await loadedName(storage)).toBe("first");
  });

  test("text that fails parseGraph is refused before anything is written", async () => {
    const { storage, backend } = setup();
    await storage.saveDocument(first);
    const calls = backend.calls.length;
    const broken = first.replace('"type": "Linear"', '"type": "NoSuchBlock"');
    const r = await storage.saveDocument(broken);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe("invalid");
    expect(!r.ok && r.reason).toMatch(/unknown block type "NoSuchBlock"/);
    expect((await storage.saveDocument("{not json")).ok).toBe(false);
    expect(backend.calls.length).toBe(calls); // no write was attempted
    expect(await loadedName(storage)).toBe("first");
  });

  test("saves run one at a time in call order: the last call wins", async () => {
    const { storage } = setup();
    const results = await Promise.all([
      storage.saveDocument(first),
      storage.saveDocument(second),
      storage.saveDocument(presetText("lstm", "third")),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(await loadedName(storage)).toBe("third");
  });
});

describe("unavailable storage", () => {
  test("no IndexedDB at all (private mode, old browser): both calls fail with a message, never throw", async () => {
    const storage = createDocumentStorage(indexedDbBackend(() => undefined));
    expect(await storage.saveDocument(first)).toEqual({
      ok: false,
      code: "unavailable",
      reason: "storage is not available in this window (private mode?)",
    });
    expect(await storage.loadDocument()).toEqual({
      ok: false,
      code: "unavailable",
      reason: "storage is not available in this window (private mode?)",
    });
  });

  test("touching indexedDB throws (sandboxed frame)", async () => {
    const storage = createDocumentStorage(
      indexedDbBackend(() => {
        throw new DOMException("denied", "SecurityError");
      }),
    );
    expect(await storage.saveDocument(first)).toMatchObject({ ok: false, code: "unavailable" });
  });

  test("errors are mapped to reasons people can act on", () => {
    expect(storageFailure(quotaError()).reason).toBe("browser storage is full");
    expect(storageFailure(new DOMException("x", "InvalidStateError")).code).toBe("unavailable");
    expect(storageFailure(new Error("boom"))).toEqual({ ok: false, code: "failed", reason: "could not save (boom)" });
  });
});

describe("loading what is stored", () => {
  test("a stored document that no longer parses is reported, not thrown or loaded", async () => {
    const { storage, backend } = setup();
    backend.data.set(CURRENT_KEY, { text: '{"format":"tensorloom.graph","version":99}', dirty: true, savedAt: 1 });
    const r = await storage.loadDocument();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/could not be read.*version 99/);
  });

  test("a stored value of the wrong shape is reported", async () => {
    const { storage, backend } = setup();
    backend.data.set(CURRENT_KEY, 42 as never);
    expect((await storage.loadDocument()).ok).toBe(false);
  });

  test("a failing read is a value, not a throw", async () => {
    const { storage, backend } = setup();
    backend.failNext("get", new DOMException("x", "InvalidStateError"));
    expect(await storage.loadDocument()).toMatchObject({ ok: false, code: "unavailable" });
  });
});
