/**
 * Which "look inside" panels apply to a run: text generation for language models trained on
 * text, the decision boundary for 2-D points, examples for sequence tasks, attention maps where
 * the model has attention, activations for any model that exists.
 */
import type { PanelId } from "./runStore";
import type { RunInfo } from "./types";

export const PANEL_LABELS: Record<PanelId, string> = {
  setup: "Setup",
  curves: "Curves",
  runs: "Runs",
  generate: "Generate",
  boundary: "Boundary",
  sequences: "Sequences",
  attention: "Attention",
  activations: "Activations",
};

export function panelsFor(info: RunInfo | undefined): PanelId[] {
  const out: PanelId[] = ["setup", "curves"];
  if (!info) return out;
  if (info.kind === "language_model" && !info.sequenceTask && info.vocabulary) out.push("generate");
  if (info.pointsTask) out.push("boundary");
  if (info.sequenceTask) out.push("sequences");
  if (info.attention.length > 0) out.push("attention");
  out.push("activations");
  return out;
}
