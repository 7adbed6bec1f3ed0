"use client";
/**
 * The runs of this document: a colour key that shows or hides each run in the charts, its name
 * and what differs from the run before it, its settings and seed (in its tooltip) and its last
 * loss. Clicking a run's name picks it for the controls and panels.
 */
import { useShallow } from "zustand/react/shallow";
import { useTrainContext, useTrain } from "./context";
import { formatLr } from "./progress";
import { describeDiff, runDiff } from "./runDiff";
import { docRuns, isLive, removeRun, runLabel, toggleRunVisible } from "./runStore";
import type { RunRecord } from "./runStore";

function describe(r: RunRecord): string {
  const c = r.settings.config;
  return `${runLabel(r)}: ${r.settings.dataset.kind}, ${c.optimizer} lr ${formatLr(c.lr)} (${c.schedule}), batch ${c.batchSize}, ${c.steps} steps, seed ${c.seed}${r.info ? `, ${r.info.params.toLocaleString("en-US")} parameters on ${r.info.backend}` : ""}`;
}

/** The second line of a run: how it ended (unless done), its last loss, and the settings that tell runs apart. */
function summary(r: RunRecord, previous: RunRecord | undefined): string {
  const c = r.settings.config;
  const loss = r.last?.valLoss ?? r.last?.loss;
  const state = r.status === "done" ? undefined : r.status === "running" ? "training" : r.status;
  const lossText = loss !== undefined && r.status !== "diverged" ? `loss ${Number(loss.toPrecision(3))}` : undefined;
  const differs = previous
    ? `vs ${runLabel(previous)}: ${describeDiff(runDiff(previous, r), 2)}`
    : `${c.optimizer} ${formatLr(c.lr)} · seed ${c.seed}`;
  return [state, lossText, differs].filter(Boolean).join(" · ");
}

export function RunList() {
  const { store, keeper } = useTrainContext();
  const runs = useTrain(useShallow(docRuns));
  const activeId = useTrain((s) => s.activeId);
  if (runs.length === 0) return null;
  return (
    <ul className="tl-runs" aria-label="Runs" data-testid="run-list">
      {runs.map((r, i) => (
        <li
          key={r.id}
          className={r.id === activeId ? "tl-run tl-run-active" : "tl-run"}
          title={describe(r)}
          data-testid={`run-${r.number}`}
          data-status={r.status}
          data-checkpoint-step={r.checkpoint?.step}
        >
          <input
            type="checkbox"
            className="tl-run-toggle"
            style={{ accentColor: r.color }}
            checked={r.visible}
            aria-label={`Show ${runLabel(r)} in the charts`}
            onChange={() => toggleRunVisible(store, r.id)}
          />
          <span className="tl-run-name">
            <span className="tl-run-swatch" style={{ background: r.color }} aria-hidden />
            <button
              type="button"
              className="tl-run-title tl-run-pick"
              title="Pick this run for the controls and panels"
              onClick={() => store.setState({ activeId: r.id })}
            >
              {runLabel(r)}
            </button>
          </span>
          {!isLive(r) && (
            <button
              type="button"
              className="tl-run-remove"
              aria-label={`Delete ${runLabel(r)}`}
              title="Delete this run, its curves and its weights"
              onClick={() => {
                removeRun(store, r.id);
                void keeper.remove(r.id);
              }}
            >
              ×
            </button>
          )}
          <span className={`tl-run-meta tl-run-${r.status}`} data-testid={`run-summary-${r.number}`}>
            {summary(r, runs[i - 1])}
          </span>
        </li>
      ))}
    </ul>
  );
}
