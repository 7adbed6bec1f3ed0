"use client";
/**
 * The autosave's failure banner. It always renders its slot (the page grid keeps a row for
 * it) and fills it only when a save failed: the document is still in memory, so it offers a
 * retry and a download.
 */
import { useEditorStore } from "../editor/context";
import type { AutosaveStatus } from "./autosaver";
import { downloadDocument } from "./download";

export function StorageBanner({ status }: { status: AutosaveStatus }) {
  const store = useEditorStore();
  return (
    <div className="tl-storage-slot">
      {status.state === "failed" && (
        <div className="tl-storage-banner" role="alert" data-testid="storage-banner">
          <span>
            <strong>Autosave failed:</strong> {status.message ?? "the document could not be saved"}. Your document is still open here;
            download a copy to keep it.
          </span>
          {status.retry && (
            <button type="button" className="tl-button" onClick={status.retry} data-testid="storage-retry">
              Retry
            </button>
          )}
          <button type="button" className="tl-button" onClick={() => downloadDocument(store)} data-testid="storage-download">
            Download
          </button>
        </div>
      )}
    </div>
  );
}
