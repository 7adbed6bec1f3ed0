/**
 * Checkpoints: a session's weights, optimizer moments and step as plain data (typed arrays),
 * so the page can keep them in IndexedDB and a later session — after a reload — can go on
 * from them. The data stream is not part of it: a resumed run draws its batches anew from the
 * run's seed, so its curve continues the old one but the exact batches after the step differ.
 */
import * as tf from "@tensorflow/tfjs";
import type { Checkpoint, WeightSpec } from "./protocol";
import type { Session } from "./session";
import { setWeightsFrom } from "./weights";

const DTYPES = new Set<WeightSpec["dtype"]>(["float32", "int32", "bool"]);

/**
 * Reads the session's weights and trainer state (call between steps).
 * @example const c = await takeCheckpoint(session); // { step: 400, specs: [...], data, optimizer }
 */
export async function takeCheckpoint(session: Session): Promise<Checkpoint> {
  const weights = session.compiled.model.weights;
  const specs: WeightSpec[] = [];
  const parts: Uint8Array[] = [];
  for (const [i, w] of weights.entries()) {
    const tensor = w.read();
    const values = await tensor.data();
    const dtype = w.dtype as WeightSpec["dtype"];
    if (!DTYPES.has(dtype)) throw new Error(`weight ${w.originalName} has dtype ${w.dtype}, which a checkpoint cannot hold`);
    specs.push({ name: `w${i}`, shape: [...tensor.shape], dtype });
    // bool and int32 values are stored as int32, float32 as float32: 4 bytes each.
    const typed = dtype === "float32" ? Float32Array.from(values as Float32Array) : Int32Array.from(values as Int32Array);
    parts.push(new Uint8Array(typed.buffer));
  }
  const data = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.byteLength;
  }
  const state = await session.trainer.state();
  return { step: state.step, elapsedMs: state.elapsedMs, specs, data: data.buffer, optimizer: state.optimizer };
}

/**
 * Loads a checkpoint into a session of the same graph: the weights always; with `continueRun`
 * also the optimizer moments and the step, so training goes on where it stopped. Throws with
 * the first weight that does not fit.
 */
export function applyCheckpoint(session: Session, checkpoint: Checkpoint, continueRun: boolean): void {
  const artifacts: tf.io.ModelArtifacts = {
    weightSpecs: checkpoint.specs.map((s) => ({ name: s.name, shape: s.shape, dtype: s.dtype === "bool" ? "int32" : s.dtype })),
    weightData: checkpoint.data,
  };
  setWeightsFrom(session.compiled.model, artifacts, `the checkpoint of step ${checkpoint.step}`);
  if (continueRun) {
    if (checkpoint.step > session.config.steps)
      throw new Error(`the checkpoint is at step ${checkpoint.step}, past the run's ${session.config.steps} steps`);
    session.trainer.restore({ step: checkpoint.step, elapsedMs: checkpoint.elapsedMs, optimizer: checkpoint.optimizer });
  }
}
