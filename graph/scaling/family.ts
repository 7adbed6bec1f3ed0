/**
 * A model family from one decoder-only graph: the same structure at other widths and depths.
 * Depth is the repeat count of the block that holds the attention; width rescales every
 * Embedding and every Linear whose size is a multiple of the width (so a 4h MLP stays 4h),
 * and the heads keep their size (h/a), as Kaplan et al. 2020 and Hoffmann et al. 2022 scale
 * their families. The vocabulary, context and everything else stay as drawn.
 */
import { analyse, isValid } from "../analysis";
import { findGroup } from "../ports";
import { transformerDims } from "../plan/dims";
import type { GraphDocument, GraphNode } from "../types";

export interface FamilyMember {
  width: number;
  depth: number;
  heads: number;
  doc: GraphDocument;
  /** Every parameter, embeddings included (Hoffmann et al. 2022's N). */
  params: number;
  /** Parameters outside embeddings (Kaplan et al. 2020's N). */
  paramsNonEmbedding: number;
}

export type FamilyResult = { ok: true; member: FamilyMember } | { ok: false; message: string };

/** The Group node (top level) whose body holds the causal self-attention. */
function blockNode(doc: GraphDocument): GraphNode | undefined {
  const holdsAttention = (groupId: unknown, seen: string[]): boolean => {
    const g = findGroup(doc, groupId);
    if (!g || seen.includes(g.id)) return false;
    return g.nodes.some(
      (n) =>
        (n.type === "MultiHeadAttention" && !n.params.cross) || (n.type === "Group" && holdsAttention(n.params.group, [...seen, g.id])),
    );
  };
  return doc.nodes.find((n) => n.type === "Group" && holdsAttention(n.params.group, []));
}

/**
 * The graph at another width and depth, or why it cannot be scaled.
 * @example scaleDecoder(gpt, { width: 64, depth: 2 }) // { ok: true, member: { heads: 2, params: … } }
 */
export function scaleDecoder(doc: GraphDocument, { width, depth }: { width: number; depth: number }): FamilyResult {
  const a = analyse(doc);
  if (!isValid(a)) return { ok: false, message: `${doc.name} has problems (see Problems) and cannot be scaled` };
  const dims = transformerDims(doc, a);
  if (!dims.decoderOnly || dims.width === undefined || dims.heads === undefined)
    return {
      ok: false,
      message: `${doc.name} is not a decoder-only Transformer: a model family needs causal self-attention, a token Input and a language-model Output`,
    };
  const block = blockNode(doc);
  if (!block)
    return { ok: false, message: "scaling depth needs the repeated block as a Group node (select the block's nodes and group them)" };
  const h = dims.width;
  const headSize = h / dims.heads;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(depth) || depth < 1)
    return { ok: false, message: `width and depth must be whole numbers ≥ 1, got ${width} and ${depth}` };
  if (width % headSize !== 0)
    return {
      ok: false,
      message: `width ${width} is not a multiple of the head size ${headSize} (width ${h} / ${dims.heads} heads): pick a multiple of ${headSize}`,
    };
  const heads = width / headSize;

  const rescale = (n: GraphNode): GraphNode => {
    const p = n.params;
    if (n.type === "Embedding" && p.dim === h) return { ...n, params: { ...p, dim: width } };
    if (n.type === "MultiHeadAttention" || n.type === "SplitHeads") return { ...n, params: { ...p, heads } };
    if (n.type === "Linear" && typeof p.units === "number" && p.units !== dims.vocab && p.units % h === 0)
      return { ...n, params: { ...p, units: (p.units / h) * width } };
    return n;
  };
  const scaled: GraphDocument = {
    ...doc,
    name: `${doc.name} ${width}×${depth}`,
    nodes: doc.nodes.map((n) => (n.id === block.id ? { ...n, params: { ...n.params, repeat: depth } } : rescale(n))),
    groups: doc.groups.map((g) => ({ ...g, nodes: g.nodes.map(rescale) })),
  };
  const sa = analyse(scaled);
  if (!isValid(sa)) {
    const e = sa.diagnostics.find((d) => d.severity === "error")!;
    return { ok: false, message: `at width ${width}, depth ${depth} the graph no longer checks: ${e.message}` };
  }
  return {
    ok: true,
    member: { width, depth, heads, doc: scaled, params: sa.totals.params, paramsNonEmbedding: sa.totals.paramsNonEmbedding },
  };
}
