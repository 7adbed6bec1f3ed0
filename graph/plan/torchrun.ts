/**
 * The `torchrun` command a strategy will take once the PyTorch export exists (DESIGN.md:
 * "Scale is PyTorch's"): DDP, ZeroRedundancyOptimizer, FSDP, tensor and pipeline parallel.
 */
import type { Cluster } from "./cluster";
import type { StrategySpec } from "./strategies";

const ENGINE: Record<number, string> = { 0: "ddp", 1: "ddp-zero1", 2: "fsdp-shard-grad-op", 3: "fsdp-full-shard" };

/** @example torchrunCommand(zero3, { gpus: 8, gpusPerNode: 8, … }) // "torchrun --standalone --nproc_per_node=8 train.py --engine=fsdp-full-shard …" */
export function torchrunCommand(s: StrategySpec, c: Cluster): string {
  const nodes = Math.ceil(c.gpus / c.gpusPerNode);
  const perNode = Math.min(c.gpus, c.gpusPerNode);
  const launch =
    nodes === 1
      ? `torchrun --standalone --nproc_per_node=${perNode}`
      : `torchrun --nnodes=${nodes} --nproc_per_node=${perNode} --rdzv_backend=c10d --rdzv_endpoint=$MASTER_ADDR:29500`;
  const flags = [`--engine=${ENGINE[s.zero]}`];
  if (s.t > 1) flags.push(`--tensor-parallel=${s.t}`);
  if (s.sequenceParallel) flags.push("--sequence-parallel");
  if (s.p > 1) flags.push(`--pipeline-parallel=${s.p}`, "--schedule=1f1b");
  if (s.recompute !== "none") flags.push(`--recompute=${s.recompute}`);
  flags.push(
    `--micro-batch=${c.microBatch}`,
    `--global-batch=${c.globalBatch}`,
    `--precision=${c.precision === "mixed" ? "bf16" : "fp32"}`,
  );
  return `${launch} train.py ${flags.join(" ")}`;
}
