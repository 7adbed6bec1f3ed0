"use client";
/**
 * The Problems tab: every diagnostic of the analysis. Clicking one opens the block body it
 * lives in, selects its node and asks the shell to centre the view on it.
 */
import type { Diagnostic } from "@/graph";
import { useEditor, useEditorStore } from "../editor/context";
import { useAnalysis } from "../editor/useAnalysis";
import { CodeText } from "../inspector/CodeText";
import { countProblems, problemsLabel } from "./problems";

export interface ProblemsTabProps {
  /** Centres the canvas on a node, e.g. React Flow's `fitView({ nodes: [{ id }] })`. */
  onFocusNode?(id: string): void;
}

export function SeverityIcon({ severity }: { severity: Diagnostic["severity"] }) {
  return severity === "error" ? (
    <svg className="tl-sev tl-sev-error" width="16" height="16" viewBox="0 0 16 16" role="img" aria-label="error">
      <circle cx="8" cy="8" r="7" />
      <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" />
    </svg>
  ) : (
    <svg className="tl-sev tl-sev-warning" width="16" height="16" viewBox="0 0 16 16" role="img" aria-label="warning">
      <path d="M8 1.5l7 12.5H1z" />
      <path d="M8 6v4M8 11.6v.4" />
    </svg>
  );
}

/** Waits two frames, so a newly opened scope's nodes are rendered and measured before centring. */
function afterRender(fn: () => void) {
  if (typeof requestAnimationFrame === "undefined") fn();
  else requestAnimationFrame(() => requestAnimationFrame(fn));
}

export function ProblemsTab({ onFocusNode }: ProblemsTabProps) {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const analysis = useAnalysis(doc);
  const diagnostics = analysis.diagnostics;
  const groupName = (id: string) => doc.groups.find((g) => g.id === id)?.name ?? id;

  const reveal = (d: Diagnostic) => {
    const s = store.getState();
    const changed = s.scope !== d.groupId;
    if (changed) s.enterScope(d.groupId);
    if (!d.nodeId) return;
    store.getState().select([d.nodeId]);
    if (onFocusNode) {
      const id = d.nodeId;
      if (changed) afterRender(() => onFocusNode(id));
      else onFocusNode(id);
    }
  };

  if (diagnostics.length === 0) {
    return (
      <section className="tl-problems tl-problems-empty" data-testid="problems-tab" aria-label="Problems">
        <p className="tl-empty">
          <span className="tl-ok" aria-hidden>
            ✓
          </span>{" "}
          No problems: every wire has a shape and every block is reachable.
        </p>
      </section>
    );
  }

  return (
    <section className="tl-problems" data-testid="problems-tab" aria-label="Problems">
      <ul className="tl-problem-list">
        {diagnostics.map((d, i) => (
          <li key={`${d.code}|${d.groupId ?? ""}|${d.nodeId}|${d.port ?? ""}|${i}`}>
            <button
              type="button"
              className={`tl-problem tl-problem-${d.severity}`}
              data-testid={`problem-${i}`}
              onClick={() => reveal(d)}
              title={
                d.nodeId
                  ? `Show ${d.nodeId}${d.groupId ? ` in ${groupName(d.groupId)}` : ""}`
                  : d.groupId
                    ? `Open ${groupName(d.groupId)}`
                    : undefined
              }
            >
              <SeverityIcon severity={d.severity} />
              <span className="tl-problem-code">{d.code}</span>
              <span className="tl-problem-message">
                <CodeText text={d.message} />
              </span>
              <span className="tl-problem-where">
                {d.nodeId && <span className="tl-mono">{d.nodeId}</span>}
                {d.groupId && <span> in {groupName(d.groupId)}</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The count for the tab label: "2 errors, 1 warning"; nothing when there are none. */
export function ProblemsCount() {
  const doc = useEditor((s) => s.doc);
  const counts = countProblems(useAnalysis(doc).diagnostics);
  if (counts.errors + counts.warnings === 0) return null;
  return (
    <span className={`tl-problems-count ${counts.errors ? "tl-has-errors" : "tl-has-warnings"}`} data-testid="problems-count">
      {problemsLabel(counts)}
    </span>
  );
}
