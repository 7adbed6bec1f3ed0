"use client";
/** Shows a `DocumentReport`: every error or repair with its path, or a link to copy by hand. */
import { Modal } from "./Modal";
import type { DocumentReport } from "./reports";

const TEST_IDS: Record<DocumentReport["kind"], string> = { errors: "open-errors", repairs: "open-repairs", link: "share-link" };

/** The message without the path it starts with (the path has its own column). */
function withoutPath(path: string, message: string): string {
  return path && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}

export function ReportDialog({ report, onClose }: { report: DocumentReport; onClose(): void }) {
  return (
    <Modal title={report.title} onClose={onClose} testId={TEST_IDS[report.kind]} className={`tl-report tl-report-${report.kind}`}>
      {report.kind === "errors" && (
        <>
          <p className="tl-report-lead">Nothing was changed: the current document is as it was. The document has these problems:</p>
          <Issues items={report.errors} />
        </>
      )}
      {report.kind === "repairs" && (
        <>
          <p className="tl-report-lead">
            The document was opened. These small fixes were made while reading it (Undo brings back the previous document):
          </p>
          <Issues items={report.repairs} />
        </>
      )}
      {report.kind === "link" && (
        <>
          <p className="tl-report-lead">{report.message}</p>
          <input
            className="tl-report-url"
            readOnly
            value={report.url}
            onFocus={(e) => e.currentTarget.select()}
            aria-label="Share link"
            data-testid="share-link-url"
          />
        </>
      )}
      <div className="tl-modal-actions">
        <button type="button" className="tl-button tl-button-primary" onClick={onClose} data-testid="report-ok">
          OK
        </button>
      </div>
    </Modal>
  );
}

function Issues({ items }: { items: { path: string; message: string }[] }) {
  return (
    <ul className="tl-report-list">
      {items.map((item, i) => (
        <li key={i}>
          <code className="tl-report-path">{item.path || "(whole document)"}</code>
          <span>{withoutPath(item.path, item.message)}</span>
        </li>
      ))}
    </ul>
  );
}
