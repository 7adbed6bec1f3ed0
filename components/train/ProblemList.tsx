"use client";
/**
 * Everything that stops Start, listed at once: the data against the graph (each with its fix),
 * and settings fields left invalid. One click makes a fix — or every fix — as one undo step.
 */
import type { DataFix, DataProblem } from "@/train/data";
import type { FieldDraft } from "./setupStore";

interface Props {
  problems: DataProblem[];
  /** Invalid fields by key (`config.lr`), with the text typed and why it is refused. */
  invalid: Record<string, FieldDraft>;
  onFix(fixes: DataFix[]): void;
}

/** `config.lr` → "Learning rate"; the labels the Setup form shows. */
function fieldName(key: string, labels: Record<string, string>): string {
  const last = key.split(".").pop() ?? key;
  return labels[last] ?? last;
}

export function ProblemList({ problems, invalid, onFix, labels }: Props & { labels: Record<string, string> }) {
  const fields = Object.entries(invalid);
  const fixes = problems.flatMap((p) => p.fix ?? []);
  if (problems.length === 0 && fields.length === 0) return null;
  const count = problems.length + fields.length;
  return (
    <div
      className="tl-train-msg tl-train-msg-warning tl-problems"
      role="status"
      aria-label="Problems before Start"
      data-testid="train-problems"
    >
      <p className="tl-problems-head">
        <span>
          {count} problem{count === 1 ? "" : "s"} before Start
        </span>
        {fixes.length > 1 && (
          <button
            type="button"
            className="tl-link"
            data-testid="train-fix-all"
            title={fixes.map((f) => f.label).join("; ")}
            onClick={() => onFix(fixes)}
          >
            Apply all fixes
          </button>
        )}
      </p>
      <ul className="tl-problems-list">
        {fields.map(([key, d]) => (
          <li key={key} data-testid="train-problem" data-code="setting" data-field={key}>
            {fieldName(key, labels)}: {d.error} (typed {d.text || "nothing"}).
          </li>
        ))}
        {problems.map((p, i) => (
          <li key={`${p.code}-${i}`} data-testid="train-problem" data-code={p.code} data-node={p.nodeId} data-field={p.field}>
            {p.message}
            {p.fix && (
              <button
                type="button"
                className="tl-button tl-button-small tl-problem-fix"
                data-testid="train-problem-fix"
                title={p.fix.label}
                onClick={() => onFix([p.fix!])}
              >
                Apply fix
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
