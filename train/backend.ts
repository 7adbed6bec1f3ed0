/**
 * Picks the tfjs backend: the first of `preference` that initialises, e.g. WebGL → WASM → CPU
 * in the browser, WASM → CPU in Node. Returns the backend actually in use.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export type BackendName = "webgl" | "wasm" | "cpu";

export async function initBackend(preference: BackendName[] = ["wasm", "cpu"]): Promise<BackendName> {
  for (const name of preference) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return tf.getBackend() as BackendName;
      }
    } catch {
      // try the next one
    }
  }
  await tf.setBackend("cpu");
  return "cpu";
}
