/**
 * Where a training step's time goes: CPU time per kernel name. Every kernel of the backend is
 * wrapped for the profiled steps and timed with process.cpuUsage() (wasm kernels run
 * synchronously), so other processes on a shared machine do not inflate the figures the way
 * they inflate tf.profile's wall-clock kernelTimeMs. Each kernel call keeps its best of `runs`.
 */
import * as tf from "@tensorflow/tfjs";

export interface KernelRow {
  /** Kernel name; in the matmul table, with operand shapes. */
  name: string;
  calls: number;
  ms: number;
}

export interface StepProfile {
  kernelMs: number;
  kernelCalls: number;
  byName: KernelRow[];
  matmuls: KernelRow[];
}

interface Call {
  name: string;
  shapes: string;
  ms: number;
}

/** Runs `f` with every kernel of the active backend timed; restores the kernels after. */
async function recordKernels(f: () => Promise<unknown>): Promise<Call[]> {
  const backend = tf.getBackend();
  const originals = tf.getKernelsForBackend(backend);
  const calls: Call[] = [];
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        const cpu0 = process.cpuUsage();
        const out = k.kernelFunc(args);
        const cpu = process.cpuUsage(cpu0);
        const shapes = Object.values(args.inputs)
          .map((t) => `[${t?.shape}]`)
          .join("·");
        calls.push({ name: k.kernelName, shapes, ms: (cpu.user + cpu.system) / 1000 });
        return out;
      },
    });
  }
  try {
    await f();
  } finally {
    for (const k of originals) {
      tf.unregisterKernel(k.kernelName, backend);
      tf.registerKernel(k);
    }
  }
  return calls;
}

function group(calls: Call[], key: (c: Call) => string): KernelRow[] {
  const rows = new Map<string, KernelRow>();
  for (const c of calls) {
    const row = rows.get(key(c)) ?? { name: key(c), calls: 0, ms: 0 };
    row.calls += 1;
    row.ms += c.ms;
    rows.set(key(c), row);
  }
  return [...rows.values()].sort((a, b) => b.ms - a.ms);
}

/** Profiles `runs` calls of `step` (which must run the same kernels each time). */
export async function profileStep(step: () => Promise<unknown>, runs = 3): Promise<StepProfile> {
  let calls = await recordKernels(step);
  for (let r = 1; r < runs; r++) {
    const again = await recordKernels(step);
    if (again.length !== calls.length || again.some((c, i) => c.name !== calls[i].name))
      throw new Error("profileStep: the step ran different kernels each time");
    calls = calls.map((c, i) => ({ ...c, ms: Math.min(c.ms, again[i].ms) }));
  }
  const isMatMul = (c: Call) => c.name === "BatchMatMul" || c.name === "_FusedMatMul";
  return {
    kernelMs: calls.reduce((s, c) => s + c.ms, 0),
    kernelCalls: calls.length,
    byName: group(calls, (c) => c.name),
    matmuls: group(calls.filter(isMatMul), (c) => `${c.name} ${c.shapes}`),
  };
}

export function formatProfile(p: StepProfile, top = 10): string {
  const pct = (ms: number) => `${((100 * ms) / p.kernelMs).toFixed(1).padStart(5)}%`;
  const line = (r: KernelRow) =>
    `  ${r.name.padEnd(48)} ${r.ms.toFixed(1).padStart(8)} ms ${pct(r.ms)} ${String(r.calls).padStart(6)} calls`;
  return [
    `  ${p.kernelMs.toFixed(0)} ms in ${p.kernelCalls} kernel calls per step (CPU time, each call's best of the profiled steps)`,
    `  top ${top} kernels by time:`,
    ...p.byName.slice(0, top).map(line),
    `  matmuls by operand shapes (top ${top}):`,
    ...p.matmuls.slice(0, top).map(line),
  ].join("\n");
}
