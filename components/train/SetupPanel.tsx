"use client";
/**
 * The Setup sub-tab: the dataset (kind, its settings, pasted or uploaded text or CSV, a preview)
 * and the optimisation settings, as forms drawn from the zod schemas of `graph/training.ts`.
 */
import { useId, useState } from "react";
import { TrainConfigSchema } from "@/graph";
import type { RunRecord } from "./runStore";
import {
  changeKind,
  configFields,
  DATASET_KINDS,
  datasetFields,
  datasetSchema,
  datasetSummary,
  fieldApplies,
  MAX_DOCUMENT_DATA_CHARS,
  SHORT_LABELS,
} from "./settings";
import type { DatasetKind, TrainSettings } from "./settings";
import { SettingField } from "./SettingField";
import type { FieldDraft } from "./setupStore";
import type { DatasetSpec } from "./types";

interface Props {
  /** The document's settings (its meta.training, or the defaults that fit the graph). */
  settings: TrainSettings;
  /** The dataset with the text of a big file filled in when this page holds it. */
  dataset: DatasetSpec;
  /** Writes new settings into the document; edits with the same `merge` key join one undo step. */
  onChange(next: TrainSettings, merge?: string): void;
  /** New text or CSV (typed, pasted or from the file `name`). */
  onText(text: string, name: string | undefined): void;
  /** Fields left invalid, by key (`config.lr`), and where a field reports it. */
  invalid: Record<string, FieldDraft>;
  onInvalid(key: string, draft: FieldDraft | undefined): void;
  /** The active run: its preview is shown when it used these settings' dataset. */
  run: RunRecord | undefined;
}

/** Longest text accepted (the schema's limit), checked before reading a file. */
const MAX_TEXT = 20_000_000;

function TextSource({
  dataset,
  onChange,
}: {
  dataset: Extract<DatasetSpec, { kind: "text" | "csv" }>;
  onChange(text: string, name: string | undefined): void;
}) {
  const id = useId();
  const [error, setError] = useState<string | undefined>(undefined);
  const csv = dataset.kind === "csv";
  const big = dataset.text.length > 100_000;
  const missing = dataset.text === "" ? dataset.file : undefined;
  return (
    <div className="tl-setup-source">
      {missing && (
        <p className="tl-setting-error" role="alert" data-testid="train-data-missing">
          This document trains on {missing.name} ({(missing.size / 1e6).toFixed(1)} MB), too big to keep in the document: upload it again.
        </p>
      )}
      <textarea
        className="tl-train-textarea"
        aria-label={csv ? "CSV table" : "Training text"}
        placeholder={
          csv
            ? "Paste a table: a header row, then one example per line, e.g.\nsepal,petal,species\n5.1,1.4,setosa"
            : "Paste text to learn from (a few thousand characters or more)…"
        }
        spellCheck={false}
        data-testid="train-text"
        // A very large text is not put in the box (it would freeze typing); the summary says what is loaded.
        value={big ? `${dataset.text.slice(0, 2000)}\n…` : dataset.text}
        readOnly={big}
        onChange={(e) => onChange(e.target.value, undefined)}
      />
      <div className="tl-setup-source-actions">
        <label className="tl-button tl-button-small tl-file-button" htmlFor={id}>
          Upload {csv ? ".csv" : ".txt"}…
        </label>
        <input
          id={id}
          type="file"
          className="tl-visually-hidden"
          accept={csv ? ".csv,text/csv" : ".txt,text/plain"}
          data-testid="train-upload"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (!file) return;
            if (file.size > MAX_TEXT) {
              setError(`${file.name} is ${(file.size / 1e6).toFixed(1)} MB; the limit is 20 MB`);
              return;
            }
            setError(undefined);
            onChange(await file.text(), file.name);
          }}
        />
        {big && (
          <button type="button" className="tl-link" onClick={() => onChange("", undefined)}>
            clear
          </button>
        )}
        {error && <span className="tl-setting-error">{error}</span>}
      </div>
    </div>
  );
}

export function SetupPanel({ settings, dataset, onChange, onText, invalid, onInvalid, run }: Props) {
  const { config } = settings;
  const kindId = useId();
  const setDataset = (next: DatasetSpec, merge: string) => onChange({ ...settings, dataset: next }, merge);
  const preview = run?.info && run.settings.dataset === dataset ? run.info.preview : undefined;
  const schema = datasetSchema(dataset.kind);

  return (
    <div className="tl-setup" data-testid="train-setup">
      <section className="tl-setup-section tl-setup-data" aria-label="Data">
        <div className="tl-setup-head">
          <h3>Data</h3>
          <select
            id={kindId}
            className="tl-train-select"
            aria-label="Dataset kind"
            value={dataset.kind}
            data-testid="train-dataset-kind"
            title={DATASET_KINDS.find((k) => k.kind === dataset.kind)?.doc}
            onChange={(e) => onChange(changeKind(settings, e.target.value as DatasetKind))}
          >
            {DATASET_KINDS.map((k) => (
              <option key={k.kind} value={k.kind} title={k.doc}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="tl-setup-grid tl-setup-grid-2">
          {datasetFields(dataset.kind).map((f) => (
            <SettingField
              key={`${dataset.kind}-${f.key}`}
              field={f}
              values={dataset as unknown as Record<string, unknown>}
              schema={schema}
              label={SHORT_LABELS[f.key]}
              testId={`train-dataset-${f.key}`}
              invalid={invalid[`dataset.${f.key}`]}
              onInvalid={(d) => onInvalid(`dataset.${f.key}`, d)}
              onChange={(v) => setDataset({ ...settings.dataset, [f.key]: v } as DatasetSpec, `dataset.${f.key}`)}
            />
          ))}
        </div>
        {(dataset.kind === "text" || dataset.kind === "csv") && <TextSource dataset={dataset} onChange={onText} />}
        <div className="tl-preview" data-testid="train-preview">
          {preview ? (
            <>
              <p className="tl-preview-title">Examples ({run && `as run #${run.number} saw them`})</p>
              {preview.slice(0, 4).map((line, i) => (
                <p key={i} className="tl-preview-line" title={line}>
                  {line}
                </p>
              ))}
            </>
          ) : (
            <p className="tl-preview-line tl-muted" title="Examples appear here once a run has built the dataset">
              {datasetSummary(dataset)}
            </p>
          )}
        </div>
      </section>

      <section className="tl-setup-section tl-setup-train" aria-label="Optimisation">
        <div className="tl-setup-head">
          <h3>Optimisation</h3>
          <span
            className="tl-muted tl-setup-note"
            title={`Data and settings are saved with the document (text and tables up to ${(MAX_DOCUMENT_DATA_CHARS / 1e6).toFixed(0)} MB); every change can be undone`}
            data-testid="train-in-document"
          >
            saved in the document
          </span>
        </div>
        <div className="tl-setup-grid tl-setup-grid-3">
          {configFields()
            .filter((f) => fieldApplies(f.key, config))
            .map((f) => (
              <SettingField
                key={f.key}
                field={f}
                values={config as unknown as Record<string, unknown>}
                schema={TrainConfigSchema}
                label={SHORT_LABELS[f.key]}
                testId={`train-config-${f.key}`}
                invalid={invalid[`config.${f.key}`]}
                onInvalid={(d) => onInvalid(`config.${f.key}`, d)}
                onChange={(v) => onChange({ ...settings, config: { ...config, [f.key]: v } }, `config.${f.key}`)}
              />
            ))}
        </div>
      </section>
    </div>
  );
}
