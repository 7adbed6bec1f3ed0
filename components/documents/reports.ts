/**
 * Reports about a document the user should read in full — the errors that stopped a file or
 * link from opening, the repairs made while reading one, a link to copy by hand. Whoever
 * opens a document calls `showReport(store, report)`; the mounted `DocumentActions` shows it
 * in a dialog. With no dialog mounted (a test, another page), it becomes a notice.
 */
import type { DocError, Repair } from "@/graph";
import type { EditorStore } from "../editor/store";

export type DocumentReport =
  | { kind: "errors"; title: string; errors: DocError[] }
  | { kind: "repairs"; title: string; repairs: Repair[] }
  | { kind: "link"; title: string; message: string; url: string };

export type ReportViewer = (report: DocumentReport) => void;

// Keyed by store, so two editors on one page never show each other's reports.
const viewers = new WeakMap<EditorStore, ReportViewer>();

/** Makes `viewer` show the reports of `store`; returns the function that removes it again. */
export function setReportViewer(store: EditorStore, viewer: ReportViewer): () => void {
  viewers.set(store, viewer);
  return () => {
    if (viewers.get(store) === viewer) viewers.delete(store);
  };
}

/** Shows `report` in the store's dialog, or as a one-line notice when none is mounted. */
export function showReport(store: EditorStore, report: DocumentReport): void {
  const viewer = viewers.get(store);
  if (viewer) viewer(report);
  else store.getState().notify({ kind: report.kind === "errors" ? "error" : "info", text: reportSummary(report) });
}

/** One line for a notice: `Could not open "a.json": nodes[0].type: unknown block type "Foo" (and 2 more)`. */
export function reportSummary(report: DocumentReport): string {
  const first = (items: { message: string }[]) =>
    items.length ? `: ${items[0].message}${items.length > 1 ? ` (and ${items.length - 1} more)` : ""}` : "";
  if (report.kind === "errors") return `${report.title}${first(report.errors)}`;
  if (report.kind === "repairs") return `${report.title}${first(report.repairs)}`;
  return `${report.title}: ${report.url}`;
}
