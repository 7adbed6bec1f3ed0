/**
 * The compute backend training will pick (auto: WebGL on a real GPU → WASM → CPU), shown
 * before the training worker reports the one it actually initialised.
 */
// Imported directly, not through "@/train", whose index loads tfjs.
import { expectedBackend } from "@/train/gpu";

const NAMES = { webgl: "WebGL", wasm: "WASM", cpu: "CPU" } as const;

export function detectBackend(): string {
  return NAMES[expectedBackend()];
}
