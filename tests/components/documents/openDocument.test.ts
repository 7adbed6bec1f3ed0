/** Opening a document: errors change nothing, repairs are listed, every replacement is undoable. */
import { describe, expect, test } from "vitest";
import { serializeGraph } from "@/graph";
import type { GraphDocument } from "@/graph";
import { documentFileName } from "@/components/documents/download";
import { blankDocument, confirmReplace, openFromFile, openFromText, replaceDocument } from "@/components/documents/openDocument";
import { setReportViewer } from "@/components/documents/reports";
import type { DocumentReport } from "@/components/documents/reports";
import { createEditorStore } from "@/components/editor/store";
import { buildPreset } from "@/presets";

function build(id: string): GraphDocument {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
}

function setup() {
  const store = createEditorStore(build("mlp"));
  const reports: DocumentReport[] = [];
  setReportViewer(store, (r) => reports.push(r));
  return { store, reports };
}

const undo = (store: ReturnType<typeof createEditorStore>) => store.temporal.getState().undo();

describe("openFromText", () => {
  test("a document with errors changes nothing and lists every error with its path", () => {
    const { store, reports } = setup();
    const before = store.getState().doc;
    const raw = JSON.parse(serializeGraph(build("gpt")));
    raw.nodes[1].type = "Nope";
    raw.edges[0].source = "ghost";
    const text = JSON.stringify(raw);
    const r = openFromText(text, store, '"gpt.json"');
    expect(r.ok).toBe(false);
    expect(store.getState().doc).toBe(before);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    expect(reports).toHaveLength(1);
    const report = reports[0];
    expect(report.kind).toBe("errors");
    expect(report.title).toBe('Could not open "gpt.json"');
    const errors = report.kind === "errors" ? report.errors : [];
    expect(errors.map((e) => e.code).sort()).toEqual(["dangling-edge", "unknown-block"]);
    expect(errors.every((e) => e.path.length > 0 && e.message.length > 0)).toBe(true);
    expect(store.getState().notice).toMatchObject({ kind: "error", text: expect.stringContaining("Nothing was changed") });
  });

  test("a valid document replaces the current one as one undo step, clean", () => {
    const { store, reports } = setup();
    const before = store.getState().doc;
    const gpt = build("gpt");
    expect(openFromText(serializeGraph(gpt), store).ok).toBe(true);
    expect(store.getState().doc).toEqual(gpt);
    expect(store.getState().dirty).toBe(false);
    expect(reports).toEqual([]);
    undo(store);
    expect(store.getState().doc).toBe(before);
  });

  test("repairs are applied, listed, and the document counts as changed", () => {
    const { store, reports } = setup();
    const raw = JSON.parse(serializeGraph(build("mlp")));
    delete raw.groups;
    raw.nodes[1].params.extra = 1;
    raw.nodes[0].colour = "red";
    openFromText(JSON.stringify(raw), store, '"old.json"');
    expect(store.getState().doc.nodes[1].params.extra).toBeUndefined();
    expect(store.getState().dirty).toBe(true);
    expect(reports).toHaveLength(1);
    expect(reports[0].kind).toBe("repairs");
    const paths = reports[0].kind === "repairs" ? reports[0].repairs.map((r) => r.path) : [];
    expect(paths).toEqual(expect.arrayContaining(["groups", "nodes[0].colour", "nodes[1].params.extra"]));
  });

  test("with no dialog mounted, a report becomes a notice", () => {
    const store = createEditorStore(build("mlp"));
    openFromText("{", store, '"x.json"');
    expect(store.getState().notice?.kind).toBe("error");
  });
});

describe("openFromFile", () => {
  test("reads the file and opens it", async () => {
    const { store } = setup();
    const file = new File([serializeGraph(build("lstm"))], "lstm.json", { type: "application/json" });
    expect((await openFromFile(file, store)).ok).toBe(true);
    expect(store.getState().doc.meta.preset).toBe("lstm");
  });

  test("a file that is not a document changes nothing", async () => {
    const { store, reports } = setup();
    const before = store.getState().doc;
    const r = await openFromFile(new File(["<html>"], "page.html"), store);
    expect(r.ok).toBe(false);
    expect(store.getState().doc).toBe(before);
    expect(reports[0]).toMatchObject({ kind: "errors", title: 'Could not open "page.html"' });
  });

  test("a huge file is refused before it is read", async () => {
    const { store, reports } = setup();
    const huge = {
      name: "huge.json",
      size: 64 * 1024 * 1024,
      text: () => Promise.reject(new Error("must not be read")),
    } as unknown as File;
    const r = await openFromFile(huge, store);
    expect(!r.ok && r.errors[0].code).toBe("too-large");
    expect(reports).toHaveLength(1);
  });
});

describe("new document and replacing", () => {
  test("New is a blank canvas named Untitled that parses cleanly, undoable", () => {
    const { store } = setup();
    const before = store.getState().doc;
    replaceDocument(store, blankDocument(), "New document");
    expect(store.getState().doc).toMatchObject({ name: "Untitled", nodes: [], edges: [], groups: [] });
    expect(openFromText(serializeGraph(blankDocument()), createEditorStore(before)).ok).toBe(true);
    undo(store);
    expect(store.getState().doc).toBe(before);
  });

  test("replacing asks only when there are changes not downloaded", () => {
    const { store } = setup();
    const asked: string[] = [];
    const ask = (m: string) => (asked.push(m), false);
    expect(confirmReplace(store, "Start a new document", ask)).toBe(true);
    expect(asked).toEqual([]);
    store.getState().edit((d) => ({ ...d, name: "edited" }));
    expect(confirmReplace(store, "Start a new document", ask)).toBe(false);
    expect(asked[0]).toMatch(/^Start a new document\? .*not downloaded/);
  });
});

test("download file names come from the document name", () => {
  expect(documentFileName("GPT (tiny) v2")).toBe("gpt-tiny-v2.tensorloom.json");
  expect(documentFileName("MLP on spirals")).toBe("mlp-on-spirals.tensorloom.json");
  expect(documentFileName("Réseau à mémoire")).toBe("reseau-a-memoire.tensorloom.json");
  expect(documentFileName("../../etc/passwd")).toBe("etc-passwd.tensorloom.json");
  expect(documentFileName("")).toBe("untitled.tensorloom.json");
  expect(documentFileName("///")).toBe("untitled.tensorloom.json");
});
