/**
 * One builder per block type: a flat node and its symbolic inputs → its symbolic outputs.
 * Adding a block means one entry here (plus its definition and codegen entry).
 */
import * as tf from "@tensorflow/tfjs";
import { reshapeTarget } from "../graph";
import type { FlatGraph, FlatNode } from "../graph";
import { TLOrthogonal } from "./layers/orthogonal";
import {
  TLActivation,
  TLEmbedding,
  TLLayerNorm,
  TLLinear,
  TLMergeHeads,
  TLMultiHeadAttention,
  TLPositionEmbedding,
  TLRMSNorm,
  TLRoPE,
  TLScaledDotProductAttention,
  TLSinusoidal,
  TLSplitHeads,
} from "./layers";

export interface BuildContext {
  seed: number;
  /** Number of residual output projections (2 per GPT block): their init is 0.02/√R. */
  residualLayers: number;
  /** Layers built so far by flat node id (a tied head reuses its Embedding's layer). */
  layers: Map<string, tf.layers.Layer>;
  flat: FlatGraph;
  /** Position of the node being built, for per-layer seeds. */
  index: number;
}

type Ins = Record<string, tf.SymbolicTensor[]>;
type Outs = Record<string, tf.SymbolicTensor>;
type Builder = (ctx: BuildContext, node: FlatNode, p: any, ins: Ins) => Outs;

const STD = 0.02;
const seedOf = (ctx: BuildContext) => (ctx.seed * 1_000_003 + ctx.index * 7_919 + 17) % 2_147_483_647;
const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor | tf.SymbolicTensor[];
const single = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): Outs => ({ out: apply(layer, x) as tf.SymbolicTensor });

/** Counts the flat nodes initialised as residual projections. */
export function residualCount(nodes: FlatNode[]): number {
  return nodes.filter((n) => (n.type === "Linear" && n.params.init === "residual") || (n.type === "MultiHeadAttention" && n.params.residualInit)).length;
}

const residualStd = (ctx: BuildContext) => STD / Math.sqrt(Math.max(1, ctx.residualLayers));

/** Both kernels of a recurrent layer seeded (tfjs's default orthogonal recurrent init is not), so a seed fixes every weight. */
const recurrentInits = (ctx: BuildContext) => ({
  kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf(ctx) }),
  recurrentInitializer: new TLOrthogonal({ gain: 1, seed: seedOf(ctx) + 1 }),
});

const BUILDERS: Record<string, Builder> = {
  Input: (_ctx, node, p) => {
    const name = node.id;
    if (p.kind === "features") return { out: tf.input({ shape: [p.features], name }) };
    if (p.kind === "tokens") return { out: tf.input({ shape: [p.seqLen], dtype: "int32", name }) };
    return { out: tf.input({ shape: [p.seqLen, p.features], name }) };
  },
  Linear: (ctx, node, p, ins) => {
    if (p.tieTo) return tiedHead(ctx, node, p, ins.x[0]);
    const init = p.init === "glorot" ? { init: "glorot" as const, stddev: STD } : { init: "normal" as const, stddev: p.init === "residual" ? residualStd(ctx) : STD };
    return single(new TLLinear({ name: node.id, units: p.units, useBias: p.bias, seed: seedOf(ctx), ...init }), ins.x[0]);
  },
  Activation: (_ctx, node, p, ins) => single(new TLActivation({ name: node.id, fn: p.fn }), ins.x[0]),
  Dropout: (ctx, node, p, ins) => single(tf.layers.dropout({ name: node.id, rate: p.rate, seed: seedOf(ctx) }), ins.x[0]),
  Flatten: (_ctx, node, _p, ins) => single(tf.layers.flatten({ name: node.id }), ins.x[0]),
  Reshape: (_ctx, node, p, ins) => single(tf.layers.reshape({ name: node.id, targetShape: fixedTarget(p.shape, ins.x[0]) }), ins.x[0]),
  Concat: (_ctx, node, p, ins) => single(tf.layers.concatenate({ name: node.id, axis: p.axis }), ins.x),
  Add: (_ctx, node, _p, ins) => single(tf.layers.add({ name: node.id }), ins.x),
  Multiply: (_ctx, node, _p, ins) => single(tf.layers.multiply({ name: node.id }), ins.x),
  Embedding: (ctx, node, p, ins) => {
    const headBias = tiedHeads(ctx, node).some((h) => h.params.bias === true);
    const layer = new TLEmbedding({ name: node.id, vocabSize: p.vocabSize, dim: p.dim, stddev: STD, seed: seedOf(ctx), idsRank: ins.ids[0].shape.length, headBias });
    ctx.layers.set(node.id, layer);
    return single(layer, ins.ids[0]);
  },
  PositionEmbedding: (ctx, node, p, ins) => single(new TLPositionEmbedding({ name: node.id, maxLen: p.maxLen, stddev: STD, seed: seedOf(ctx) }), ins.x[0]),
  SinusoidalPositionalEncoding: (_ctx, node, _p, ins) => single(new TLSinusoidal({ name: node.id }), ins.x[0]),
  RoPE: (_ctx, node, p, ins) => single(new TLRoPE({ name: node.id, heads: p.heads, base: p.base }), ins.x[0]),
  SimpleRNN: (ctx, node, p, ins) => single(tf.layers.simpleRNN({ name: node.id, units: p.units, returnSequences: p.returnSequences, ...recurrentInits(ctx) }), ins.x[0]),
  LSTM: (ctx, node, p, ins) => single(tf.layers.lstm({ name: node.id, units: p.units, returnSequences: p.returnSequences, ...recurrentInits(ctx) }), ins.x[0]),
  GRU: (ctx, node, p, ins) => single(tf.layers.gru({ name: node.id, units: p.units, returnSequences: p.returnSequences, ...recurrentInits(ctx) }), ins.x[0]),
  LayerNorm: (_ctx, node, p, ins) => single(new TLLayerNorm({ name: node.id, eps: p.eps, affine: p.affine }), ins.x[0]),
  RMSNorm: (_ctx, node, p, ins) => single(new TLRMSNorm({ name: node.id, eps: p.eps, affine: p.affine }), ins.x[0]),
  MultiHeadAttention: (ctx, node, p, ins) => {
    const layer = new TLMultiHeadAttention({
      name: node.id,
      heads: p.heads,
      causal: p.causal,
      rope: p.rope,
      ropeBase: 10_000,
      dropout: p.dropout,
      useBias: p.bias,
      cross: p.cross,
      stddev: STD,
      outStddev: p.residualInit ? residualStd(ctx) : STD,
      seed: seedOf(ctx),
    });
    const [out, weights] = apply(layer, p.cross ? [ins.query[0], ins.context[0]] : ins.x[0]) as tf.SymbolicTensor[];
    return { out, weights };
  },
  SplitHeads: (_ctx, node, p, ins) => single(new TLSplitHeads({ name: node.id, heads: p.heads }), ins.x[0]),
  MergeHeads: (_ctx, node, _p, ins) => single(new TLMergeHeads({ name: node.id }), ins.x[0]),
  ScaledDotProductAttention: (_ctx, node, p, ins) => {
    const [out, weights] = apply(new TLScaledDotProductAttention({ name: node.id, causal: p.causal }), [ins.q[0], ins.k[0], ins.v[0]]) as tf.SymbolicTensor[];
    return { out, weights };
  },
};

/** Linear heads tied to this Embedding node. */
/**
 * Reshape's target with its −1 worked out from the input's size (analysis insists the size is
 * fixed): tfjs leaves an inferred axis unknown (null), and a Linear after it could not build.
 */
function fixedTarget(target: number[], input: tf.SymbolicTensor): number[] {
  const sizes = input.shape.slice(1);
  if (!target.includes(-1) || sizes.some((d) => d === null)) return target;
  return reshapeTarget(target, (sizes as number[]).reduce((a, d) => a * d, 1));
}

function tiedHeads(ctx: BuildContext, embedding: FlatNode): FlatNode[] {
  return ctx.flat.nodes.filter((n) => n.type === "Linear" && n.params.tieTo === embedding.sourceId && n.path.length === embedding.path.length);
}

/** A tied head is the Embedding's own layer applied a second time (one shared matrix). */
function tiedHead(ctx: BuildContext, node: FlatNode, p: any, x: tf.SymbolicTensor): Outs {
  const target = ctx.flat.nodes.find((n) => n.type === "Embedding" && n.sourceId === p.tieTo);
  const layer = target && ctx.layers.get(target.id);
  if (!target || !layer) throw new Error(`the head is tied to ${p.tieTo}, which must be an Embedding built before it`);
  const idsRank = (layer as TLEmbedding).getConfig().idsRank as number;
  if (x.shape.length !== idsRank + 1) throw new Error(`a tied head needs a rank ${idsRank + 1} input like its Embedding's output, got rank ${x.shape.length}`);
  return single(layer, x);
}

export function buildLayer(ctx: BuildContext, node: FlatNode, ins: Ins): Outs {
  const builder = BUILDERS[node.type];
  if (!builder) throw new Error(`no compiler entry for block type ${node.type}`);
  return builder(ctx, node, node.params, ins);
}

/** Block types the compiler can build (a test checks every registry type has one). */
export const compilableTypes = new Set([...Object.keys(BUILDERS), "Output", "Group", "GroupInput", "GroupOutput"]);
