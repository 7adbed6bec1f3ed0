"use client";
/**
 * The Train tab's layout: run controls and status on the left; on the right, sub-tabs for the
 * settings, the live curves and the panels that look inside the model.
 */
import { useCallback, useMemo } from "react";
import { useStore } from "zustand";
import { checkTraining, defaultTraining, describeData } from "@/train/data";
import type { DataFix } from "@/train/data";
import { useEditor, useEditorStore } from "../editor/context";
import { useAnalysis, useStructure } from "../editor/useAnalysis";
import { useTrainContext, useTrain } from "./context";
import { CurvesPanel } from "./CurvesPanel";
import { ActivationPanel } from "./panels/ActivationPanel";
import { AttentionPanel } from "./panels/AttentionPanel";
import { BoundaryPanel } from "./panels/BoundaryPanel";
import { GeneratePanel } from "./panels/GeneratePanel";
import { SequencePanel } from "./panels/SequencePanel";
import { PANEL_LABELS, panelsFor } from "./panelsFor";
import { BackendPicker, RunControls } from "./RunControls";
import { ProblemList } from "./ProblemList";
import { ModelNotLoaded, StorageProblem } from "./RunNotices";
import { RunsPanel } from "./RunsPanel";
import { activeRun } from "./runStore";
import {
  datasetFields,
  fieldApplies,
  fixSettings,
  MAX_DOCUMENT_DATA_CHARS,
  placeData,
  resolveData,
  settingsFromDocument,
  settingsOf,
  SHORT_LABELS,
  withSettings,
} from "./settings";
import type { TrainSettings } from "./settings";
import { SetupPanel } from "./SetupPanel";
import { setFieldDraft, sha256Hex } from "./setupStore";
import type { FieldDraft } from "./setupStore";
import { modelFingerprint } from "./staleness";

export function TrainView() {
  const { store, controller, setup } = useTrainContext();
  const editor = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const structure = useStructure(doc);
  const analysis = useAnalysis(doc);
  const fingerprint = useMemo(() => modelFingerprint(doc), [doc]);
  const training = doc.meta.training;
  const run = useTrain(activeRun);
  const panel = useTrain((s) => s.panel);
  const files = useStore(setup, (s) => s.files);
  const allInvalid = useStore(setup, (s) => s.invalid);
  const modelRunId = useTrain((s) => s.modelRunId);

  // The settings are the document's (meta.training), or the defaults that fit this graph.
  // (`structure` keeps an earlier document object while only positions or meta change: read meta.training from `doc`.)
  const settings: TrainSettings = useMemo(
    () => settingsFromDocument(training, training === undefined ? defaultTraining(structure, analysis) : undefined),
    [structure, analysis, training],
  );
  /** Every settings edit is a document edit (undoable; typing into one field is one step). */
  const setSettings = (next: TrainSettings, merge?: string) =>
    editor.getState().edit((d) => withSettings(d, next), merge ? { merge: `train:${merge}` } : undefined);
  // Only fields on the form count: a field hidden since (another optimiser, another kind of data) is not in the way.
  const invalid = useMemo(() => {
    const dataKeys = new Set(datasetFields(settings.dataset.kind).map((f) => f.key));
    return Object.fromEntries(
      Object.entries(allInvalid).filter(([key]) =>
        key.startsWith("config.") ? fieldApplies(key.slice(7), settings.config) : dataKeys.has(key.slice(8)),
      ),
    );
  }, [allInvalid, settings]);
  const onInvalid = useCallback((key: string, draft: FieldDraft | undefined) => setFieldDraft(setup, key, draft), [setup]);

  const dataset = useMemo(() => resolveData(settings.dataset, files), [settings.dataset, files]);
  const regression = structure.nodes.some((n) => n.type === "Output" && n.params.kind === "regression");
  const facts = useMemo(
    () => describeData(dataset, { seed: settings.config.seed, regression }),
    [dataset, settings.config.seed, regression],
  );
  const problems = useMemo(
    () => checkTraining(structure, { dataset, config: settings.config, facts, analysis }),
    [structure, analysis, dataset, settings.config, facts],
  );
  /** New text or CSV: kept in the document up to the limit, named by a reference (and kept in this page) above it. */
  const onText = async (text: string, name: string | undefined) => {
    if (text.length <= MAX_DOCUMENT_DATA_CHARS) {
      const d = settings.dataset;
      if (d.kind === "text" || d.kind === "csv") setSettings({ ...settings, dataset: placeData(d, text) }, "text");
      return;
    }
    const hash = await sha256Hex(text);
    setup.setState((s) => ({ files: { ...s.files, [hash]: text } }));
    const now = settingsOf(editor.getState().doc);
    const d = now.dataset;
    if (d.kind !== "text" && d.kind !== "csv") return;
    const fileName = name ?? (d.kind === "csv" ? "pasted table" : "pasted text");
    const other =
      d.file && d.file.hash !== hash
        ? ` It differs from ${d.file.name}, which the document named before; the document now names this one.`
        : "";
    setSettings({ ...now, dataset: placeData(d, text, { name: fileName, size: text.length, hash }) });
    const mb = (n: number) => (n / 1e6).toFixed(1);
    store.setState({
      flash: {
        kind: "info",
        text: `${fileName} is ${mb(text.length)} MB, more than the ${mb(MAX_DOCUMENT_DATA_CHARS)} MB a document keeps: the document names it (name, size, SHA-256) and this page trains on it; after a reload, or on another computer, upload it again.${other}`,
      },
    });
  };
  const onFix = (fixes: DataFix[]) => {
    const ok = editor.getState().edit((d) => fixSettings(d, fixes, settings));
    if (ok) store.setState({ flash: { kind: "info", text: `Fixed: ${fixes.map((f) => f.label).join("; ")} (one undo step)` } });
  };

  const firstError = analysis.diagnostics.find((d) => d.severity === "error");
  const graphProblem = firstError
    ? `The graph cannot train: ${firstError.message}${firstError.nodeId ? ` (${firstError.groupId ? `${firstError.groupId} › ` : ""}${firstError.nodeId})` : ""}. See Problems.`
    : undefined;
  const invalidFields = Object.entries(invalid);
  const settingsIssue = invalidFields.length > 0 ? `${invalidFields[0][0]}: ${invalidFields[0][1].error}` : problems[0]?.message;
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
          problems={<ProblemList problems={problems} invalid={invalid} onFix={onFix} labels={SHORT_LABELS} />}
          stale={stale}
          onStart={() => void controller.start({ doc, fingerprint, settings: { dataset, config: settings.config } })}
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
            {shown === "setup" && (
              <SetupPanel
                settings={settings}
                dataset={dataset}
                onChange={setSettings}
                onText={(text, name) => void onText(text, name)}
                invalid={invalid}
                onInvalid={onInvalid}
                run={run}
              />
            )}
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
