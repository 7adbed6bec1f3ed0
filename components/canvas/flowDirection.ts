/**
 * Which blocks read right to left. A block whose wires come in from its right and leave to its
 * left (the second row of a wrapped chain) gets its inputs on its right side and its outputs on
 * its left, so its wires are short curves instead of loops behind it. Derived from positions
 * only: nothing about it is stored in the document.
 */
import { topoSort } from "@/graph";
import type { GraphEdge, GraphNode } from "@/graph";
import { DEFAULT_SIZE } from "../layout/size";

/** Wires shorter than this horizontally (a block straight below another) do not vote. */
const LEVEL = DEFAULT_SIZE.width / 2;

const vote = (dx: number) => (dx > LEVEL ? 1 : dx < -LEVEL ? -1 : 0);

/**
 * The ids of the blocks of one scope that read right to left.
 * A block with no horizontal wire (straight below the block that feeds it, as where a wrapped
 * chain turns) faces the other way from that block, so the turn is a short C-shaped wire.
 * @example flowsLeft(row2Nodes, edges) // Set { "act2", "dense3", … }
 */
export function flowsLeft(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Set<string> {
  const at = new Map(nodes.map((n) => [n.id, n.position.x]));
  const inner = edges.filter((e) => at.has(e.source) && at.has(e.target) && e.source !== e.target);
  const score = new Map<string, number>();
  const straightIn = new Map<string, string>();
  for (const e of inner) {
    const v = vote(at.get(e.target)! - at.get(e.source)!);
    score.set(e.source, (score.get(e.source) ?? 0) + v);
    score.set(e.target, (score.get(e.target) ?? 0) + v);
    if (v === 0 && !straightIn.has(e.target)) straightIn.set(e.target, e.source);
  }
  const left = new Set<string>();
  const { order, cyclic } = topoSort(
    nodes.map((n) => n.id),
    inner,
  );
  for (const id of [...order, ...cyclic]) {
    const s = score.get(id) ?? 0;
    if (s < 0) left.add(id);
    if (s !== 0) continue;
    const feed = straightIn.get(id);
    if (feed !== undefined && !left.has(feed) && (score.get(feed) ?? 0) !== 0) left.add(id);
  }
  return left;
}
