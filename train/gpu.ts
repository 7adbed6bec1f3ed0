/**
 * GPU detection without tfjs, so the page can show the backend training will pick without
 * loading tfjs into its main bundle.
 */

/** True when WebGL is available but rendered in software (no GPU). */
export function softwareWebgl(): boolean {
  try {
    const canvas = typeof OffscreenCanvas !== "undefined" ? new OffscreenCanvas(1, 1) : document.createElement("canvas");
    const gl = (canvas.getContext("webgl2") ?? canvas.getContext("webgl")) as WebGLRenderingContext | null;
    if (!gl) return false;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return /swiftshader|llvmpipe|software|softpipe/i.test(renderer);
  } catch {
    return false;
  }
}

function hasWebgl(): boolean {
  try {
    const canvas = typeof OffscreenCanvas !== "undefined" ? new OffscreenCanvas(1, 1) : document.createElement("canvas");
    return !!(canvas.getContext("webgl2") ?? canvas.getContext("webgl"));
  } catch {
    return false;
  }
}

/** The backend `auto` picks here: WebGL on a real GPU, else WASM, else CPU. */
export function expectedBackend(): "webgl" | "wasm" | "cpu" {
  if (hasWebgl() && !softwareWebgl()) return "webgl";
  return typeof WebAssembly === "object" ? "wasm" : "cpu";
}
