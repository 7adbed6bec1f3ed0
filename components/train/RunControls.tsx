"use client";
/**
 * The left column of the Train tab: Start, Pause/Resume, Stop and Reset; the progress of the
 * active run; what went wrong or changed; the backend and the weights of the model.
 */
import { useId } from "react";
import type { ReactNode } from "react";
import { useTrainContext, useTrain } from "./context";
import { formatDuration, formatLoss, formatMs, formatRate, etaMs, rateUnit } from "./progress";
import { activeRun, activeTime, isLive, modelRun, resumable, runLabel } from "./runStore";
import type { RunRecord } from "./runStore";
import type { BackendChoice } from "./types";
import { useNow } from "./useNow";
import { WeightsActions } from "./WeightsActions";

const BACKENDS: { value: BackendChoice; label: string }[] = [
  { value: "auto", label: "auto" },
  { value: "webgl", label: "WebGL" },
  { value: "wasm", label: "WASM" },
  { value: "cpu", label: "CPU" },
];

const STATUS_TEXT: Record<RunRecord["status"], string> = {
  starting: "compiling…",
  running: "training",
  paused: "paused",
  done: "done",
  stopped: "stopped",
  diverged: "diverged",
  failed: "failed",
  interrupted: "interrupted",
};

/** The worker writes messages in lower case (they also appear mid-sentence); a box starts with a capital. */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

interface Props {
  /** Why the graph cannot train (its first error); undefined when it can. */
  graphProblem: string | undefined;
  /** Why the data or settings cannot start a run yet (the first of `problems`), for Start's tooltip. */
  settingsProblem: string | undefined;
  /** The list of every data and settings problem, shown under the buttons while no run is live. */
  problems?: ReactNode;
  /** The document no longer builds the active run's model. */
  stale: boolean;
  onStart(): void;
}

function Progress({ run }: { run: RunRecord | undefined }) {
  const ticking = run?.status === "running";
  const now = useNow(1000, ticking);
  if (!run) {
    return (
      <div className="tl-train-progress-wrap">
        <div className="tl-progress" role="progressbar" aria-valuemin={0} aria-valuemax={1} aria-valuenow={0} data-testid="train-progress">
          <div className="tl-progress-fill" style={{ width: "0%" }} />
        </div>
        <p className="tl-train-line tl-muted">
          <span>
            <span data-testid="train-step">No run yet</span>: set up the data and press Start.
          </span>
        </p>
      </div>
    );
  }
  const total = run.settings.config.steps;
  const step = run.last?.step ?? 0;
  const elapsed = activeTime(run, now);
  const eta = run.status === "running" ? etaMs(run.pace, total) : undefined;
  const unit = rateUnit(run.settings.dataset.kind);
  return (
    <div className="tl-train-progress-wrap">
      <div
        className={`tl-progress tl-progress-${run.status}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={step}
        aria-label={`step ${step} of ${total}`}
        data-testid="train-progress"
      >
        <div className="tl-progress-fill" style={{ width: `${Math.min(100, (step / total) * 100)}%`, background: run.color }} />
      </div>
      <p className="tl-train-line">
        <span className="tl-train-status" data-status={run.status} data-testid="train-status">
          {STATUS_TEXT[run.status]}
        </span>
        <span data-testid="train-step" className="tl-num">
          step {step.toLocaleString("en-US")} / {total.toLocaleString("en-US")}
        </span>
        <span className="tl-num" title="Training time so far, pauses left out">
          {formatDuration(elapsed)}
        </span>
        {run.status === "running" && (
          <span className="tl-num" title="Time left at the pace of the last ten seconds">
            ETA {formatDuration(eta)}
          </span>
        )}
      </p>
      <p className="tl-train-line tl-muted">
        <span className="tl-num" title={`Smoothed ${unit === "tokens/s" ? "positions" : "examples"} trained per second`}>
          {formatRate(run.rate)} {unit}
        </span>
        <span className="tl-num" title="Smoothed time of one optimisation step">
          {formatMs(run.msPerStep)} ms/step
        </span>
        <span className="tl-num" title={`${runLabel(run)}: training loss of the last step`}>
          loss {formatLoss(run.last?.loss)}
        </span>
      </p>
    </div>
  );
}

/** The backend override and the backend in use; locked while a run is live (the worker refuses a switch then). */
export function BackendPicker() {
  const id = useId();
  const { store, controller } = useTrainContext();
  const run = useTrain(activeRun);
  const choice = useTrain((s) => s.backendChoice);
  const backend = useTrain((s) => s.backend);
  const live = isLive(run);
  return (
    <div className="tl-backend-picker">
      <label className="tl-train-label" htmlFor={id}>
        Backend
      </label>
      <select
        id={id}
        className="tl-train-select"
        data-testid="backend-select"
        value={choice}
        disabled={live}
        title={live ? "Stop the run to change the backend" : "auto tries WebGL, then WASM, then CPU"}
        onChange={(e) => {
          const next = e.target.value as BackendChoice;
          store.setState({ backendChoice: next });
          void controller.init(next);
        }}
      >
        {BACKENDS.map((b) => (
          <option key={b.value} value={b.value}>
            {b.label}
          </option>
        ))}
      </select>
      <span className="tl-backend" data-testid="train-backend" title="The backend the training worker is using">
        {backend ? `using ${backend}` : "starting…"}
      </span>
    </div>
  );
}

export function RunControls({ graphProblem, settingsProblem, problems, stale, onStart }: Props) {
  const { store, controller } = useTrainContext();
  const run = useTrain(activeRun);
  const flash = useTrain((s) => s.flash);
  const loaded = useTrain(modelRun);
  const live = isLive(run);
  const errors: string[] = [];
  if (run?.status === "diverged" && run.message) errors.push(sentence(run.message));
  const interrupted =
    run?.status !== "interrupted"
      ? undefined
      : run.checkpoint
        ? `This run was interrupted (the page closed while it trained). Resume goes on from its last save, step ${run.checkpoint.step.toLocaleString("en-US")}.`
        : "This run was interrupted before its weights were first saved: start a new run.";
  if (run?.status === "failed") {
    errors.push(`Run failed: ${run.message ?? "the worker stopped"}`);
    for (const d of run.diagnostics?.slice(1, 3) ?? []) errors.push(d.message);
  }
  if (graphProblem && !live) errors.push(graphProblem);
  const startProblem = graphProblem ?? settingsProblem;

  return (
    <aside className="tl-train-side">
      <div className="tl-train-buttons">
        <button
          type="button"
          className="tl-button tl-button-primary"
          data-testid="train-start"
          disabled={live || startProblem !== undefined}
          title={startProblem ?? "Compile the graph and train it in a worker"}
          onClick={onStart}
        >
          Start
        </button>
        {run?.status === "paused" ? (
          <button type="button" className="tl-button" data-testid="train-resume" onClick={() => controller.resume()}>
            Resume
          </button>
        ) : run && resumable(run) ? (
          <button
            type="button"
            className="tl-button"
            data-testid="train-resume"
            title={`Go on from the saved step ${run.checkpoint?.step.toLocaleString("en-US")}`}
            onClick={() => void controller.resumeRun(run.id)}
          >
            Resume
          </button>
        ) : (
          <button
            type="button"
            className="tl-button"
            data-testid="train-pause"
            disabled={run?.status !== "running"}
            onClick={() => controller.pause()}
          >
            Pause
          </button>
        )}
        <button type="button" className="tl-button" data-testid="train-stop" disabled={!live} onClick={() => controller.stop()}>
          Stop
        </button>
        <button
          type="button"
          className="tl-button"
          data-testid="train-reset"
          disabled={!loaded?.info || live}
          title={run?.info && live ? "Stop the run to reset its weights" : "Fresh random weights for this model (same seed, same weights)"}
          onClick={() => void controller.resetWeights()}
        >
          Reset weights
        </button>
      </div>

      {!live && problems}

      <Progress run={run} />

      <div className="tl-train-messages">
        {errors.length > 0 && (
          <div className="tl-train-msg tl-train-msg-error" role="alert" data-testid="train-error">
            {errors.map((e, i) => (
              <p key={i}>{e}</p>
            ))}
          </div>
        )}
        {interrupted && (
          <p className="tl-train-msg tl-train-msg-warning" data-testid="train-interrupted">
            {interrupted}
          </p>
        )}
        {stale && (
          <p className="tl-train-msg tl-train-msg-warning" data-testid="train-stale">
            The graph changed: start a new run. {run && `${runLabel(run)} trained the earlier graph.`}
          </p>
        )}
        {run?.notices.map((n, i) => (
          <p key={i} className="tl-train-msg tl-train-msg-info" data-testid="train-notice">
            {n}
          </p>
        ))}
        {flash && (
          <p className={`tl-train-msg tl-train-msg-${flash.kind}`} data-testid="train-flash">
            {flash.text}
            <button type="button" className="tl-train-dismiss" aria-label="Dismiss" onClick={() => store.setState({ flash: undefined })}>
              ×
            </button>
          </p>
        )}
      </div>

      <div className="tl-train-foot">
        <WeightsActions run={loaded} />
      </div>
    </aside>
  );
}
