/**
 * Replacing the document: from a file, from text, with a blank one. Everything goes through
 * `parseGraph`; a document with errors changes nothing; a replacement is one undo step.
 */
import { GRAPH_FORMAT, GRAPH_VERSION, parseGraph } from "@/graph";
import type { DocError, GraphDocument, ParseResult } from "@/graph";
import type { EditorStore } from "../editor/store";
import { showReport } from "./reports";

/** Files larger than this are refused before reading (the document limit is ~10 M characters). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

const UNDO_HINT = "Undo (Ctrl+Z) brings back the previous document.";

/** An empty canvas. */
export function blankDocument(name = "Untitled"): GraphDocument {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, name, nodes: [], edges: [], groups: [], meta: {} };
}

/**
 * Asks before replacing a document with changes that were not downloaded. True means go on.
 * `ask` is `window.confirm` in the browser.
 */
export function confirmReplace(store: EditorStore, action: string, ask: (message: string) => boolean = (m) => window.confirm(m)): boolean {
  if (!store.getState().dirty) return true;
  return ask(`${action}? The current document has changes that were not downloaded. (Undo brings it back.)`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Opens a document from text: errors → a report and no change at all; success → one undoable
 * replacement, with the repairs reported. `source` names where the text came from in messages.
 *
 * @example openFromText(await file.text(), store, '"model.json"') // { ok: true, graph, repairs: [] }
 */
export function openFromText(text: string, store: EditorStore, source = "the document"): ParseResult {
  const result = parseGraph(text);
  const { notify } = store.getState();
  if (!result.ok) {
    showReport(store, { kind: "errors", title: `Could not open ${source}`, errors: result.errors });
    notify({ kind: "error", text: `Could not open ${source}: ${plural(result.errors.length, "problem")}. Nothing was changed.` });
    return result;
  }
  store.getState().load(result.graph, { clean: result.repairs.length === 0 });
  if (result.repairs.length) {
    showReport(store, {
      kind: "repairs",
      title: `Opened ${source} with ${plural(result.repairs.length, "repair")}`,
      repairs: result.repairs,
    });
  }
  notify({
    kind: "info",
    text: `Opened "${result.graph.name}"${result.repairs.length ? ` (${plural(result.repairs.length, "repair")})` : ""}. ${UNDO_HINT}`,
  });
  return result;
}

function refuse(store: EditorStore, source: string, error: DocError): ParseResult {
  const result: ParseResult = { ok: false, errors: [error] };
  showReport(store, { kind: "errors", title: `Could not open ${source}`, errors: result.errors });
  store.getState().notify({ kind: "error", text: `Could not open ${source}: ${error.message}. Nothing was changed.` });
  return result;
}

/**
 * Opens a `.json` file chosen in the Open dialog or dropped on the canvas. Never rejects.
 *
 * @example onDrop: (e) => { const f = e.dataTransfer.files[0]; if (f) void openFromFile(f, store); }
 */
export async function openFromFile(file: File, store: EditorStore): Promise<ParseResult> {
  const source = `"${file.name}"`;
  if (file.size > MAX_FILE_BYTES) {
    return refuse(store, source, {
      code: "too-large",
      path: "",
      message: `the file is ${(file.size / 1048576).toFixed(1)} MB; a Tensorloom document is at most about 10 MB`,
    });
  }
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return refuse(store, source, {
      code: "invalid-json",
      path: "",
      message: `the file could not be read (${e instanceof Error ? e.message : "unknown error"})`,
    });
  }
  return openFromText(text, store, source);
}

/** Replaces the document with `graph` (a preset, a blank canvas) as one undo step, clean. */
export function replaceDocument(store: EditorStore, graph: GraphDocument, what: string): void {
  store.getState().load(graph, { clean: true });
  store.getState().notify({ kind: "info", text: `${what}. ${UNDO_HINT}` });
}
