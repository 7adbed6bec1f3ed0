/**
 * The typing state of a form field generated from a zod schema, shared by the inspector's
 * params and the Train tab's settings. What the user types stays a draft until it parses and
 * `apply` accepts it, so an invalid value never leaves the field; a refusal is kept as the
 * field's error; Escape drops the draft; leaving a valid field shows the stored value again.
 */
import { useState } from "react";
import type { ChangeEvent, KeyboardEvent } from "react";
import type { FieldSpec } from "./fields";
import { formatFieldValue, parseFieldInput, stepOf } from "./fields";

/** Tries a value; returns the message to show when it is refused. */
export type ApplyValue = (value: unknown) => string | undefined;

/** `initial`: an invalid draft kept from an earlier mount of the same field (the Train tab keeps them). */
export function useFieldDraft(field: FieldSpec, value: unknown, apply: ApplyValue, initial?: { text: string; error: string }) {
  const [draft, setDraft] = useState<string | undefined>(initial?.text);
  const [error, setError] = useState<string | undefined>(initial?.error);
  /** A picked value (select, switch): applied at once, never kept as a draft. */
  const pick = (v: unknown) => setError(apply(v));
  /** The props of the text input: its value is the draft while there is one. */
  const textProps = {
    value: draft ?? formatFieldValue(field, value),
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const text = e.target.value;
      setDraft(text);
      const parsed = parseFieldInput(field, text);
      setError(parsed.ok ? apply(parsed.value) : parsed.message);
    },
    onBlur: () => {
      // A valid draft has reached the graph: show the stored value from now on.
      if (!error) setDraft(undefined);
    },
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === "Escape") {
        setDraft(undefined);
        setError(undefined);
      }
    },
  };
  return { draft, error, pick, textProps };
}

/** The attributes of a text input for a field: a number input with the schema's range, or plain text. */
export function inputAttributes(field: FieldSpec) {
  const numeric = field.kind === "number" || field.kind === "integer";
  return {
    type: numeric ? "number" : "text",
    inputMode: numeric ? (field.kind === "integer" ? "numeric" : "decimal") : undefined,
    min: numeric ? field.min : undefined,
    max: numeric ? field.max : undefined,
    step: numeric ? stepOf(field) : undefined,
    spellCheck: false,
    autoComplete: "off",
  } as const;
}
