/**
 * The figures the parallelism formulas need — layers L, width h, heads a, context s, vocabulary
 * V and parameters Ψ — read from a graph as drawn. Only a decoder-only Transformer has all of
 * them; for anything else the missing ones are named, so the planner can say what it cannot do.
 */
import type { Analysis } from "../analysis";
import { findGroup } from "../ports";
import type { GraphDocument, GraphNode } from "../types";

export type DimName = "layers" | "width" | "heads" | "seqLen" | "vocab";

export interface TransformerDims {
  /** Ψ: every trainable parameter (embeddings included, a tied head counted once). */
  params: number;
  /** Parameters outside embeddings (Kaplan et al. 2020's N). */
  paramsNonEmbedding: number;
  /** L: causal self-attention layers, counting every repeat of a block. */
  layers?: number;
  /** h: the width attention works on. */
  width?: number;
  /** a: attention heads. */
  heads?: number;
  /** s: context length, from the token Input. */
  seqLen?: number;
  /** V: vocabulary, from the token Input. */
  vocab?: number;
  /** True when the graph is a decoder-only Transformer language model. */
  decoderOnly: boolean;
  /** The figures that could not be read, with why. */
  unknown: { name: DimName; why: string }[];
}

interface AttentionUse {
  node: GraphNode;
  /** Copies of this node in the expanded graph (product of enclosing repeats). */
  copies: number;
  width?: number;
}

/** Every MultiHeadAttention in the document, with how many times its block repeats it. */
function attentionUses(doc: GraphDocument, a: Analysis): AttentionUse[] {
  const out: AttentionUse[] = [];
  const walk = (nodes: GraphNode[], groupId: string | undefined, copies: number, stack: string[]) => {
    const scope = groupId ? a.groups[groupId] : a;
    for (const n of nodes) {
      if (n.type === "MultiHeadAttention") {
        const x = scope?.nodes[n.id]?.inputs[n.params.cross ? "query" : "x"]?.[0];
        const last = x?.shape[x.shape.length - 1];
        out.push({ node: n, copies, width: typeof last === "number" ? last : undefined });
      } else if (n.type === "Group") {
        const g = findGroup(doc, n.params.group);
        const repeat = typeof n.params.repeat === "number" ? n.params.repeat : 1;
        if (g && !stack.includes(g.id)) walk(g.nodes, g.id, copies * repeat, [...stack, g.id]);
      }
    }
  };
  walk(doc.nodes, undefined, 1, []);
  return out;
}

/**
 * Reads L, h, a, s, V and Ψ from a graph and its analysis.
 * @example transformerDims(gpt2Small, analyse(gpt2Small)) // { layers: 12, width: 768, heads: 12, seqLen: 1024, vocab: 50257, … }
 */
export function transformerDims(doc: GraphDocument, a: Analysis): TransformerDims {
  const unknown: TransformerDims["unknown"] = [];
  const uses = attentionUses(doc, a);
  const self = uses.filter((u) => !u.node.params.cross && u.node.params.causal !== false);
  const cross = uses.filter((u) => u.node.params.cross);
  const lm = doc.nodes.some((n) => n.type === "Output" && n.params.kind === "language_model");
  const tokens = doc.nodes.find((n) => n.type === "Input" && n.params.kind === "tokens");

  let layers: number | undefined;
  let width: number | undefined;
  let heads: number | undefined;
  if (self.length === 0) {
    const why = uses.length ? "its attention is not causal self-attention" : "the graph has no attention block";
    unknown.push({ name: "layers", why }, { name: "width", why }, { name: "heads", why });
  } else {
    layers = self.reduce((n, u) => n + u.copies, 0);
    const widths = new Set(self.map((u) => u.width));
    const headCounts = new Set(self.map((u) => u.node.params.heads as number));
    if (widths.size === 1 && [...widths][0] !== undefined) width = [...widths][0];
    else
      unknown.push({
        name: "width",
        why: widths.has(undefined)
          ? "an attention block's input width is not known (see Problems)"
          : `attention blocks have different widths (${[...widths].join(", ")})`,
      });
    if (headCounts.size === 1) heads = [...headCounts][0];
    else unknown.push({ name: "heads", why: `attention blocks have different head counts (${[...headCounts].join(", ")})` });
  }
  const seqLen = tokens ? (tokens.params.seqLen as number) : undefined;
  const vocab = tokens ? (tokens.params.vocabSize as number) : undefined;
  if (!tokens) {
    const why = "the graph has no Input of kind tokens";
    unknown.push({ name: "seqLen", why }, { name: "vocab", why });
  }
  return {
    params: a.totals.params,
    paramsNonEmbedding: a.totals.paramsNonEmbedding,
    layers,
    width,
    heads,
    seqLen,
    vocab,
    decoderOnly: lm && self.length > 0 && cross.length === 0 && tokens !== undefined,
    unknown,
  };
}
