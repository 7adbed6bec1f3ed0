"use client";
/**
 * One training setting as a compact control: a label and an input on one 24px row. What the
 * user types stays local until it is valid; the schema's doc and range are the tooltip.
 */
import { useId, useState } from "react";
import type { z } from "zod";
import { checkParam, formatFieldValue, humanize, parseFieldInput, rangeText, stepOf } from "../inspector/fields";
import type { FieldSpec } from "../inspector/fields";

interface Props {
  field: FieldSpec;
  /** The whole object the field belongs to, and its schema: a value is checked in context. */
  values: Record<string, unknown>;
  schema: z.ZodObject;
  onChange(value: unknown): void;
  label?: string;
  testId: string;
  disabled?: boolean;
}

export function SettingField({ field, values, schema, onChange, label, testId, disabled }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const value = values[field.key];
  const range = field.kind === "number" || field.kind === "integer" ? rangeText(field) : undefined;
  const tip = [field.doc, range].filter(Boolean).join(" · ");

  const tryValue = (v: unknown) => {
    const problem = checkParam(schema, values, field, v);
    setError(problem);
    if (!problem) onChange(v);
  };

  let control;
  if (field.kind === "enum") {
    control = (
      <select id={id} className="tl-train-select" value={String(value)} disabled={disabled} data-testid={testId} onChange={(e) => tryValue(e.target.value)}>
        {(field.options ?? []).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === "boolean") {
    control = <input id={id} type="checkbox" checked={value === true} disabled={disabled} data-testid={testId} onChange={(e) => tryValue(e.target.checked)} />;
  } else {
    const numeric = field.kind === "number" || field.kind === "integer";
    control = (
      <input
        id={id}
        className="tl-train-input"
        type={numeric ? "number" : "text"}
        inputMode={numeric ? (field.kind === "integer" ? "numeric" : "decimal") : undefined}
        min={numeric ? field.min : undefined}
        max={numeric ? field.max : undefined}
        step={numeric ? stepOf(field) : undefined}
        spellCheck={false}
        autoComplete="off"
        disabled={disabled}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        title={error ?? tip}
        value={draft ?? formatFieldValue(field, value)}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const parsed = parseFieldInput(field, text);
          if (parsed.ok) tryValue(parsed.value);
          else setError(parsed.message);
        }}
        onBlur={() => {
          if (!error) setDraft(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            setDraft(undefined);
            setError(undefined);
          }
        }}
      />
    );
  }

  return (
    <div className={error ? "tl-setting tl-setting-invalid" : "tl-setting"}>
      <label htmlFor={id} title={tip || field.key}>
        {label ?? humanize(field.key)}
      </label>
      {control}
      {error && (
        <p className="tl-setting-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
