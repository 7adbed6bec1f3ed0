/**
 * The parallelism planner: for a model's figures and a cluster, the per-GPU memory (model
 * states and activations), whether it fits, and the communication and time per optimizer step
 * of each strategy. Pure arithmetic from the papers' formulas (see formulas.ts); no GPU needed.
 */
import type { Analysis } from "../analysis";
import type { GraphDocument } from "../types";
import type { Cluster } from "./cluster";
import { clusterProblems } from "./cluster";
import {
  bubbleFraction,
  dataParallelBytes,
  layerActivationBytes,
  microBatchesInFlight,
  optimizerBytesPerParam,
  pipelineMicroBatchBytes,
  tensorParallelLayerBytes,
  weightBytes,
  zeroModelStates,
} from "./formulas";
import type { ModelStateBytes, Recompute, ZeroStage } from "./formulas";
import { strategySpecs } from "./strategies";
import type { StrategySpec } from "./strategies";
import { transformerDims } from "./dims";
import type { TransformerDims } from "./dims";
import { torchrunCommand } from "./torchrun";

export interface StrategyPlan {
  strategy: string;
  label: string;
  tp: number;
  pp: number;
  dp: number;
  zeroStage: ZeroStage;
  sequenceParallel: boolean;
  recompute: Recompute;
  /** False when the strategy cannot run on this model or cluster; `reason` says why. */
  applicable: boolean;
  reason?: string;
  /** Per GPU (the first pipeline stage, which holds the embeddings, when pipelined). */
  modelStateBytes: number;
  modelStates: ModelStateBytes;
  activationBytes: number;
  totalBytes: number;
  fits: boolean;
  /** Bytes one GPU sends per optimizer step, and its parts. */
  commBytesPerStep: number;
  comm: { dataParallel: number; tensorParallel: number; pipeline: number };
  commSeconds: number;
  computeSeconds: number;
  /** Idle share of the step from the pipeline bubble. */
  bubbleFraction: number;
  /** Micro-batches each pipeline runs per step: globalBatch / (dp · microBatch). */
  microBatches: number;
  /** The papers its formulas come from. */
  citations: string[];
  torchrun: string;
}

export interface Plan {
  dims: TransformerDims;
  cluster: Cluster;
  strategies: StrategyPlan[];
  /** Assumptions and what is left out, for the UI and the CLI. */
  notes: string[];
  problems: string[];
}

export const CITATIONS = {
  zero: "Rajbhandari et al. 2020, ZeRO: Memory Optimizations Toward Training Trillion Parameter Models",
  megatron: "Shoeybi et al. 2019, Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism",
  megatron2: "Narayanan et al. 2021, Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM",
  korthikanti: "Korthikanti et al. 2022, Reducing Activation Recomputation in Large Transformer Models",
  gpipe: "Huang et al. 2019, GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism",
  pipedream: "Narayanan et al. 2019, PipeDream: Generalized Pipeline Parallelism for DNN Training (1F1B)",
} as const;

/** What the planner needs from the graph: its figures and its forward FLOPs and activations per sample. */
export interface ModelFigures {
  dims: TransformerDims;
  /** Forward FLOPs of one sequence (analysis at B = 1). */
  flopsPerSample: number;
  /** Activation bytes of one sample (fp32, from analysis), used when the graph is not a Transformer. */
  activationBytesPerSample: number;
}

/** The planner's inputs read from a document and its analysis (at batch 1). */
export function modelFigures(doc: GraphDocument, a: Analysis): ModelFigures {
  return {
    dims: transformerDims(doc, a),
    flopsPerSample: a.totals.flopsPerSample,
    activationBytesPerSample: a.totals.activationBytes / Math.max(1, a.totals.batch),
  };
}

function citationsFor(s: StrategySpec): string[] {
  const out: string[] = [CITATIONS.zero];
  if (s.t > 1) out.push(CITATIONS.megatron);
  if (s.p > 1) out.push(CITATIONS.gpipe, CITATIONS.pipedream, CITATIONS.megatron2);
  out.push(CITATIONS.korthikanti);
  return out;
}

function evaluate(s: StrategySpec, m: ModelFigures, c: Cluster): StrategyPlan {
  const { dims } = m;
  const wBytes = weightBytes(c.precision);
  const k = optimizerBytesPerParam(c.optimizer, c.precision);
  const L = dims.layers;
  const layersHere = L === undefined ? undefined : Math.ceil(L / s.p);
  // Per-GPU parameters: the first stage's share of the layers plus the embeddings, split t ways.
  const emb = dims.params - dims.paramsNonEmbedding;
  const psi = L === undefined || s.p === 1 ? dims.params / s.t : ((dims.paramsNonEmbedding * layersHere!) / L + emb) / s.t;
  const modelStates = zeroModelStates(psi, s.d, s.zero, wBytes, wBytes, k);

  const microBatches = Math.max(1, Math.ceil(c.globalBatch / (s.d * c.microBatch)));
  const known = L !== undefined && dims.width !== undefined && dims.heads !== undefined && dims.seqLen !== undefined;
  const shape = known ? { s: dims.seqLen!, b: c.microBatch, h: dims.width!, a: dims.heads! } : undefined;
  // Korthikanti's counts assume 16-bit activations; fp32 doubles them (masks stay 1 byte: a slight overestimate).
  const precisionScale = c.precision === "mixed" ? 1 : 2;
  let activationBytes: number;
  if (shape) {
    const perLayer = layerActivationBytes(shape, s.t, s.sequenceParallel, s.recompute) * precisionScale;
    // 1F1B: the first stage holds L/p layers for p micro-batches in flight.
    const layers = layersHere! * microBatchesInFlight(s.p, microBatches);
    // The fp32 logits s·b·V (the last stage's; counted when it is also the first).
    const logits = s.p === 1 && dims.vocab ? (4 * shape.s * shape.b * dims.vocab) / s.t : 0;
    activationBytes = perLayer * layers + logits;
  } else {
    // Not a Transformer: the analysis's fp32 activations of every block, halved for 16-bit.
    activationBytes = m.activationBytesPerSample * (c.precision === "mixed" ? 0.5 : 1) * c.microBatch;
  }
  const totalBytes = modelStates.total + activationBytes;

  const dataParallel = dataParallelBytes(psi * wBytes, s.d, s.zero);
  const tensorParallel =
    shape && s.t > 1 ? tensorParallelLayerBytes(shape, s.t, wBytes) * layersHere! * microBatches * (s.recompute === "full" ? 1.5 : 1) : 0;
  const pipeline = shape && s.p > 1 ? pipelineMicroBatchBytes(shape, s.sequenceParallel ? s.t : 1, wBytes) * microBatches : 0;
  const bw = (groupSpan: number) => (groupSpan <= c.gpusPerNode ? c.intraNodeGBps : c.interNodeGBps) * 1e9;
  const commSeconds = tensorParallel / bw(s.t) + pipeline / bw(s.t * s.p) + dataParallel / bw(c.gpus);

  // Backward costs twice the forward; full recompute runs the forward again (Korthikanti et al.
  // 2022 §5: 4× forward), selective only the attention core QKᵀ and AV: 4s²h per layer per sequence.
  const recomputeFlops =
    s.recompute === "full" ? m.flopsPerSample : s.recompute === "selective" && shape ? 4 * shape.s * shape.s * shape.h * L! : 0;
  const flops = (3 * m.flopsPerSample + recomputeFlops) * c.globalBatch;
  const bubble = bubbleFraction(s.p, microBatches);
  const computeSeconds = flops / (c.gpus * c.gpuTflops * 1e12) / (1 - bubble);

  return {
    strategy: s.id,
    label: s.label,
    tp: s.t,
    pp: s.p,
    dp: s.d,
    zeroStage: s.zero,
    sequenceParallel: s.sequenceParallel,
    recompute: s.recompute,
    applicable: s.blocked === undefined,
    ...(s.blocked ? { reason: s.blocked } : {}),
    modelStateBytes: modelStates.total,
    modelStates,
    activationBytes,
    totalBytes,
    fits: s.blocked === undefined && totalBytes <= c.gpuMemoryGB * 1e9,
    commBytesPerStep: dataParallel + tensorParallel + pipeline,
    comm: { dataParallel, tensorParallel, pipeline },
    commSeconds,
    computeSeconds,
    bubbleFraction: bubble,
    microBatches,
    citations: citationsFor(s),
    torchrun: torchrunCommand(s, c),
  };
}

/**
 * Plans training a model on a cluster: one row per strategy.
 * @example planParallelism(modelFigures(doc, analyse(doc)), { ...DEFAULT_CLUSTER, gpus: 8 }).strategies.filter((s) => s.fits)
 */
export function planParallelism(m: ModelFigures, cluster: Cluster): Plan {
  const problems = clusterProblems(cluster);
  const notes = [
    "GB = 10⁹ bytes. Memory is per GPU, before the framework's workspace and fragmentation (often 1–3 GB more).",
    "Model states follow ZeRO (Rajbhandari et al. 2020): 2Ψ weights + 2Ψ gradients + KΨ optimizer, K = 12 for mixed-precision Adam.",
    "Activations follow Korthikanti et al. 2022 per layer (16-bit activations, 1-byte dropout masks, a 4h MLP), plus the fp32 logits; embedding-layer activations are left out.",
    "Communication is what one GPU sends per step in ring collectives; time assumes no overlap with compute.",
  ];
  const missing = m.dims.unknown.map((u) => `${u.name}: ${u.why}`);
  if (missing.length)
    notes.push(
      `Not a decoder-only Transformer, so these are unknown — ${missing.join("; ")}. Activations come from the graph's own analysis instead; tensor and pipeline parallelism are not planned.`,
    );
  if (problems.length) return { dims: m.dims, cluster, strategies: [], notes, problems };
  const specs = strategySpecs({
    gpus: cluster.gpus,
    gpusPerNode: cluster.gpusPerNode,
    layers: m.dims.layers,
    heads: m.dims.heads,
    width: m.dims.width,
  });
  return { dims: m.dims, cluster, strategies: specs.map((s) => evaluate(s, m, cluster)), notes, problems };
}
