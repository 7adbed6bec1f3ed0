"use client";
/**
 * Two notices of the Train tab: storage that could not take a save (what was not saved, that
 * the last good save is kept, how to free space), and a run whose model is not in the worker.
 */
import { useTrainContext, useTrain } from "./context";
import { isLive, runLabel } from "./runStore";
import type { RunRecord } from "./runStore";

export function StorageProblem() {
  const { store } = useTrainContext();
  const problem = useTrain((s) => s.storageProblem);
  if (!problem) return null;
  return (
    <div className="tl-train-banner" role="alert" data-testid="runs-storage-banner">
      <p>{problem}</p>
      <button type="button" className="tl-button tl-button-small" onClick={() => store.setState({ panel: "runs" })}>
        Show storage
      </button>
      <button type="button" className="tl-train-dismiss" aria-label="Dismiss" onClick={() => store.setState({ storageProblem: undefined })}>
        ×
      </button>
    </div>
  );
}

export function ModelNotLoaded({ run }: { run: RunRecord }) {
  const { controller } = useTrainContext();
  const busy = useTrain((s) => s.runs.some(isLive));
  return (
    <div className="tl-panel-note" data-testid="model-not-loaded">
      <p>
        The model of {runLabel(run)} is not in the training worker.
        {run.checkpoint
          ? ` Its weights of step ${run.checkpoint.step.toLocaleString("en-US")} are saved in this browser.`
          : " Its weights were not saved (or were dropped): its curves and snapshots are in Runs."}
      </p>
      {run.checkpoint && (
        <button
          type="button"
          className="tl-button"
          disabled={busy}
          title={busy ? "A run is training: the worker holds one model at a time" : undefined}
          onClick={() => void controller.loadRun(run.id)}
          data-testid="load-run"
        >
          Load its weights
        </button>
      )}
    </div>
  );
}
