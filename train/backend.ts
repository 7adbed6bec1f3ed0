/**
 * Picks the tfjs backend: the first of `preference` that initialises, e.g. WebGL → WASM → CPU
 * in the browser, WASM → CPU in Node. Returns the backend actually in use.
 */
import * as tf from "@tensorflow/tfjs";
import { softwareWebgl } from "./gpu";
// Importing the package also registers the "wasm" backend.
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

export type BackendName = "webgl" | "wasm" | "cpu";

export interface BackendOptions {
  /**
   * Where the page serves the `.wasm` binaries (e.g. `"/tfjs-wasm/"`); needed in the browser,
   * where the bundler does not ship them. Node finds them next to the package.
   */
  wasmPath?: string;
}

/** The order "auto" tries: WebGL only where a canvas can exist (a page or a worker with OffscreenCanvas). */
export function autoBackends(): BackendName[] {
  const canvas = typeof OffscreenCanvas !== "undefined" || typeof document !== "undefined";
  if (!canvas) return ["wasm", "cpu"];
  // WebGL on a software rasteriser (SwiftShader, llvmpipe: no GPU) trains ~10× slower than
  // wasm (measured in headless Chromium: GPT preset 65 vs 910 tokens/s), so wasm goes first.
  return softwareWebgl() ? ["wasm", "webgl", "cpu"] : ["webgl", "wasm", "cpu"];
}

/**
 * @example await initBackend(["webgl", "wasm", "cpu"], { wasmPath: "/tfjs-wasm/" }) // "webgl"
 */
export async function initBackend(preference: BackendName[] = ["wasm", "cpu"], options: BackendOptions = {}): Promise<BackendName> {
  if (options.wasmPath && preference.includes("wasm")) {
    try {
      setWasmPaths(options.wasmPath);
    } catch {
      // already initialised (or failed once): setBackend below reports which
    }
    // Single-threaded SIMD only: the threaded binary's pthread worker fails under Next's bundler.
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  }
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

interface WebGLBackendLike {
  gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext };
}

function webglContext(): WebGLRenderingContext | WebGL2RenderingContext | undefined {
  if (tf.getBackend() !== "webgl") return undefined;
  return (tf.backend() as unknown as WebGLBackendLike).gpgpu?.gl;
}

/** True when the WebGL backend is in use and its context has been lost. */
export function webglContextLost(): boolean {
  return webglContext()?.isContextLost() ?? false;
}

/**
 * Calls `onLost` when the WebGL backend's canvas loses its context (GPU reset, driver crash,
 * too many contexts). No-op on other backends. Returns a function that stops watching.
 */
export function watchWebglContext(onLost: () => void): () => void {
  const canvas = webglContext()?.canvas as (EventTarget & { addEventListener?: unknown }) | undefined;
  if (!canvas || typeof canvas.addEventListener !== "function") return () => {};
  const listener = () => onLost();
  canvas.addEventListener("webglcontextlost", listener);
  return () => canvas.removeEventListener("webglcontextlost", listener);
}

/** Loses the WebGL context on purpose (WEBGL_lose_context), to test the fallback; false if impossible. */
export function loseWebglContext(): boolean {
  const ext = webglContext()?.getExtension("WEBGL_lose_context");
  if (!ext) return false;
  ext.loseContext();
  return true;
}
