/**
 * The presets, in the order of the learning path MLP → LSTM → TCN → Transformer → GPT. Each is a
 * parameterised factory: `buildPreset("gpt", { nLayer: 2 })`.
 */
import type { GraphDocument } from "../graph";
import { gpt } from "./gpt";
import { lstm } from "./lstm";
import { mlp } from "./mlp";
import type { Preset } from "./preset";
import { tcn } from "./tcn";
import { transformer } from "./transformer";

export const presets: readonly Preset[] = [mlp, lstm, tcn, transformer, gpt];

export function getPreset(id: string): Preset | undefined {
  return presets.find((p) => p.id === id);
}

export type BuildPresetResult = { ok: true; graph: GraphDocument } | { ok: false; message: string };

/**
 * Builds a preset with some params overridden; unknown keys and invalid values are refused.
 * @example buildPreset("gpt", { nLayer: 2 }) // { ok: true, graph }
 */
export function buildPreset(id: string, overrides: Record<string, unknown> = {}): BuildPresetResult {
  const preset = getPreset(id);
  if (!preset) return { ok: false, message: `unknown preset "${id}"; choose one of ${presets.map((p) => p.id).join(", ")}` };
  const known = Object.keys(preset.params.shape);
  const unknown = Object.keys(overrides).filter((k) => !known.includes(k));
  if (unknown.length) return { ok: false, message: `preset ${id} has no parameter "${unknown[0]}"; it has ${known.join(", ")}` };
  const parsed = preset.params.safeParse(overrides);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `preset ${id}: ${issue.path.join(".")}: ${issue.message}` };
  }
  return { ok: true, graph: preset.build(parsed.data) };
}

export { gpt, lstm, mlp, tcn, transformer };
export type { Preset };
