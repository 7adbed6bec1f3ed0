/** A document's identity (the key of its runs): new for each load, kept by edits, autosave, reload and undo. */
import { describe, expect, test } from "vitest";
import { serializeGraph } from "@/graph";
import { applyRestore, readRestoreSources } from "@/components/documents/restore";
import { createDocumentStorage } from "@/components/documents/storage";
import { createEditorStore } from "@/components/editor/store";
import { buildPreset } from "@/presets";
import { createFakeBackend } from "./fakeBackend";

function preset(id: string) {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
}

function counter() {
  let n = 0;
  return () => `doc-${++n}`;
}

describe("docId", () => {
  test("each load is a new document; an edit is the same one; undo of a load brings the old id back", () => {
    const store = createEditorStore(preset("mlp"), { newId: counter() });
    expect(store.getState().docId).toBe("doc-1");
    store.getState().edit((d) => ({ ...d, name: "renamed" }));
    expect(store.getState().docId).toBe("doc-1");
    store.getState().load(preset("gpt"));
    expect(store.getState().docId).toBe("doc-2");
    store.temporal.getState().undo();
    expect(store.getState().docId).toBe("doc-1");
    expect(store.getState().doc.name).toBe("renamed");
    store.temporal.getState().redo();
    expect(store.getState().docId).toBe("doc-2");
  });

  test("the autosave keeps the id, and a reload opens the document under it", async () => {
    const storage = createDocumentStorage(createFakeBackend());
    await storage.saveDocument(serializeGraph(preset("gpt")), { dirty: false, docId: "doc-saved" });
    const initial = preset("mlp");
    const store = createEditorStore(initial, { newId: counter() });
    expect(applyRestore(store, await readRestoreSources("", storage), initial)).toBe("autosave");
    expect(store.getState().docId).toBe("doc-saved");
  });

  test("an older autosave without an id gets a new one", async () => {
    const storage = createDocumentStorage(createFakeBackend());
    await storage.saveDocument(serializeGraph(preset("gpt")));
    const initial = preset("mlp");
    const store = createEditorStore(initial, { newId: counter() });
    applyRestore(store, await readRestoreSources("", storage), initial);
    expect(store.getState().docId).toBe("doc-2");
  });
});
