/** Sessions from presets for the training tests: the real path, createSession → trainer. */
import type { DatasetSpec, TrainConfig } from "@/graph";
import { buildPreset } from "@/presets";
import { createSession } from "@/train";
import type { Session } from "@/train";

/**
 * Builds preset `id` with `params`, then a session with its training defaults changed by `config`.
 * @example const s = presetSession("gpt", { nLayer: 1 }, { steps: 50 });
 */
export function presetSession(
  id: string,
  params: Record<string, unknown> = {},
  config: Partial<TrainConfig> = {},
  dataset?: DatasetSpec,
): Session {
  const built = buildPreset(id, params);
  if (!built.ok) throw new Error(built.message);
  const r = createSession(built.graph, { config, ...(dataset ? { dataset } : {}) });
  if (!r.ok) throw new Error(r.message);
  return r.session;
}
