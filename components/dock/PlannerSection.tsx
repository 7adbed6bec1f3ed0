"use client";
/**
 * The Cost tab's parallelism planner: a cluster the user sets, and for each strategy (data
 * parallel, ZeRO 1–3, Megatron tensor parallel with sequence parallelism, 1F1B pipeline,
 * 3-D, recomputation) the per-GPU memory split, whether it fits, and traffic and time per
 * step — from graph/plan, which cites a paper for every formula.
 */
import { useMemo, useState } from "react";
import { NumberField } from "../common/NumberField";
import { CITATIONS, DEFAULT_CLUSTER, modelFigures, planParallelism } from "@/graph";
import type { Analysis, Cluster, GraphDocument, StrategyPlan } from "@/graph";
import { formatBytes, formatExact, formatParams } from "./format";
import "./planner.css";

/** The cluster settings that are numbers. */
type NumericClusterKey = { [K in keyof Cluster]: Cluster[K] extends number ? K : never }[keyof Cluster];

/** The cluster's number fields, in the order they show (all positive): key, label, title, whole, test id. */
const CLUSTER_FIELDS: [key: NumericClusterKey, label: string, title: string, integer: boolean, testId: string][] = [
  ["gpus", "GPUs", "GPUs in the cluster", true, "plan-gpus"],
  ["gpuMemoryGB", "GB / GPU", "Memory per GPU, GB (10⁹ bytes)", false, "plan-memory"],
  ["gpusPerNode", "GPUs / node", "GPUs per node; tensor parallelism stays inside one", true, "plan-per-node"],
  ["intraNodeGBps", "NVLink GB/s", "Bandwidth per GPU inside a node", false, "plan-intra"],
  ["interNodeGBps", "Network GB/s", "Bandwidth per GPU between nodes", false, "plan-inter"],
  ["gpuTflops", "TFLOP/s", "Achieved compute per GPU, for the compute-time estimate", false, "plan-tflops"],
  ["microBatch", "Micro-batch", "Sequences per GPU per forward pass (b)", true, "plan-micro-batch"],
  ["globalBatch", "Global batch", "Sequences per optimizer step, whole cluster", true, "plan-global-batch"],
];

const seconds = (s: number) => (!Number.isFinite(s) ? "—" : s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toPrecision(3)} s`);

function Row({ s, selected, onSelect }: { s: StrategyPlan; selected: boolean; onSelect(): void }) {
  const m = s.modelStates;
  const dash = <td className="tl-num tl-muted">—</td>;
  return (
    <tr
      className={selected ? "tl-row-selected" : undefined}
      onClick={onSelect}
      data-testid={`plan-row-${s.strategy}`}
      data-fits={s.fits}
      aria-selected={selected}
    >
      <th scope="row" title={`tensor ${s.tp} × pipeline ${s.pp} × data ${s.dp}${s.zeroStage ? `, ZeRO stage ${s.zeroStage}` : ""}`}>
        {s.label}
      </th>
      <td className={s.fits ? "tl-plan-yes" : "tl-plan-no"} data-testid="plan-fits">
        {s.applicable ? (s.fits ? "✓" : "✗") : "n/a"}
      </td>
      {s.applicable ? (
        <>
          <td className="tl-num" title={`${formatExact(m.weights)} B of weights`}>
            {formatBytes(m.weights)}
          </td>
          <td className="tl-num" title={`${formatExact(m.gradients)} B of gradients`}>
            {formatBytes(m.gradients)}
          </td>
          <td className="tl-num" title={`${formatExact(m.optimizer)} B of optimizer state`}>
            {formatBytes(m.optimizer)}
          </td>
          <td className="tl-num" title={`${formatExact(s.activationBytes)} B of activations`}>
            {formatBytes(s.activationBytes)}
          </td>
          <td className="tl-num tl-plan-total" title={`${formatExact(s.totalBytes)} B per GPU`}>
            {formatBytes(s.totalBytes)}
          </td>
          <td
            className="tl-num"
            title={`data parallel ${formatBytes(s.comm.dataParallel)}, tensor ${formatBytes(s.comm.tensorParallel)}, pipeline ${formatBytes(s.comm.pipeline)}`}
          >
            {formatBytes(s.commBytesPerStep)}
          </td>
          <td className="tl-num">{seconds(s.commSeconds)}</td>
          <td
            className="tl-num"
            title={s.pp > 1 ? `includes the pipeline bubble, ${(s.bubbleFraction * 100).toFixed(1)}% of the step` : undefined}
          >
            {seconds(s.computeSeconds)}
            {s.pp > 1 && <span className="tl-muted"> · bubble {(s.bubbleFraction * 100).toFixed(1)}%</span>}
          </td>
        </>
      ) : (
        <>
          {dash}
          {dash}
          {dash}
          {dash}
          {dash}
          {dash}
          {dash}
          <td className="tl-muted tl-plan-reason" title={s.reason}>
            {s.reason}
          </td>
        </>
      )}
    </tr>
  );
}

export function PlannerSection({ doc, analysis }: { doc: GraphDocument; analysis: Analysis }) {
  const [cluster, setCluster] = useState<Cluster>(DEFAULT_CLUSTER);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const figures = useMemo(() => modelFigures(doc, analysis), [doc, analysis]);
  const plan = useMemo(() => planParallelism(figures, cluster), [figures, cluster]);
  const set =
    <K extends keyof Cluster>(k: K) =>
    (v: Cluster[K]) =>
      setCluster((c) => ({ ...c, [k]: v }));
  const d = plan.dims;
  const selected = plan.strategies.find((s) => s.strategy === chosen) ?? plan.strategies.find((s) => s.fits);
  const fig = (name: "layers" | "width" | "heads" | "seqLen" | "vocab", label: string) => {
    const why = d.unknown.find((u) => u.name === name)?.why;
    return (
      <span title={why ?? undefined}>
        {label} = {d[name] ?? "?"}
      </span>
    );
  };

  return (
    <details className="tl-plan" data-testid="planner">
      <summary>
        Parallelism planner <span className="tl-muted">— memory, fit and traffic per GPU on a cluster</span>
      </summary>
      <div className="tl-plan-body">
        <div className="tl-plan-inputs">
          {CLUSTER_FIELDS.map(([key, label, title, integer, testId]) => (
            <NumberField
              key={key}
              className="tl-plan-field"
              min={0}
              aboveMin
              integer={integer}
              label={label}
              title={title}
              value={cluster[key]}
              onChange={set(key)}
              testId={testId}
            />
          ))}
          <label className="tl-plan-field">
            <span>Precision</span>
            <select
              value={cluster.precision}
              onChange={(e) => set("precision")(e.target.value as Cluster["precision"])}
              data-testid="plan-precision"
            >
              <option value="mixed">mixed (bf16 + fp32 master)</option>
              <option value="fp32">fp32</option>
            </select>
          </label>
          <label className="tl-plan-field">
            <span>Optimizer</span>
            <select
              value={cluster.optimizer}
              onChange={(e) => set("optimizer")(e.target.value as Cluster["optimizer"])}
              data-testid="plan-optimizer"
            >
              <option value="adam">Adam</option>
              <option value="sgd">SGD + momentum</option>
            </select>
          </label>
        </div>
        <p className="tl-plan-dims" data-testid="plan-dims">
          <span title={`${formatExact(d.params)} parameters, embeddings included`}>Ψ = {formatParams(d.params)}</span>
          {fig("layers", "L")}
          {fig("width", "h")}
          {fig("heads", "a")}
          {fig("seqLen", "s")}
          {fig("vocab", "V")}
          {!d.decoderOnly && <span className="tl-cost-note">not a decoder-only Transformer: hover a ? for why</span>}
        </p>
        {plan.problems.length > 0 ? (
          <p className="tl-cost-note" data-testid="plan-problems">
            {plan.problems.join("; ")}
          </p>
        ) : (
          <div className="tl-plan-table-wrap">
            <table className="tl-plan-table" data-testid="plan-table">
              <thead>
                <tr>
                  <th scope="col">Strategy</th>
                  <th scope="col" title={`Fits in ${cluster.gpuMemoryGB} GB per GPU`}>
                    Fits
                  </th>
                  <th scope="col" className="tl-num" title="Weights per GPU (ZeRO: 2Ψ mixed, 4Ψ fp32)">
                    Weights
                  </th>
                  <th scope="col" className="tl-num" title="Gradients per GPU">
                    Grads
                  </th>
                  <th scope="col" className="tl-num" title="Optimizer states per GPU (ZeRO's KΨ, K = 12 for mixed Adam)">
                    Optimizer
                  </th>
                  <th scope="col" className="tl-num" title="Activations per GPU (Korthikanti et al. 2022)">
                    Activations
                  </th>
                  <th scope="col" className="tl-num">
                    Total / GPU
                  </th>
                  <th scope="col" className="tl-num" title="Bytes one GPU sends per optimizer step">
                    Comm / step
                  </th>
                  <th scope="col" className="tl-num" title="Communication time, no overlap">
                    Comm time
                  </th>
                  <th scope="col" className="tl-num" title="Compute time per step at the TFLOP/s set, with the pipeline bubble">
                    Compute
                  </th>
                </tr>
              </thead>
              <tbody>
                {plan.strategies.map((s) => (
                  <Row key={s.strategy} s={s} selected={s === selected} onSelect={() => setChosen(s.strategy)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {selected && (
          <div className="tl-plan-run">
            <span>
              Train <strong>{selected.label}</strong> with PyTorch (the PyTorch export that writes <code>train.py</code> is not built yet):
            </span>
            <code className="tl-mono" data-testid="plan-torchrun">
              {selected.torchrun}
            </code>
          </div>
        )}
        <ul className="tl-plan-notes">
          {plan.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
        <p className="tl-plan-cite" data-testid="plan-citations">
          Formulas: {Object.values(CITATIONS).join(" · ")}.
        </p>
      </div>
    </details>
  );
}
