"use client";
/**
 * One parameter of the selected block as a form control. What the user types stays in local
 * state until it is valid; only a valid value is handed to `apply`, and a refusal is shown
 * under the field, so an invalid value never reaches the graph.
 */
import { useId } from "react";
import type { FieldSpec } from "./fields";
import { formatFieldValue, humanize, rangeText } from "./fields";
import { inputAttributes, useFieldDraft } from "./useFieldDraft";

export interface Choice {
  value: string;
  label: string;
}

export interface ParamFieldProps {
  field: FieldSpec;
  value: unknown;
  /** Tries a value on the graph; returns the message to show when it is refused. */
  apply(value: unknown): string | undefined;
  /** Offers these values in a select instead of a text input (Linear's tieTo: the Embeddings). */
  choices?: Choice[];
  /** Replaces the field's name as its label. */
  label?: string;
}

export function ParamField({ field, value, apply, choices, label }: ParamFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const { draft, error, pick, textProps } = useFieldDraft(field, value, apply);
  const range = field.kind === "number" || field.kind === "integer" || field.kind === "numberList" ? rangeText(field) : undefined;
  const hint = [field.doc, range && (field.kind === "numberList" ? `each ${range}` : range)].filter(Boolean).join(" · ");

  const common = {
    id,
    "data-testid": `param-${field.key}`,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? errorId : undefined,
  } as const;

  let control;
  if (choices || field.kind === "enum") {
    const options = choices ?? (field.options ?? []).map((o) => ({ value: o, label: o }));
    const current = String(value ?? "");
    control = (
      <select {...common} className="tl-select" value={current} onChange={(e) => pick(e.target.value)}>
        {!options.some((o) => o.value === current) && <option value={current}>{current} (missing)</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === "boolean") {
    control = (
      <span className="tl-switch">
        <input {...common} type="checkbox" role="switch" checked={value === true} onChange={(e) => pick(e.target.checked)} />
        <span className="tl-switch-track" aria-hidden />
      </span>
    );
  } else {
    control = (
      <input
        {...common}
        {...inputAttributes(field)}
        className="tl-input"
        maxLength={field.kind === "string" ? field.maxLength : undefined}
        placeholder={field.kind === "numberList" ? "e.g. 4, 32" : undefined}
        {...textProps}
      />
    );
  }

  return (
    <div className={`tl-field tl-field-${field.kind}${error ? " tl-field-invalid" : ""}`}>
      <div className="tl-field-row">
        <label className="tl-field-label" htmlFor={id} title={field.key}>
          {label ?? humanize(field.key)}
        </label>
        <div className="tl-field-control">{control}</div>
      </div>
      {error && (
        <p className="tl-field-error" id={errorId} data-testid={`param-error-${field.key}`} role="alert">
          {error}
          {draft !== undefined && (
            <span className="tl-field-escape"> · Esc restores {formatFieldValue(field, value) || "the saved value"}</span>
          )}
        </p>
      )}
      {hint && <p className="tl-field-hint">{hint}</p>}
    </div>
  );
}
