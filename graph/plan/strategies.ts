/**
 * The strategies the planner compares for a cluster: plain data parallelism, ZeRO 1–3,
 * Megatron tensor parallelism (with sequence parallelism and selective recomputation), 1F1B
 * pipeline parallelism, and their 3-D combination, each with the degrees that suit the model.
 */
import type { Recompute, ZeroStage } from "./formulas";

export interface StrategySpec {
  /** Stable id, used in the JSON and by tests: `dp`, `zero3`, `tp4-sp-sel`, … */
  id: string;
  label: string;
  /** Tensor-, pipeline- and data-parallel sizes; t·p·d = GPUs. */
  t: number;
  p: number;
  d: number;
  zero: ZeroStage;
  sequenceParallel: boolean;
  recompute: Recompute;
  /** Why this strategy cannot run on the model or cluster, when it cannot. */
  blocked?: string;
}

interface Shape {
  gpus: number;
  gpusPerNode: number;
  layers?: number;
  heads?: number;
  width?: number;
}

const divisors = (n: number) => Array.from({ length: n }, (_, i) => i + 1).filter((k) => n % k === 0);

/** The largest tensor-parallel size > 1 that divides the GPUs, the heads and the width and stays inside a node. */
function tensorSize({ gpus, gpusPerNode, heads, width }: Shape, cap = gpus): number | undefined {
  if (heads === undefined || width === undefined) return undefined;
  const ok = divisors(gpus).filter((t) => t > 1 && t <= cap && t <= gpusPerNode && heads % t === 0 && width % t === 0);
  return ok.length ? Math.max(...ok) : undefined;
}

/** The largest pipeline size > 1 that divides the GPUs and the layers. */
function pipelineSize({ gpus, layers }: Shape, cap = gpus): number | undefined {
  if (layers === undefined) return undefined;
  const ok = divisors(gpus).filter((p) => p > 1 && p <= cap && layers % p === 0);
  return ok.length ? Math.max(...ok) : undefined;
}

/**
 * The strategies to compare on `gpus` GPUs for a model of `layers`, `heads` and `width`
 * (undefined when the graph is not a Transformer: those needing them are blocked, with why).
 * @example strategySpecs({ gpus: 8, gpusPerNode: 8, layers: 12, heads: 12, width: 768 }).map((s) => s.id)
 */
export function strategySpecs(shape: Shape): StrategySpec[] {
  const { gpus } = shape;
  const base = { p: 1, zero: 0 as ZeroStage, sequenceParallel: false, recompute: "none" as Recompute };
  const needsTransformer =
    shape.layers === undefined || shape.heads === undefined || shape.width === undefined
      ? "needs a Transformer's layers, width and heads"
      : undefined;
  // Recomputation is counted per Transformer layer (Korthikanti et al. 2022), so it needs one too.
  const specs: StrategySpec[] = [
    { ...base, id: "dp", label: "Data parallel (DDP)", t: 1, d: gpus },
    { ...base, id: "dp-recompute", label: "Data parallel + full recompute", t: 1, d: gpus, recompute: "full", blocked: needsTransformer },
    { ...base, id: "zero1", label: "ZeRO-1 (optimizer states)", t: 1, d: gpus, zero: 1 },
    { ...base, id: "zero2", label: "ZeRO-2 (+ gradients)", t: 1, d: gpus, zero: 2 },
    { ...base, id: "zero3", label: "ZeRO-3 / FSDP (+ parameters)", t: 1, d: gpus, zero: 3 },
    {
      ...base,
      id: "zero3-recompute",
      label: "ZeRO-3 / FSDP + full recompute",
      t: 1,
      d: gpus,
      zero: 3,
      recompute: "full",
      blocked: needsTransformer,
    },
  ];

  const t = tensorSize(shape);
  const tBlocked =
    needsTransformer ??
    (t === undefined
      ? `no tensor-parallel size > 1 divides ${gpus} GPUs, ${shape.heads} heads and width ${shape.width} within a node of ${shape.gpusPerNode}`
      : undefined);
  const tt = t ?? 1;
  specs.push(
    { ...base, id: `tp${tt}`, label: `Tensor parallel ×${tt} (Megatron)`, t: tt, d: gpus / tt, blocked: tBlocked },
    {
      ...base,
      id: `tp${tt}-sp`,
      label: `Tensor ×${tt} + sequence parallel`,
      t: tt,
      d: gpus / tt,
      sequenceParallel: true,
      blocked: tBlocked,
    },
    {
      ...base,
      id: `tp${tt}-sp-sel`,
      label: `Tensor ×${tt} + sequence parallel + selective recompute`,
      t: tt,
      d: gpus / tt,
      sequenceParallel: true,
      recompute: "selective",
      blocked: tBlocked,
    },
  );

  const p = pipelineSize(shape);
  const pBlocked =
    needsTransformer ?? (p === undefined ? `no pipeline size > 1 divides both ${gpus} GPUs and ${shape.layers} layers` : undefined);
  const pp = p ?? 1;
  specs.push({ ...base, id: `pp${pp}`, label: `Pipeline parallel ×${pp} (1F1B)`, t: 1, p: pp, d: gpus / pp, blocked: pBlocked });

  // 3-D: tensor parallel inside the node, at most half the GPUs, so a pipeline of ≥ 2 fits beside it.
  const t3 = tensorSize(shape, Math.floor(gpus / 2));
  const p3 = t3 === undefined ? undefined : pipelineSize({ ...shape, gpus: gpus / t3 });
  const blocked3 =
    needsTransformer ??
    (t3 === undefined || p3 === undefined ? `${gpus} GPUs do not split into tensor ≥ 2 × pipeline ≥ 2 for this model` : undefined);
  const a = t3 ?? 1;
  const b = p3 ?? 1;
  specs.push({
    ...base,
    id: `tp${a}-pp${b}-dp${gpus / (a * b)}`,
    label: `3-D: tensor ×${a} · pipeline ×${b} · data ×${gpus / (a * b)} + SP + selective`,
    t: a,
    p: b,
    d: gpus / (a * b),
    sequenceParallel: true,
    recompute: "selective",
    blocked: blocked3,
  });
  return specs;
}
