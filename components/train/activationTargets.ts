/**
 * The tensors the Activations panel can measure: every flat node's output (`linear1`,
 * `blocks_0_attn1`), and which of them the canvas selection points at.
 */
import { flattenGraph } from "@/graph";
import type { GraphDocument } from "@/graph";

export interface ActivationTarget {
  /** Flat node id: what `activationStats` takes. */
  ref: string;
  /** What the list shows: `attn1 (blocks, copy 1)`. */
  label: string;
  type: string;
  /** The node in the document (its scope's id) this flat node comes from. */
  sourceId: string;
  /** Group nodes around it, outermost first. */
  path: [string, number][];
}

/** Blocks without an output tensor of their own. */
const NO_OUTPUT = new Set(["Output", "GroupInput", "GroupOutput", "Group"]);

export function activationTargets(doc: GraphDocument): ActivationTarget[] {
  let flat;
  try {
    flat = flattenGraph(doc);
  } catch {
    return [];
  }
  return flat.nodes
    .filter((n) => !NO_OUTPUT.has(n.type))
    .map((n) => ({
      ref: n.id,
      label: n.path.length ? `${n.sourceId} (${n.path.map(([g, i]) => `${g} ${i + 1}`).join(", ")})` : n.id,
      type: n.type,
      sourceId: n.sourceId,
      path: n.path,
    }));
}

/**
 * The target a canvas selection means: the selected node itself at the top level; inside a
 * block body its first copy; for a selected block node, the last node of its last copy (what
 * flows out of the block).
 */
export function targetForSelection(
  targets: readonly ActivationTarget[],
  selection: readonly string[],
  scope: string | undefined,
): ActivationTarget | undefined {
  if (selection.length !== 1) return undefined;
  const id = selection[0];
  if (scope === undefined) {
    const own = targets.find((t) => t.path.length === 0 && t.sourceId === id);
    if (own) return own;
    const inside = targets.filter((t) => t.path.length > 0 && t.path[0][0] === id);
    return inside[inside.length - 1];
  }
  return targets.find((t) => t.path.length > 0 && t.sourceId === id);
}
