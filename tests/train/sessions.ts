/** Sessions from presets for the training tests: the real path, createSession → trainer. */
import * as tf from "@tensorflow/tfjs";
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

/** Accuracy over the whole validation split of a points task, one forward pass. */
export function pointsValAccuracy(session: Session): number {
  const p = session.bundle.points!;
  const n = p.y.length - p.valStart;
  return tf.tidy(() => {
    const x = tf.tensor2d(p.x.subarray(p.valStart * 2), [n, 2]);
    const pred = (session.compiled.model.predict(x) as tf.Tensor).argMax(-1);
    return tf
      .equal(pred, tf.tensor1d(p.y.subarray(p.valStart), "int32"))
      .toFloat()
      .mean()
      .dataSync()[0];
  });
}
