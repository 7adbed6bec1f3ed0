"use client";
/**
 * The Runs sub-tab: every run of this document with its name (editable), status, lineage and
 * what differs from the run it is compared with; Resume, Continue, Delete; then the runs'
 * decision boundaries and attention maps side by side, and what they take in storage.
 */
import { useId, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { useTrainContext, useTrain } from "./context";
import { formatAccuracy, formatLoss } from "./progress";
import { describeDiff, runDiff } from "./runDiff";
import { RunsCompare } from "./RunsCompare";
import { docRuns, isLive, removeRun, resumable, runLabel, updateRun } from "./runStore";
import type { RunRecord } from "./runStore";
import { StorageView } from "./StorageView";

const STATUS: Record<RunRecord["status"], string> = {
  starting: "compiling",
  running: "training",
  paused: "paused",
  done: "done",
  stopped: "stopped",
  diverged: "diverged",
  failed: "failed",
  interrupted: "interrupted",
};

function result(r: RunRecord): string {
  const step = r.last?.step ?? 0;
  const parts = [`step ${step.toLocaleString("en-US")} / ${r.settings.config.steps.toLocaleString("en-US")}`];
  const loss = r.last?.valLoss ?? r.last?.loss;
  if (loss !== undefined) parts.push(`loss ${formatLoss(loss)}`);
  const acc = r.last?.valAccuracy ?? r.boundary?.accuracy;
  if (acc !== undefined) parts.push(`accuracy ${formatAccuracy(acc)}`);
  return parts.join(" · ");
}

function RunRow({ run, base, runs }: { run: RunRecord; base: RunRecord | undefined; runs: RunRecord[] }) {
  const { store, controller, keeper } = useTrainContext();
  const activeId = useTrain((s) => s.activeId);
  const anyLive = useTrain((s) => s.runs.some(isLive));
  const parent = run.parent ? runs.find((r) => r.id === run.parent?.id) : undefined;
  const ended = !isLive(run);
  const n = run.number;
  return (
    <li
      className={run.id === activeId ? "tl-runs-row tl-run-active" : "tl-runs-row"}
      data-testid={`runs-row-${n}`}
      data-status={run.status}
      data-checkpoint-step={run.checkpoint?.step}
    >
      <span className="tl-run-swatch tl-runs-swatch" style={{ background: run.color }} aria-hidden />
      <input
        className="tl-train-input tl-runs-name"
        value={run.name}
        placeholder={`run ${n}`}
        aria-label={`Name of run ${n}`}
        maxLength={80}
        data-testid={`run-name-${n}`}
        onChange={(e) => updateRun(store, run.id, { name: e.target.value })}
        onBlur={() => void keeper.save(run.id)}
        onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
      />
      <span className={`tl-runs-status tl-run-${run.status}`}>{STATUS[run.status]}</span>
      <span className="tl-runs-result tl-num">{result(run)}</span>
      <span className="tl-runs-diff" data-testid={`run-diff-${n}`}>
        {base && base.id !== run.id ? `vs ${runLabel(base)}: ${describeDiff(runDiff(base, run))}` : "the run others are compared with"}
      </span>
      {run.parent && (
        <span className="tl-runs-lineage" data-testid={`run-lineage-${n}`}>
          continued from {parent ? runLabel(parent) : "a deleted run"} at step {run.parent.step.toLocaleString("en-US")}
        </span>
      )}
      <span className="tl-runs-actions">
        <button
          type="button"
          className="tl-button tl-button-small"
          onClick={() => store.setState({ activeId: run.id })}
          disabled={run.id === activeId}
          title="Pick this run for the controls and panels"
        >
          Pick
        </button>
        {resumable(run) && (
          <button
            type="button"
            className="tl-button tl-button-small"
            disabled={anyLive}
            data-testid={`run-resume-${n}`}
            title={`Go on from step ${run.checkpoint?.step ?? 0}`}
            onClick={() => void controller.resumeRun(run.id)}
          >
            Resume
          </button>
        )}
        {ended && run.checkpoint && (
          <button
            type="button"
            className="tl-button tl-button-small"
            disabled={anyLive}
            data-testid={`run-continue-${n}`}
            title="A new run that starts from these weights (fresh optimizer and schedule)"
            onClick={() => void controller.continueFrom(run.id)}
          >
            Continue
          </button>
        )}
        {ended && (
          <button
            type="button"
            className="tl-button tl-button-small"
            data-testid={`run-delete-${n}`}
            title="Delete this run, its curves and its weights"
            onClick={() => {
              removeRun(store, run.id);
              void keeper.remove(run.id);
            }}
          >
            Delete
          </button>
        )}
      </span>
    </li>
  );
}

export function RunsPanel() {
  const runs = useTrain(useShallow(docRuns));
  const baseId = useId();
  const [baseRun, setBaseRun] = useState<string | undefined>(undefined);
  if (runs.length === 0)
    return (
      <p className="tl-muted tl-panel-note">
        No runs of this document yet: press Start. Runs are kept in this browser with their curves and weights.
      </p>
    );
  const base = runs.find((r) => r.id === baseRun) ?? runs[0];
  return (
    <div className="tl-runs-view" data-testid="runs-view">
      <div className="tl-panel-head">
        <div className="tl-knob">
          <label htmlFor={baseId}>Compare with</label>
          <select
            id={baseId}
            className="tl-train-select"
            value={base.id}
            onChange={(e) => setBaseRun(e.target.value)}
            data-testid="runs-base"
          >
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {runLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <p className="tl-muted">Tick runs in Curves to overlay them; their boundaries and attention maps are side by side below.</p>
      </div>
      <ul className="tl-runs-table" aria-label="Runs of this document">
        {runs.map((r) => (
          <RunRow key={r.id} run={r} base={base} runs={runs} />
        ))}
      </ul>
      <RunsCompare runs={runs.filter((r) => r.visible)} />
      <StorageView runs={runs} />
    </div>
  );
}
