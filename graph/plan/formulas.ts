/**
 * The published formulas the planner is built from, one function each, in bytes. Each cites
 * the paper it comes from; the tests reproduce the papers' own figures with them.
 */

export type Precision = "fp32" | "mixed";
export type OptimizerName = "adam" | "sgd";
export type ZeroStage = 0 | 1 | 2 | 3;
export type Recompute = "none" | "selective" | "full";

/** Bytes per parameter of weights and of gradients: 2 (fp16/bf16) in mixed precision, 4 in fp32. */
export function weightBytes(precision: Precision): number {
  return precision === "mixed" ? 2 : 4;
}

/**
 * K, the optimizer-state bytes per parameter. ZeRO (Rajbhandari et al. 2020, §3.1): mixed-
 * precision Adam keeps an fp32 copy of the weights, momentum and variance: K = 4 + 4 + 4 = 12.
 * fp32 Adam needs no extra copy (K = 8); SGD with momentum keeps one state (K = 4, + 4 for the
 * fp32 master copy in mixed precision).
 */
export function optimizerBytesPerParam(optimizer: OptimizerName, precision: Precision): number {
  const master = precision === "mixed" ? 4 : 0;
  return master + (optimizer === "adam" ? 8 : 4);
}

export interface ModelStateBytes {
  weights: number;
  gradients: number;
  optimizer: number;
  total: number;
}

/**
 * Model states per GPU under ZeRO (Rajbhandari et al. 2020, Figure 1 and Table 1): with Ψ
 * parameters, N_d data-parallel ranks and K optimizer bytes per parameter,
 * baseline (2 + 2 + K)Ψ; P_os 2Ψ + 2Ψ + KΨ/N_d; P_os+g 2Ψ + (2 + K)Ψ/N_d; P_os+g+p (2 + 2 + K)Ψ/N_d.
 * @example zeroModelStates(7.5e9, 64, 1, 2, 2, 12).total // 31.4e9 (Table 1)
 */
export function zeroModelStates(psi: number, nd: number, stage: ZeroStage, wBytes: number, gBytes: number, k: number): ModelStateBytes {
  const weights = (wBytes * psi) / (stage >= 3 ? nd : 1);
  const gradients = (gBytes * psi) / (stage >= 2 ? nd : 1);
  const optimizer = (k * psi) / (stage >= 1 ? nd : 1);
  return { weights, gradients, optimizer, total: weights + gradients + optimizer };
}

export interface LayerShape {
  /** s: sequence length */
  s: number;
  /** b: micro-batch size */
  b: number;
  /** h: hidden size */
  h: number;
  /** a: attention heads */
  a: number;
}

/**
 * Activation bytes one Transformer layer keeps for the backward pass, with 16-bit activations
 * and 1-byte dropout masks (Korthikanti et al. 2022, "Reducing Activation Recomputation in
 * Large Transformer Models", §4 and Table 2), with tensor-parallel size t:
 *   no parallelism              sbh(34 + 5as/h)
 *   tensor parallel             sbh(10 + 24/t + 5as/(ht))
 *   tensor + sequence parallel  sbh/t · (34 + 5as/h)
 *   selective recompute         sbh(10 + 24/t), with sequence parallel 34·sbh/t
 *   full recompute              2sbh (only each layer's input), /t with sequence parallel
 */
export function layerActivationBytes({ s, b, h, a }: LayerShape, t: number, sequenceParallel: boolean, recompute: Recompute): number {
  const sbh = s * b * h;
  const attention = (5 * a * s) / h; // the softmax, its dropout mask and output: 5as/h
  if (recompute === "full") return (2 * sbh) / (sequenceParallel ? t : 1);
  if (recompute === "selective") return sequenceParallel ? (34 * sbh) / t : sbh * (10 + 24 / t);
  if (sequenceParallel) return (sbh / t) * (34 + attention);
  return sbh * (10 + 24 / t + attention / t);
}

/**
 * Micro-batches whose activations a pipeline stage holds at once. 1F1B (PipeDream-Flush,
 * Narayanan et al. 2019 / 2021) limits the first stage to p in flight; GPipe (Huang et al.
 * 2019) keeps all m. With 1F1B the first stage of p holds L/p layers × p micro-batches, so its
 * activation memory equals the unpipelined model's (Korthikanti et al. 2022, §4.2.3).
 */
export function microBatchesInFlight(p: number, m: number): number {
  return Math.min(p, m);
}

/**
 * The share of a step a pipeline of p stages idles with m micro-batches: (p − 1)/(m + p − 1)
 * (GPipe, Huang et al. 2019, §2.3; the same bubble for 1F1B, Narayanan et al. 2021 §2.2).
 */
export function bubbleFraction(p: number, m: number): number {
  return p <= 1 ? 0 : (p - 1) / (m + p - 1);
}

/**
 * Bytes each rank sends (and receives) in a ring all-reduce of `bytes` over n ranks:
 * 2(n − 1)/n · bytes — a reduce-scatter then an all-gather (Patarasuk & Yuan 2009; the
 * volume ZeRO §7 calls 2Ψ for data parallelism).
 */
export function ringAllReduceBytes(bytes: number, n: number): number {
  return n <= 1 ? 0 : (2 * (n - 1) * bytes) / n;
}

/**
 * Gradient traffic per rank per step in data parallelism over n ranks, for ZeRO stage z
 * (Rajbhandari et al. 2020, §7): stages 0–2 move 2Ψ (all-reduce, or reduce-scatter of
 * gradients then all-gather of updated parameters); stage 3 all-gathers the parameters again
 * for the backward pass, 3Ψ: 1.5× data parallelism.
 */
export function dataParallelBytes(gradBytes: number, n: number, stage: ZeroStage): number {
  return ringAllReduceBytes(gradBytes, n) * (stage === 3 ? 1.5 : 1);
}

/**
 * Megatron-LM tensor-parallel traffic per rank for one layer and one micro-batch (Shoeybi et
 * al. 2019, §3, Figure 4): two all-reduces forward (after attention, after the MLP) and two
 * backward, each of the s·b·h activations, over t ranks. Sequence parallelism swaps each
 * all-reduce for a reduce-scatter plus an all-gather of the same volume (Korthikanti et al.
 * 2022, §4.2.2), so the bytes are the same.
 */
export function tensorParallelLayerBytes({ s, b, h }: LayerShape, t: number, actBytes: number): number {
  return 4 * ringAllReduceBytes(s * b * h * actBytes, t);
}

/**
 * Pipeline point-to-point traffic per stage and micro-batch: the s·b·h activations sent to
 * the next stage forward and their gradient back (Narayanan et al. 2021, §3.2), divided by t
 * when tensor-parallel ranks send only their slice (the scatter/gather optimisation).
 */
export function pipelineMicroBatchBytes({ s, b, h }: LayerShape, t: number, actBytes: number): number {
  return (2 * s * b * h * actBytes) / t;
}
