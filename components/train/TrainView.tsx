"use client";
/**
 * The Train tab's layout: run controls and status on the left; on the right, sub-tabs for the
 * settings, the live curves and the panels that look inside the model.
 */
import { useMemo } from "react";
import { useEditor, useEditorStore } from "../editor/context";
import { useAnalysis } from "../editor/useAnalysis";
import { useTrainContext, useTrain } from "./context";
import { CurvesPanel } from "./CurvesPanel";
import { ActivationPanel } from "./panels/ActivationPanel";
import { AttentionPanel } from "./panels/AttentionPanel";
import { BoundaryPanel } from "./panels/BoundaryPanel";
import { GeneratePanel } from "./panels/GeneratePanel";
import { SequencePanel } from "./panels/SequencePanel";
import { PANEL_LABELS, panelsFor } from "./panelsFor";
import { BackendPicker, RunControls } from "./RunControls";
import { ModelNotLoaded, StorageProblem } from "./RunNotices";
import { RunsPanel } from "./RunsPanel";
import { activeRun } from "./runStore";
import { settingsFromDocument, settingsProblem } from "./settings";
import type { TrainSettings } from "./settings";
import { SetupPanel } from "./SetupPanel";
import { modelFingerprint } from "./staleness";

export function TrainView() {
  const { store, controller } = useTrainContext();
  const editor = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const analysis = useAnalysis(doc);
  const fingerprint = useMemo(() => modelFingerprint(doc), [doc]);
  const training = doc.meta.training;
  const draft = useTrain((s) => s.draft);
  const run = useTrain(activeRun);
  const panel = useTrain((s) => s.panel);
  const modelRunId = useTrain((s) => s.modelRunId);

  const settings: TrainSettings = useMemo(() => (draft && draft.basis === training ? draft.settings : settingsFromDocument(training)), [draft, training]);
  const setSettings = (next: TrainSettings) => store.setState({ draft: { basis: training, settings: next } });
  /** Writes the settings into the document's meta.training (one undo step); they then travel with it. */
  const keepInDocument = () => {
    editor.getState().edit((d) => ({ ...d, meta: { ...d.meta, training: { dataset: settings.dataset, config: settings.config } } }));
    store.setState({ flash: { kind: "info", text: "Training settings saved in the document" } });
  };

  const firstError = analysis.diagnostics.find((d) => d.severity === "error");
  const graphProblem = firstError ? `The graph cannot train: ${firstError.message}${firstError.nodeId ? ` (${firstError.groupId ? `${firstError.groupId} › ` : ""}${firstError.nodeId})` : ""}. See Problems.` : undefined;
  const settingsIssue = settingsProblem(settings);
  const stale = run !== undefined && run.fingerprint !== fingerprint;

  const panels = panelsFor(run?.info);
  // The Runs view sits beside Curves: every document has it.
  panels.splice(2, 0, "runs");
  const shown = panels.includes(panel) ? panel : "curves";
  // Panels that ask the model need this run's model in the worker (after a reload it is loaded from storage).
  const inWorker = run !== undefined && run.id === modelRunId;

  return (
    <section className="tl-train" data-testid="train-tab" aria-label="Train">
      <StorageProblem />
      <div className="tl-train-grid">
        <RunControls
          graphProblem={graphProblem}
          settingsProblem={settingsIssue}
          stale={stale}
          onStart={() => void controller.start({ doc, fingerprint, settings })}
        />
        <div className="tl-train-main">
          <div className="tl-subtabs" role="tablist" aria-label="Training views">
            {panels.map((p) => (
              <button
                key={p}
                type="button"
                role="tab"
                aria-selected={shown === p}
                className={shown === p ? "tl-subtab tl-subtab-active" : "tl-subtab"}
                onClick={() => store.setState({ panel: p })}
                data-testid={`train-panel-${p}`}
              >
                {PANEL_LABELS[p]}
              </button>
            ))}
            <BackendPicker />
          </div>
          <div className="tl-train-body">
            {shown === "setup" && <SetupPanel settings={settings} onChange={setSettings} onKeep={keepInDocument} run={run} />}
            {shown === "curves" && <CurvesPanel />}
            {shown === "runs" && <RunsPanel />}
            {run?.info && !inWorker && !["setup", "curves", "runs"].includes(shown) && <ModelNotLoaded run={run} />}
            {run?.info && inWorker && shown === "generate" && <GeneratePanel key={run.id} run={run} />}
            {run?.info && inWorker && shown === "boundary" && <BoundaryPanel key={run.id} run={run} />}
            {run?.info && inWorker && shown === "sequences" && <SequencePanel key={run.id} run={run} />}
            {run?.info && inWorker && shown === "attention" && <AttentionPanel key={run.id} run={run} />}
            {run?.info && inWorker && shown === "activations" && <ActivationPanel key={run.id} run={run} />}
          </div>
        </div>
      </div>
    </section>
  );
}
