/**
 * The inspector's form, described from a block's zod params schema: one field per key with
 * its kind, range, default, options and `.describe()` doc. Pure, so it is tested without a
 * browser; the React side only renders what this returns.
 */
import { z } from "zod";

export type FieldKind = "number" | "integer" | "enum" | "boolean" | "string" | "numberList";

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  /** Smallest allowed value (for a numberList: of each entry). */
  min?: number;
  /** Largest allowed value (for a numberList: of each entry). */
  max?: number;
  /** The schema's default; undefined when the key is required. */
  default?: unknown;
  /** Allowed values of an enum. */
  options?: string[];
  /** The `.describe()` text. */
  doc?: string;
  /** numberList: whether entries must be integers, and how many entries are allowed. */
  integerItems?: boolean;
  minItems?: number;
  maxItems?: number;
  /** string: length limits. */
  maxLength?: number;
}

/** The subset of JSON Schema that `z.toJSONSchema` emits for block params. */
interface JsonProp {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  description?: string;
  items?: JsonProp;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
}

/** Bounds zod fills in for "no limit" (safe-integer or float extremes) are no range at all. */
const bound = (v: number | undefined) => (v !== undefined && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);

function numberBounds(p: JsonProp): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  const min = bound(p.minimum ?? p.exclusiveMinimum);
  const max = bound(p.maximum ?? p.exclusiveMaximum);
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  return out;
}

function fieldOf(key: string, p: JsonProp): FieldSpec | undefined {
  const base: FieldSpec = { key, kind: "string" };
  if (p.default !== undefined) base.default = p.default;
  if (p.description) base.doc = p.description;
  const enumValues = p.enum ?? (p.const !== undefined ? [p.const] : undefined);
  if (enumValues) {
    if (!enumValues.every((v) => typeof v === "string")) return undefined;
    return { ...base, kind: "enum", options: enumValues as string[] };
  }
  switch (p.type) {
    case "integer":
    case "number":
      return { ...base, kind: p.type, ...numberBounds(p) };
    case "boolean":
      return { ...base, kind: "boolean" };
    case "string":
      return { ...base, kind: "string", ...(p.maxLength !== undefined ? { maxLength: p.maxLength } : {}) };
    case "array": {
      const item = p.items;
      if (!item || (item.type !== "integer" && item.type !== "number")) return undefined;
      const { min, max } = numberBounds(item);
      return {
        ...base,
        kind: "numberList",
        integerItems: item.type === "integer",
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
        ...(p.minItems !== undefined ? { minItems: p.minItems } : {}),
        ...(p.maxItems !== undefined ? { maxItems: p.maxItems } : {}),
      };
    }
    default:
      return undefined;
  }
}

/**
 * The form fields of a params schema, in key order. Keys of a kind the form cannot edit
 * (objects, unions) are left out.
 *
 * @example describeFields(getBlock("Linear")!.params)[0]
 * // { key: "units", kind: "integer", min: 1, max: 1000000, default: 64, doc: "Output features C_out" }
 */
export function describeFields(schema: z.ZodObject): FieldSpec[] {
  const json = z.toJSONSchema(schema, { unrepresentable: "any" }) as { properties?: Record<string, JsonProp> };
  return Object.entries(json.properties ?? {}).flatMap(([key, prop]) => fieldOf(key, prop) ?? []);
}

/** Keys whose words are names, not English. */
const NAMES: Record<string, string> = { rope: "RoPE" };

/** `"units"` → `"Units"`, `"returnSequences"` → `"Return sequences"`, `"tieTo"` → `"Tie to"`. */
export function humanize(key: string): string {
  if (Object.hasOwn(NAMES, key)) return NAMES[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const num = (v: number) => (Math.abs(v) >= 10_000 ? v.toLocaleString("en-US") : String(v));

/** The allowed range in plain words: `"1 – 1,000,000"`, `"≥ 0"`; undefined without bounds. */
export function rangeText(field: FieldSpec): string | undefined {
  const { min, max } = field;
  if (min !== undefined && max !== undefined) return `${num(min)} – ${num(max)}`;
  if (min !== undefined) return `≥ ${num(min)}`;
  if (max !== undefined) return `≤ ${num(max)}`;
  return undefined;
}

function bounds(field: FieldSpec): string {
  const { min, max } = field;
  if (min !== undefined && max !== undefined) return ` from ${num(min)} to ${num(max)}`;
  if (min !== undefined) return ` ≥ ${num(min)}`;
  return max !== undefined ? ` ≤ ${num(max)}` : "";
}

/**
 * What a field accepts, in words that name the range: `"an integer from 1 to 1,000,000"`,
 * `"1 to 6 integers from -1 to 1,000,000, separated by commas"`.
 */
export function allowedText(field: FieldSpec): string {
  switch (field.kind) {
    case "integer":
      return `an integer${bounds(field)}`;
    case "number":
      return `a number${bounds(field)}`;
    case "numberList": {
      const { minItems: lo, maxItems: hi } = field;
      const count =
        lo !== undefined && hi !== undefined
          ? `${lo} to ${hi} `
          : lo !== undefined
            ? `at least ${lo} `
            : hi !== undefined
              ? `at most ${hi} `
              : "";
      return `${count}${field.integerItems ? "integers" : "numbers"}${bounds(field)}, separated by commas`;
    }
    case "enum":
      return `one of ${(field.options ?? []).join(", ")}`;
    case "boolean":
      return "on or off";
    default:
      return field.maxLength !== undefined ? `text of at most ${field.maxLength} characters` : "text";
  }
}

/** The text an input shows for a stored value: `[4, 32]` → `"4, 32"`. */
export function formatFieldValue(field: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (field.kind === "numberList" && Array.isArray(value)) return value.join(", ");
  return String(value);
}

export type ParsedInput = { ok: true; value: unknown } | { ok: false; message: string };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Reads what the user typed into the value the schema checks. Only the form of the text is
 * checked here (a number, a list of numbers); ranges are the schema's job (`checkParam`).
 *
 * @example parseFieldInput(reshapeShape, "4, 32") // { ok: true, value: [4, 32] }
 */
export function parseFieldInput(field: FieldSpec, text: string): ParsedInput {
  const t = text.trim();
  switch (field.kind) {
    case "number":
    case "integer":
      if (!NUMBER.test(t)) return { ok: false, message: `Enter ${allowedText(field)}` };
      return { ok: true, value: Number(t) };
    case "numberList": {
      if (t === "") return { ok: false, message: `Enter ${allowedText(field)}` };
      const parts = t.split(",").map((s) => s.trim());
      const bad = parts.find((s) => !NUMBER.test(s));
      if (bad !== undefined)
        return { ok: false, message: `${bad === "" ? "An entry is empty" : `"${bad}" is not a number`}: enter ${allowedText(field)}` };
      return { ok: true, value: parts.map(Number) };
    }
    case "boolean":
      return t === "true" || t === "false" ? { ok: true, value: t === "true" } : { ok: false, message: "Must be true or false" };
    default:
      return { ok: true, value: text };
  }
}

/**
 * Checks one new value against the block's whole schema, with the node's other params as
 * they are. Returns the message to show under the field, or undefined when it is valid.
 *
 * @example checkParam(Linear.params, { units: 64 }, field("units"), 0)
 * // "Must be an integer from 1 to 1,000,000"
 */
export function checkParam(schema: z.ZodObject, params: Record<string, unknown>, field: FieldSpec, value: unknown): string | undefined {
  const parsed = schema.safeParse({ ...params, [field.key]: value });
  if (parsed.success) return undefined;
  const issue = parsed.error.issues.find((i) => i.path[0] === field.key);
  if (!issue) return undefined; // another key is invalid: the edit itself reports that
  if (field.kind === "string") {
    if (issue.code === "too_big" && field.maxLength !== undefined) return `At most ${field.maxLength} characters`;
    if (issue.code === "too_small") return "Must not be empty";
    return issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
  return `Must be ${allowedText(field)}`;
}

/** The `step` of a number input: 1 for integers, 0.05 for a rate in [0, 1], free otherwise. */
export function stepOf(field: FieldSpec): number | "any" {
  if (field.kind === "integer" || (field.kind === "numberList" && field.integerItems)) return 1;
  if (field.min === 0 && field.max !== undefined && field.max <= 1) return 0.05;
  return "any";
}
