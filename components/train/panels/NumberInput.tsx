"use client";
/** A labelled number input for panel knobs: keeps what is typed, reports only values in range. */
import { useId, useState } from "react";

interface Props {
  label: string;
  title: string;
  value: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  onChange(value: number): void;
  testId?: string;
}

export function NumberInput({ label, title, value, min, max, step, integer, onChange, testId }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const text = draft ?? String(value);
  const n = Number(text);
  const valid = text.trim() !== "" && Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n));
  return (
    <div className="tl-knob">
      <label htmlFor={id} title={title}>
        {label}
      </label>
      <input
        id={id}
        className="tl-train-input"
        type="number"
        min={min}
        max={max}
        step={step}
        value={text}
        title={valid ? title : `${integer ? "a whole number" : "a number"} from ${min} to ${max}`}
        aria-invalid={valid ? undefined : true}
        data-testid={testId}
        onChange={(e) => {
          const t = e.target.value;
          setDraft(t);
          const v = Number(t);
          if (t.trim() !== "" && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v))) onChange(v);
        }}
        onBlur={() => {
          if (valid) setDraft(undefined);
        }}
      />
    </div>
  );
}
