/**
 * The training worker: the trainer core (tfjs, the compiled model, the trainer) exposed to the
 * page with Comlink. It loads the wasm binaries from /tfjs-wasm/ (copied there by
 * scripts/copy-wasm.mjs) and watches the WebGL canvas: a lost context moves training to WASM.
 */
import * as Comlink from "comlink";
import { createTrainerCore, loseWebglContext, watchWebglContext } from "@/train";
import type { WorkerApi } from "./client";

/** Watches each backend as it starts (only WebGL has a context to lose), dropping the previous watch. */
function contextWatcher(onLost: () => void): () => void {
  let unwatch = () => {};
  return () => {
    unwatch();
    unwatch = watchWebglContext(onLost);
  };
}

const core = createTrainerCore({
  wasmPath: "/tfjs-wasm/",
  onBackend: contextWatcher(() => core.backendLost("the WebGL context was lost")),
});

const api: WorkerApi = { ...core, loseWebglContext: async () => loseWebglContext() };

Comlink.expose(api);
