/** `plan`: per-GPU memory, fit and communication of each parallelism strategy for a graph. */
import { analyse, DEFAULT_CLUSTER, modelFigures, planParallelism } from "../graph";
import type { Cluster } from "../graph";
import { CliError, loadGraph } from "./args";
import { table } from "./format";

export interface PlanOptions {
  gpus?: string;
  gpuMemory?: string;
  gpusPerNode?: string;
  microBatch?: string;
  globalBatch?: string;
  precision?: string;
  optimizer?: string;
  json: boolean;
}

function numberOption(name: string, raw: string | undefined, whole: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n)))
    throw new CliError(`--${name} needs a positive ${whole ? "whole " : ""}number, got "${raw}"`, 2);
  return n;
}

function choice<T extends string>(name: string, raw: string | undefined, options: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!options.includes(raw as T)) throw new CliError(`--${name} must be ${options.join(" or ")}, got "${raw}"`, 2);
  return raw as T;
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;
const seconds = (s: number) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);

/** Reads the cluster from the options; `--gpus` and `--gpu-memory` are required. */
export function clusterFromOptions(o: PlanOptions): Cluster {
  const gpus = numberOption("gpus", o.gpus, true);
  const gpuMemoryGB = numberOption("gpu-memory", o.gpuMemory, false);
  if (gpus === undefined) throw new CliError("plan needs --gpus N", 2);
  if (gpuMemoryGB === undefined) throw new CliError("plan needs --gpu-memory GB (memory per GPU)", 2);
  const set = <K extends keyof Cluster>(k: K, v: Cluster[K] | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    ...DEFAULT_CLUSTER,
    gpus,
    gpuMemoryGB,
    ...set("gpusPerNode", numberOption("gpus-per-node", o.gpusPerNode, true)),
    ...set("microBatch", numberOption("micro-batch", o.microBatch, true)),
    ...set("globalBatch", numberOption("global-batch", o.globalBatch, true)),
    ...set("precision", choice("precision", o.precision, ["fp32", "mixed"] as const)),
    ...set("optimizer", choice("optimizer", o.optimizer, ["adam", "sgd"] as const)),
  };
}

export function runPlan(source: string | undefined, sets: string[], o: PlanOptions): number {
  const graph = loadGraph(source, sets);
  const cluster = clusterFromOptions(o);
  const a = analyse(graph);
  if (a.diagnostics.some((d) => d.severity === "error"))
    throw new CliError(
      `${graph.name} has problems; run \`validate\` first: ${a.diagnostics.find((d) => d.severity === "error")!.message}`,
      1,
    );
  const plan = planParallelism(modelFigures(graph, a), cluster);
  if (plan.problems.length) throw new CliError(plan.problems.join("; "), 2);
  if (o.json) {
    console.log(JSON.stringify({ name: graph.name, dims: plan.dims, cluster, strategies: plan.strategies, notes: plan.notes }));
    return 0;
  }
  const d = plan.dims;
  const fig = (v: number | undefined) => (v === undefined ? "?" : String(v));
  console.log(
    `${graph.name}: Ψ = ${d.params.toLocaleString("en-US")} parameters, L = ${fig(d.layers)}, h = ${fig(d.width)}, a = ${fig(d.heads)}, s = ${fig(d.seqLen)}, V = ${fig(d.vocab)}`,
  );
  console.log(
    `${cluster.gpus} GPUs × ${cluster.gpuMemoryGB} GB (${cluster.gpusPerNode} per node), micro-batch ${cluster.microBatch}, global batch ${cluster.globalBatch}, ${cluster.precision} precision, ${cluster.optimizer}\n`,
  );
  const rows = plan.strategies.map((s) => [
    s.strategy,
    s.applicable ? (s.fits ? "yes" : "no") : "n/a",
    s.applicable ? gb(s.modelStateBytes) : "—",
    s.applicable ? gb(s.activationBytes) : "—",
    s.applicable ? gb(s.totalBytes) : "—",
    s.applicable ? gb(s.commBytesPerStep) : "—",
    s.applicable ? seconds(s.commSeconds) : "—",
    s.applicable ? seconds(s.computeSeconds) : "—",
    s.applicable ? (s.pp > 1 ? `bubble ${(s.bubbleFraction * 100).toFixed(1)}%` : "") : (s.reason ?? ""),
  ]);
  console.log(
    table(
      ["strategy", "fits", "model states", "activations", "total/GPU", "comm/step", "comm time", "compute", "note"],
      rows,
      [2, 3, 4, 5, 6, 7],
    ),
  );
  console.log(`\n${plan.notes.map((n) => `· ${n}`).join("\n")}`);
  const best = plan.strategies.find((s) => s.fits);
  if (best)
    console.log(`\nfirst that fits: ${best.label}\n  ${best.torchrun}\n  (the PyTorch export that writes train.py is not built yet)`);
  else console.log("\nnothing fits: add GPUs, lower --micro-batch, or use --precision mixed");
  return 0;
}
