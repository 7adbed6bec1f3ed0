/**
 * What a document's groups expand to, worked out on the collapsed graph: how deep bodies nest
 * and how many layers one copy of each body becomes (`∏ repeats × nodes`). Computed once per
 * body with an explicit stack, so neither deep nesting nor huge repeats cost more than the
 * document's size; analysis checks these numbers against LIMITS before expanding anything.
 */
import type { GraphDocument, GraphNode, GroupDef } from "./types";

export interface GroupStructure {
  /** Levels of bodies from this one down: 1 for a body with no Group node (a body running itself is not counted). */
  depth(groupId: string): number;
  /** Layers one copy of the body expands to; a Group node inside counts repeat × its body's. */
  size(groupId: string): number;
  /** Layers the top level expands to. */
  total: number;
}

const STRUCTURAL = new Set(["Group", "GroupInput", "GroupOutput"]);

/** A Group node's repeat count as flattening uses it (at least 1). */
export function repeatOf(node: GraphNode): number {
  const r = Math.floor(Number(node.params.repeat ?? 1));
  return Number.isFinite(r) && r > 1 ? r : 1;
}

/** The body a Group node runs, if it names one. */
const bodyOf = (n: GraphNode) => (n.type === "Group" && typeof n.params.group === "string" ? n.params.group : undefined);

function ownLayers(nodes: readonly GraphNode[]): number {
  let count = 0;
  for (const n of nodes) if (!STRUCTURAL.has(n.type)) count++;
  return count;
}

/**
 * Depth and expanded size of every body (the first body of an id wins, as in `findGroup`).
 * @example groupStructure(doc).size("block") // 12 layers in one Transformer block
 */
export function groupStructure(doc: Pick<GraphDocument, "nodes" | "groups">): GroupStructure {
  const byId = new Map<string, GroupDef>();
  for (const g of doc.groups) if (!byId.has(g.id)) byId.set(g.id, g);
  const depth = new Map<string, number>();
  const size = new Map<string, number>();
  const onPath = new Set<string>();

  const children = (g: GroupDef) => g.nodes.filter((n) => byId.has(bodyOf(n) ?? "")).map((n) => ({ id: bodyOf(n)!, repeat: repeatOf(n) }));
  const finish = (g: GroupDef) => {
    let d = 1;
    let s = ownLayers(g.nodes);
    for (const c of children(g)) {
      if (onPath.has(c.id)) continue; // a body containing itself: analysis reports it
      d = Math.max(d, 1 + depth.get(c.id)!);
      s += c.repeat * size.get(c.id)!;
    }
    depth.set(g.id, d);
    size.set(g.id, s);
  };

  for (const root of byId.keys()) {
    if (depth.has(root)) continue;
    const stack: { id: string; next: string[] }[] = [];
    const enter = (id: string) => {
      onPath.add(id);
      stack.push({ id, next: children(byId.get(id)!).map((c) => c.id) });
    };
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const child = top.next.pop();
      if (child === undefined) {
        finish(byId.get(top.id)!);
        onPath.delete(top.id);
        stack.pop();
      } else if (!depth.has(child) && !onPath.has(child)) enter(child);
    }
  }

  let total = ownLayers(doc.nodes);
  for (const n of doc.nodes) {
    const id = bodyOf(n);
    if (id !== undefined && size.has(id)) total += repeatOf(n) * size.get(id)!;
  }
  return { depth: (id) => depth.get(id) ?? 0, size: (id) => size.get(id) ?? 0, total };
}

/** `16,777,216`: counts in messages. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "more than 10^308";
}
