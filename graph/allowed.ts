/** Plain words for what a param accepts, shared by document errors and edit refusals. */
import { z } from "zod";

/** `an integer from 1 to 1000000`, `one of "relu", "gelu"`, `true or false`; undefined for other kinds. */
export function describeRange(schema: z.ZodType): string | undefined {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodNumber) {
    const limit = (v: number | null) => (v !== null && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);
    const [min, max] = [limit(s.minValue), limit(s.maxValue)];
    const kind = s.isInt ? "an integer" : "a number";
    if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
    if (min !== undefined) return `${kind} ≥ ${min}`;
    return max !== undefined ? `${kind} ≤ ${max}` : kind;
  }
  if (s instanceof z.ZodEnum) return `one of ${s.options.map((o) => JSON.stringify(o)).join(", ")}`;
  if (s instanceof z.ZodBoolean) return "true or false";
  return undefined;
}
