/** The cluster a plan is for, with defaults a user changes in the Cost tab or on the CLI. */
import type { OptimizerName, Precision } from "./formulas";

export interface Cluster {
  gpus: number;
  /** Memory per GPU in GB (10⁹ bytes, as the ZeRO paper counts). */
  gpuMemoryGB: number;
  gpusPerNode: number;
  /** Per-GPU bandwidth inside a node (NVLink), GB/s. */
  intraNodeGBps: number;
  /** Per-GPU bandwidth between nodes (InfiniBand), GB/s. */
  interNodeGBps: number;
  /** Achieved (not peak) compute per GPU, TFLOP/s, for the compute-time estimate. */
  gpuTflops: number;
  /** Sequences per micro-batch on one GPU (b). */
  microBatch: number;
  /** Sequences per optimizer step across the cluster. */
  globalBatch: number;
  precision: Precision;
  optimizer: OptimizerName;
}

/** 8 V100-16GB in one node (NVLink ~150 GB/s, 100 Gb/s InfiniBand between nodes). */
export const DEFAULT_CLUSTER: Cluster = {
  gpus: 8,
  gpuMemoryGB: 16,
  gpusPerNode: 8,
  intraNodeGBps: 150,
  interNodeGBps: 12.5,
  gpuTflops: 50,
  microBatch: 8,
  globalBatch: 512,
  precision: "mixed",
  optimizer: "adam",
};

/** Problems with a cluster, each naming the field and the fix; empty when it is usable. */
export function clusterProblems(c: Cluster): string[] {
  const out: string[] = [];
  const whole = (name: keyof Cluster, min: number) => {
    const v = c[name] as number;
    if (!Number.isInteger(v) || v < min) out.push(`${name} must be a whole number ≥ ${min}, got ${v}`);
  };
  const positive = (name: keyof Cluster) => {
    const v = c[name] as number;
    if (!(Number.isFinite(v) && v > 0)) out.push(`${name} must be a positive number, got ${v}`);
  };
  whole("gpus", 1);
  whole("gpusPerNode", 1);
  whole("microBatch", 1);
  whole("globalBatch", 1);
  positive("gpuMemoryGB");
  positive("intraNodeGBps");
  positive("interNodeGBps");
  positive("gpuTflops");
  if (out.length === 0 && c.gpus > c.gpusPerNode && c.gpus % c.gpusPerNode !== 0)
    out.push(`gpus (${c.gpus}) must fill whole nodes of ${c.gpusPerNode}: use a multiple of gpusPerNode`);
  return out;
}
