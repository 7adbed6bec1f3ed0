"use client";
/**
 * The document buttons of the top bar: New, Open, Download, Share, Presets. Also the host of
 * the document dialogs (open errors, repairs, a link to copy) for the whole editor: anything
 * that calls `showReport` — a file dropped on the canvas, a share link — shows here.
 */
import { useEffect, useRef, useState } from "react";
import type { ChangeEvent } from "react";
import { useEditorStore } from "../editor/context";
import { documentFileName, downloadDocument } from "./download";
import { blankDocument, confirmReplace, openFromFile, replaceDocument } from "./openDocument";
import { PresetGallery } from "./PresetGallery";
import { ReportDialog } from "./ReportDialog";
import { setReportViewer } from "./reports";
import type { DocumentReport } from "./reports";
import { shareDocument } from "./shareDocument";

export function DocumentActions() {
  const store = useEditorStore();
  const fileInput = useRef<HTMLInputElement>(null);
  const [galleryOpen, setGalleryOpen] = useState(false);
  const [report, setReport] = useState<DocumentReport | undefined>(undefined);

  useEffect(() => setReportViewer(store, setReport), [store]);

  const onNew = () => {
    if (!confirmReplace(store, "Start a new document")) return;
    replaceDocument(store, blankDocument(), "New document");
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ""; // choosing the same file again must fire change again
    if (file) void openFromFile(file, store);
  };

  const onDownload = () => {
    downloadDocument(store);
    store.getState().notify({ kind: "info", text: `Downloaded ${documentFileName(store.getState().doc.name)}` });
  };

  return (
    <>
      <button type="button" className="tl-button" onClick={onNew} title="New empty document" data-testid="doc-new">
        New
      </button>
      <button
        type="button"
        className="tl-button"
        onClick={() => fileInput.current?.click()}
        title="Open a .json document (or drop it on the canvas)"
        data-testid="doc-open"
      >
        Open
      </button>
      <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={onFile} data-testid="doc-file-input" />
      <button type="button" className="tl-button" onClick={onDownload} title="Download the document as .json" data-testid="doc-download">
        Download
      </button>
      <button
        type="button"
        className="tl-button"
        onClick={() => void shareDocument(store)}
        title="Copy a link that holds the whole document"
        data-testid="doc-share"
      >
        Share
      </button>
      <button type="button" className="tl-button" onClick={() => setGalleryOpen(true)} title="Open a preset" data-testid="doc-presets">
        Presets
      </button>
      {galleryOpen && <PresetGallery onClose={() => setGalleryOpen(false)} />}
      {report && <ReportDialog report={report} onClose={() => setReport(undefined)} />}
    </>
  );
}
