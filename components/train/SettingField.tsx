"use client";
/**
 * One training setting as a compact control: a label and an input on one 24px row. What the
 * user types stays local until it is valid; the schema's doc and range are the tooltip.
 */
import { useEffect, useId } from "react";
import type { z } from "zod";
import { checkParam, humanize, rangeText } from "../inspector/fields";
import type { FieldSpec } from "../inspector/fields";
import { inputAttributes, useFieldDraft } from "../inspector/useFieldDraft";
import type { FieldDraft } from "./setupStore";

interface Props {
  field: FieldSpec;
  /** The whole object the field belongs to, and its schema: a value is checked in context. */
  values: Record<string, unknown>;
  schema: z.ZodObject;
  onChange(value: unknown): void;
  label?: string;
  testId: string;
  disabled?: boolean;
  /** The invalid text this field had when it was last shown, and where to report it (Start waits for it). */
  invalid?: FieldDraft;
  onInvalid?(draft: FieldDraft | undefined): void;
}

export function SettingField({ field, values, schema, onChange, label, testId, disabled, invalid, onInvalid }: Props) {
  const id = useId();
  const value = values[field.key];
  const range = field.kind === "number" || field.kind === "integer" ? rangeText(field) : undefined;
  const tip = [field.doc, range].filter(Boolean).join(" · ");

  const { draft, error, pick, textProps } = useFieldDraft(
    field,
    value,
    (v) => {
      const problem = checkParam(schema, values, field, v);
      if (!problem) onChange(v);
      return problem;
    },
    invalid,
  );
  const shown = draft ?? String(value);
  useEffect(() => onInvalid?.(error ? { text: shown, error } : undefined), [error, shown, onInvalid]);

  let control;
  if (field.kind === "enum") {
    control = (
      <select
        id={id}
        className="tl-train-select"
        value={String(value)}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => pick(e.target.value)}
      >
        {(field.options ?? []).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === "boolean") {
    control = (
      <input
        id={id}
        type="checkbox"
        checked={value === true}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => pick(e.target.checked)}
      />
    );
  } else {
    control = (
      <input
        id={id}
        {...inputAttributes(field)}
        className="tl-train-input"
        disabled={disabled}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        title={error ?? tip}
        {...textProps}
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
