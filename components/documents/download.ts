/** Downloading the document as a `.json` file. */
import { serializeGraph } from "@/graph";
import type { EditorStore } from "../editor/store";

/**
 * A file name from a document name: letters and digits kept, the rest turned into dashes.
 * @example documentFileName("GPT (tiny) v2") // "gpt-tiny-v2.tensorloom.json"
 */
export function documentFileName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return `${slug || "untitled"}.tensorloom.json`;
}

/** Saves the document through the browser's download (a Blob and an `<a download>`) and marks it clean. */
export function downloadDocument(store: EditorStore): void {
  const { doc } = store.getState();
  const blob = new Blob([serializeGraph(doc)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = documentFileName(doc.name);
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked on the next task: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  store.getState().markClean();
}
