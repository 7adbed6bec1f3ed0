"use client";
/**
 * The runs of this session: a colour key that shows or hides each run in the charts, the run's
 * graph, settings and seed (in its tooltip) and its last loss. The controls and panels act on
 * the latest run: its model is the one in the worker.
 */
import { useTrainContext, useTrain } from "./context";
import { formatLr } from "./progress";
import { isLive, removeRun, runLabel, toggleRunVisible } from "./runStore";
import type { RunRecord } from "./runStore";

function describe(r: RunRecord): string {
  const c = r.settings.config;
  return `${runLabel(r)}: ${r.settings.dataset.kind}, ${c.optimizer} lr ${formatLr(c.lr)} (${c.schedule}), batch ${c.batchSize}, ${c.steps} steps, seed ${c.seed}${r.info ? `, ${r.info.params.toLocaleString("en-US")} parameters on ${r.info.backend}` : ""}`;
}

/** The second line of a run: how it ended (unless done), its last loss, and the settings that tell runs apart. */
function summary(r: RunRecord): string {
  const c = r.settings.config;
  const loss = r.last?.valLoss ?? r.last?.loss;
  const state = r.status === "done" ? undefined : r.status === "running" ? "training" : r.status;
  const lossText = loss !== undefined && r.status !== "diverged" ? `loss ${Number(loss.toPrecision(3))}` : undefined;
  return [state, lossText, `${c.optimizer} ${formatLr(c.lr)}`, `seed ${c.seed}`].filter(Boolean).join(" · ");
}

export function RunList() {
  const { store } = useTrainContext();
  const runs = useTrain((s) => s.runs);
  const activeId = useTrain((s) => s.activeId);
  if (runs.length === 0) return null;
  return (
    <ul className="tl-runs" aria-label="Runs" data-testid="run-list">
      {runs.map((r) => (
        <li key={r.id} className={r.id === activeId ? "tl-run tl-run-active" : "tl-run"} title={describe(r)} data-testid={`run-${r.number}`}>
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
            <span className="tl-run-title">
              #{r.number} {r.graphName}
            </span>
          </span>
          {!isLive(r) && (
            <button type="button" className="tl-run-remove" aria-label={`Forget ${runLabel(r)}`} title="Forget this run" onClick={() => removeRun(store, r.id)}>
              ×
            </button>
          )}
          <span className={`tl-run-meta tl-run-${r.status}`}>{summary(r)}</span>
        </li>
      ))}
    </ul>
  );
}
