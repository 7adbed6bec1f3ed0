/** Autosave: debounced saves after changes, failures keep the document, and the start-up restore order. */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { serializeGraph } from "@/graph";
import type { GraphDocument } from "@/graph";
import { createAutosaver } from "@/components/documents/autosaver";
import type { AutosaveStatus } from "@/components/documents/autosaver";
import { setReportViewer } from "@/components/documents/reports";
import type { DocumentReport } from "@/components/documents/reports";
import { applyRestore, readRestoreSources } from "@/components/documents/restore";
import { encodeShareFragment } from "@/components/documents/shareLink";
import { createDocumentStorage } from "@/components/documents/storage";
import { createEditorStore } from "@/components/editor/store";
import { buildPreset } from "@/presets";
import { createFakeBackend } from "./fakeBackend";

function build(id: string, name?: string): GraphDocument {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return name ? { ...r.graph, name } : r.graph;
}

const rename = (name: string) => (d: GraphDocument) => ({ ...d, name });

describe("createAutosaver", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const backend = createFakeBackend();
    const storage = createDocumentStorage(backend);
    const store = createEditorStore(build("mlp", "start"));
    const statuses: AutosaveStatus[] = [];
    const saver = createAutosaver({ store, storage, delayMs: 500, onStatus: (s) => statuses.push(s) });
    saver.start();
    const savedName = async () => {
      const r = await storage.loadDocument();
      return r.ok && r.found ? r.graph.name : undefined;
    };
    return { backend, storage, store, statuses, saver, savedName };
  }

  test("a burst of edits is saved once, 500 ms after the last one, within a second of the first", async () => {
    const { store, backend, savedName, statuses } = setup();
    store.getState().edit(rename("a"));
    await vi.advanceTimersByTimeAsync(300);
    store.getState().edit(rename("ab"));
    await vi.advanceTimersByTimeAsync(300);
    store.getState().edit(rename("abc"));
    await vi.advanceTimersByTimeAsync(499);
    expect(backend.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await savedName()).toBe("abc");
    expect(backend.calls.filter((c) => c === "commit")).toHaveLength(2); // stage + promote: one save
    expect(statuses.map((s) => s.state)).toEqual(["saving", "saved"]);
  });

  test("nothing is saved before a change: the start document does not overwrite the autosave", async () => {
    const { backend } = setup();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(backend.calls).toEqual([]);
  });

  test("a failed save shows the reason, keeps the document in memory and the previous save on disk", async () => {
    const { store, backend, savedName, statuses, saver } = setup();
    store.getState().edit(rename("good"));
    await vi.advanceTimersByTimeAsync(500);
    backend.quotaChars = 10;
    store.getState().edit(rename("too big now"));
    await vi.advanceTimersByTimeAsync(500);
    expect(statuses.at(-1)).toMatchObject({ state: "failed", message: "browser storage is full" });
    expect(store.getState().doc.name).toBe("too big now");
    expect(await savedName()).toBe("good");
    // Storage frees up; a retry saves what is in memory.
    backend.quotaChars = Infinity;
    await saver.retry();
    expect(await savedName()).toBe("too big now");
    expect(statuses.at(-1)?.state).toBe("saved");
  });

  test("a change during a save is saved right after it", async () => {
    const { store, saver, savedName } = setup();
    store.getState().edit(rename("one"));
    const first = saver.flush();
    store.getState().edit(rename("two"));
    const second = saver.flush();
    await first;
    await second;
    expect(await savedName()).toBe("two");
  });

  test("flush saves a pending change at once (closing the tab); stop stops watching", async () => {
    const { store, saver, savedName, backend } = setup();
    store.getState().edit(rename("closing"));
    await saver.flush();
    expect(await savedName()).toBe("closing");
    saver.stop();
    const calls = backend.calls.length;
    store.getState().edit(rename("after stop"));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(backend.calls.length).toBe(calls);
  });

  test("downloading (dirty → clean) is saved too, so a reload knows there is nothing to lose", async () => {
    const { store, storage } = setup();
    store.getState().edit(rename("x"));
    await vi.advanceTimersByTimeAsync(500);
    store.getState().markClean();
    await vi.advanceTimersByTimeAsync(500);
    const r = await storage.loadDocument();
    expect(r.ok && r.found && r.dirty).toBe(false);
  });
});

describe("restore on start", () => {
  async function setup(saved: GraphDocument | undefined, hash: string) {
    const backend = createFakeBackend();
    const storage = createDocumentStorage(backend);
    if (saved) await storage.saveDocument(serializeGraph(saved), { dirty: true });
    const initial = build("mlp", "initial");
    const store = createEditorStore(initial);
    const reports: DocumentReport[] = [];
    setReportViewer(store, (r) => reports.push(r));
    const restored = applyRestore(store, await readRestoreSources(hash, storage), initial);
    return { store, reports, restored, initial };
  }
  const undo = (store: ReturnType<typeof createEditorStore>) => store.temporal.getState().undo();

  test("nothing saved, no link: the initial document stays", async () => {
    const { store, restored, initial } = await setup(undefined, "");
    expect(restored).toBe("initial");
    expect(store.getState().doc).toBe(initial);
  });

  test("the last autosave replaces the initial document and starts the history", async () => {
    const { store, restored } = await setup(build("lstm", "my work"), "");
    expect(restored).toBe("autosave");
    expect(store.getState().doc.name).toBe("my work");
    expect(store.getState().dirty).toBe(true);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });

  test("a share link wins over the autosave, and Undo brings the autosaved work back", async () => {
    const { store, restored, reports } = await setup(build("lstm", "my work"), `#${encodeShareFragment(build("gpt", "shared"))}`);
    expect(restored).toBe("link");
    expect(store.getState().doc.name).toBe("shared");
    expect(store.getState().notice?.text).toMatch(/Opened the shared document "shared"/);
    expect(reports).toEqual([]);
    undo(store);
    expect(store.getState().doc.name).toBe("my work");
  });

  test("a broken link shows its errors and loses nothing: the autosave is restored", async () => {
    const { store, restored, reports } = await setup(build("lstm", "my work"), "#doc=N4IgdghgtgpiBcIBKBGA");
    expect(restored).toBe("autosave");
    expect(store.getState().doc.name).toBe("my work");
    expect(reports[0]).toMatchObject({ kind: "errors", title: "Could not open the shared link" });
    expect(store.getState().notice?.kind).toBe("error");
  });

  test("an autosave that cannot be read is reported; the initial document stays", async () => {
    const backend = createFakeBackend();
    backend.data.set("current", { text: "{", dirty: true, savedAt: 0 });
    const initial = build("mlp");
    const store = createEditorStore(initial);
    const restored = applyRestore(store, await readRestoreSources("", createDocumentStorage(backend)), initial);
    expect(restored).toBe("initial");
    expect(store.getState().doc).toBe(initial);
    expect(store.getState().notice).toMatchObject({
      kind: "error",
      text: expect.stringMatching(/Could not restore the autosaved document/),
    });
  });

  test("no storage at all (private mode): the initial document stays and the notice says autosave is off", async () => {
    const backend = createFakeBackend();
    backend.failNext("get", new DOMException("no", "InvalidStateError"));
    const initial = build("mlp");
    const store = createEditorStore(initial);
    expect(applyRestore(store, await readRestoreSources("", createDocumentStorage(backend)), initial)).toBe("initial");
    expect(store.getState().notice?.text).toBe("Autosave is off: storage is not available in this window (private mode?).");
  });
});
