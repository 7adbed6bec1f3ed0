/** The backend's matmul peak: a 1024×1024×1024 2-D untransposed matmul (wasm's XNNPACK path). */
import * as tf from "@tensorflow/tfjs";
import { startClock } from "./clock";
import type { Elapsed } from "./clock";

const N = 1024;
const FLOPS = 2 * N ** 3;

/** Best (shortest) wall and CPU time of `reps` timed 1024³ matmuls after one warm-up, as GFLOP/s. */
export async function matmulPeak(reps = 4): Promise<{ wall: number; cpu: number }> {
  const [a, b] = [tf.randomNormal([N, N], 0, 1, "float32", 1), tf.randomNormal([N, N], 0, 1, "float32", 2)];
  const best: Elapsed = { wallMs: Infinity, cpuMs: Infinity };
  for (let i = 0; i <= reps; i++) {
    const stop = startClock();
    const y = tf.matMul(a, b);
    await y.data();
    const t = stop();
    y.dispose();
    if (i === 0) continue;
    best.wallMs = Math.min(best.wallMs, t.wallMs);
    best.cpuMs = Math.min(best.cpuMs, t.cpuMs);
  }
  tf.dispose([a, b]);
  return { wall: FLOPS / (best.wallMs * 1e6), cpu: FLOPS / (best.cpuMs * 1e6) };
}
