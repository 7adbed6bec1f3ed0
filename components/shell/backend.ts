/**
 * The compute backend training will pick, WebGL → WASM → CPU, judged from what the browser
 * offers. The training worker reports the backend it actually initialised.
 */
export function detectBackend(): string {
  try {
    const canvas = document.createElement("canvas");
    if (canvas.getContext("webgl2") || canvas.getContext("webgl")) return "WebGL";
  } catch {
    // fall through
  }
  return typeof WebAssembly === "object" ? "WASM" : "CPU";
}
