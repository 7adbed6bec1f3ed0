/** Counting and naming analysis diagnostics for the Problems tab and its label. */
import type { Diagnostic } from "@/graph";

export interface ProblemCounts {
  errors: number;
  warnings: number;
}

export function countProblems(diagnostics: readonly Diagnostic[]): ProblemCounts {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { errors, warnings: diagnostics.length - errors };
}

/** `"2 errors, 1 warning"`; `"No problems"` when both are zero. */
export function problemsLabel({ errors, warnings }: ProblemCounts): string {
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return parts.length ? parts.join(", ") : "No problems";
}
