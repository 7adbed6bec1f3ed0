/** The cost of one node: parameters, FLOPs and activation memory, from its block definition. */
import type { BlockDef } from "./blocks";
import { evalShape } from "./shapes";
import type { TensorType } from "./types";

export interface NodeCost {
  params: number;
  embeddingParams: number;
  /** Forward FLOPs for one example (B = 1). */
  flops: number;
  /** Activation bytes at the chosen batch and length (float32). */
  activationBytes: number;
  /** Bytes of that held by attention matrices (B·h·T·S). */
  attentionBytes: number;
}

const BYTES = 4;

export const zeroCost = (): NodeCost => ({ params: 0, embeddingParams: 0, flops: 0, activationBytes: 0, attentionBytes: 0 });

/** Adds `c × times` into `into`. */
export function addCost(into: NodeCost, c: NodeCost, times = 1): void {
  into.params += c.params * times;
  into.embeddingParams += c.embeddingParams * times;
  into.flops += c.flops * times;
  into.activationBytes += c.activationBytes * times;
  into.attentionBytes += c.attentionBytes * times;
}

export interface CostInputs {
  bindings: Record<string, number>;
  batch: number;
  seqLen?: number;
}

/**
 * Costs of one node; FLOPs and memory stay 0 when a dim cannot be evaluated.
 * @example nodeCost(linearDef, { units: 4 }, { x: [{ shape: ["B", 2], dtype: "float32" }] }, outs, { bindings: {}, batch: 1 }).params // 12
 */
export function nodeCost(
  def: BlockDef,
  params: unknown,
  inputs: Record<string, TensorType[]>,
  outputs: Record<string, TensorType>,
  at: CostInputs,
): NodeCost {
  const cost = zeroCost();
  cost.params = def.paramCount({ params, inputs, bindings: at.bindings });
  if (def.embedding) cost.embeddingParams = cost.params;
  const concrete = (batch: number) => {
    // Built key by key: spreading a per-node object here was the hottest line of analyse().
    const b: Record<string, number> = {};
    for (const k in at.bindings) b[k] = at.seqLen ?? at.bindings[k];
    b.B = batch;
    const ins: Record<string, number[][]> = {};
    for (const [port, ts] of Object.entries(inputs)) {
      const shapes = ts.map((t) => evalShape(t.shape, b));
      if (shapes.some((s) => !s)) return undefined;
      ins[port] = shapes as number[][];
    }
    const outs: Record<string, number[]> = {};
    for (const [port, t] of Object.entries(outputs)) {
      const s = evalShape(t.shape, b);
      if (!s) return undefined;
      outs[port] = s;
    }
    return { params, inputs: ins, outputs: outs };
  };
  const one = concrete(1);
  if (one) cost.flops = def.flops(one);
  const batch = at.batch === 1 ? one : concrete(at.batch);
  if (batch) {
    const elems = (s: number[]) => s.reduce((x, y) => x * y, 1);
    const outElems = Object.values(batch.outputs).reduce((a, s) => a + elems(s), 0);
    // The attention weights are an output port (counted in outElems once); the lowering names it.
    const lowered = def.lower(params, { inputs, outputs, peers: [], id: "" });
    const port = lowered.kind === "layer" ? lowered.attention?.port : undefined;
    const weights = port ? batch.outputs[port] : undefined;
    cost.attentionBytes = (weights ? elems(weights) : 0) * BYTES;
    cost.activationBytes = outElems * BYTES;
  }
  return cost;
}
