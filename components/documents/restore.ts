/**
 * What the editor opens on start: 1) a share link in the URL fragment, 2) the last autosave,
 * 3) the document it started with. Reading (async) is apart from applying (sync), so a
 * component that unmounted meanwhile applies nothing.
 */
import type { GraphDocument } from "@/graph";
import type { EditorStore, Notice } from "../editor/store";
import { showReport } from "./reports";
import { readShareFragment } from "./shareLink";
import type { ShareFragment } from "./shareLink";
import type { DocumentStorage, LoadResult } from "./storage";

export interface RestoreSources {
  link: ShareFragment;
  saved: LoadResult;
}

export type Restored = "link" | "autosave" | "initial";

export async function readRestoreSources(hash: string, storage: DocumentStorage): Promise<RestoreSources> {
  return { link: readShareFragment(hash), saved: await storage.loadDocument() };
}

/**
 * Opens a share link's document as one undoable step, or reports its errors and changes
 * nothing. Returns the notice to show, or undefined when there was no link.
 */
export function openShareLink(store: EditorStore, link: ShareFragment): Notice | undefined {
  if (!link.found) return undefined;
  const result = link.result;
  if (!result.ok) {
    showReport(store, { kind: "errors", title: "Could not open the shared link", errors: result.errors });
    const n = result.errors.length;
    return { kind: "error", text: `Could not open the shared link: ${n} problem${n === 1 ? "" : "s"}. Nothing was changed.` };
  }
  store.getState().load(result.graph, { clean: result.repairs.length === 0 });
  if (result.repairs.length)
    showReport(store, {
      kind: "repairs",
      title: `Opened the shared link with ${result.repairs.length} repair${result.repairs.length === 1 ? "" : "s"}`,
      repairs: result.repairs,
    });
  return { kind: "info", text: `Opened the shared document "${result.graph.name}". Undo (Ctrl+Z) brings back the previous document.` };
}

/**
 * Applies what was read. The autosave becomes the start of history (unless the user already
 * edited `initial`, then it is one undoable step); a link is opened on top of it, undoably, so
 * Undo returns to the autosaved work.
 */
export function applyRestore(store: EditorStore, sources: RestoreSources, initial: GraphDocument): Restored {
  const { saved, link } = sources;
  const notices: Notice[] = [];
  let restored: Restored = "initial";
  if (saved.ok && saved.found) {
    const untouched = store.getState().doc === initial;
    store
      .getState()
      .load(saved.graph, { resetHistory: untouched, clean: !saved.dirty, ...(saved.docId !== undefined ? { id: saved.docId } : {}) });
    restored = "autosave";
  } else if (!saved.ok) {
    const text =
      saved.code === "unavailable" ? `Autosave is off: ${saved.reason}.` : `Could not restore the autosaved document: ${saved.reason}.`;
    notices.push({ kind: "error", text });
  }
  const linkNotice = openShareLink(store, link);
  if (linkNotice) {
    notices.unshift(linkNotice);
    if (link.found && link.result.ok) restored = "link";
  }
  if (notices.length) {
    store
      .getState()
      .notify({ kind: notices.some((n) => n.kind === "error") ? "error" : "info", text: notices.map((n) => n.text).join(" ") });
  }
  return restored;
}
