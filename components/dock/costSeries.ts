/**
 * How cost grows with sequence length, for the Cost tab's chart: the graph analysed at
 * T = 16, 32, 64, … up to four times its bound length. Attention holds B·h·T² weights, so
 * its memory and FLOPs bend upward (slope 2 on log–log axes) while the rest grows like T.
 */
import { analyse } from "@/graph";
import type { GraphDocument } from "@/graph";

export interface SeriesPoint {
  T: number;
  /** Forward FLOPs for one sample. */
  flops: number;
  /** Activation bytes at the chosen batch. */
  bytes: number;
  /** Of which attention matrices. */
  attentionBytes: number;
}

/** Longest length the chart analyses. */
export const MAX_CHART_LENGTH = 8192;

/**
 * Powers of two from 16 to 4× the bound length, capped at 8192, and never fewer than three.
 * @example seqLenSteps(64) // [16, 32, 64, 128, 256]
 */
export function seqLenSteps(bound: number, cap = MAX_CHART_LENGTH): number[] {
  const hi = Math.max(64, Math.min(cap, 4 * bound));
  const steps: number[] = [];
  for (let T = 16; T <= hi; T *= 2) steps.push(T);
  return steps;
}

/** The graph's cost at each length of `seqLenSteps(bound)`, at batch `batch`. */
export function costSeries(doc: GraphDocument, batch: number, bound: number): SeriesPoint[] {
  return seqLenSteps(bound).map((T) => {
    const { totals } = analyse(doc, { batch, seqLen: T });
    return { T, flops: totals.flopsPerSample, bytes: totals.activationBytes, attentionBytes: totals.attentionBytes };
  });
}

/** The share of activation memory held by attention matrices; 0 when there is none. */
export function attentionShare(totals: { attentionBytes: number; activationBytes: number }): number {
  return totals.activationBytes > 0 ? totals.attentionBytes / totals.activationBytes : 0;
}
