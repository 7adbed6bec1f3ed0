"use client";
/**
 * A labelled number input that keeps what is typed while it is not a valid value (marked
 * `aria-invalid`, its title saying what is allowed) and reports only valid values. The Cost tab,
 * the planner and the train panels' knobs all use it; each keeps its own wrapper class.
 */
import { useId, useState } from "react";

export interface NumberFieldProps {
  label: string;
  title: string;
  value: number;
  /** Lowest allowed value; with `aboveMin`, values must be greater than it. */
  min: number;
  max?: number;
  aboveMin?: boolean;
  integer?: boolean;
  step?: number | "any";
  onChange(value: number): void;
  testId?: string;
  /** Class of the wrapper that holds the label and the input. */
  className: string;
  inputClassName?: string;
}

/** What the field accepts, in words, for the title of an invalid entry: "a whole number from 1 to 4096". */
export function allowedRange({ min, max, aboveMin, integer }: Pick<NumberFieldProps, "min" | "max" | "aboveMin" | "integer">): string {
  const kind = integer ? "a whole number" : "a number";
  if (aboveMin && min === 0 && max === undefined) return `a positive ${integer ? "whole " : ""}number`;
  const low = `${aboveMin ? "above" : "from"} ${min.toLocaleString("en-US")}`;
  return max === undefined ? `${kind} ${low}` : `${kind} ${low} to ${max.toLocaleString("en-US")}`;
}

/** True when `text` is a number the field accepts. */
export function acceptsNumber(text: string, range: Pick<NumberFieldProps, "min" | "max" | "aboveMin" | "integer">): boolean {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) return false;
  if (range.aboveMin ? n <= range.min : n < range.min) return false;
  return (range.max === undefined || n <= range.max) && (!range.integer || Number.isInteger(n));
}

export function NumberField(props: NumberFieldProps) {
  const { label, title, value, min, max, integer, step, onChange, testId, className, inputClassName } = props;
  const id = useId();
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const text = draft ?? String(value);
  const invalid = draft !== undefined && !acceptsNumber(draft, props);
  return (
    <div className={className}>
      <label htmlFor={id} title={title}>
        {label}
      </label>
      <input
        id={id}
        className={inputClassName}
        type="number"
        min={props.aboveMin ? undefined : min}
        max={max}
        step={step ?? (integer ? 1 : "any")}
        value={text}
        aria-invalid={invalid || undefined}
        title={invalid ? allowedRange(props) : title}
        data-testid={testId}
        onChange={(e) => {
          setDraft(e.target.value);
          if (acceptsNumber(e.target.value, props)) onChange(Number(e.target.value));
        }}
        onBlur={() => {
          if (!invalid) setDraft(undefined);
        }}
      />
    </div>
  );
}
