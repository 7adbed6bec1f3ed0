/** Graph order: topological sort, cycle paths and incoming wires per port. */
import type { GraphEdge } from "./types";

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Kahn's algorithm; `cyclic` lists the nodes left over because they sit on or after a cycle. */
export function topoSort(ids: string[], edges: GraphEdge[]): { order: string[]; cyclic: string[] } {
  const indeg = new Map(ids.map((id) => [id, 0]));
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (!indeg.has(e.source) || !indeg.has(e.target)) continue;
    indeg.set(e.target, indeg.get(e.target)! + 1);
    push(out, e.source, e.target);
  }
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    order.push(id);
    for (const t of out.get(id) ?? []) {
      const d = indeg.get(t)! - 1;
      indeg.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: ids.filter((id) => !placed.has(id)) };
}

/** One cycle among `candidates`, as a closed path `a → b → a`. */
export function findCycle(candidates: string[], edges: GraphEdge[]): string[] {
  const inSet = new Set(candidates);
  const next = new Map<string, string[]>();
  for (const e of edges) if (inSet.has(e.source) && inSet.has(e.target)) push(next, e.source, e.target);
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 1);
    path.push(id);
    for (const t of next.get(id) ?? []) {
      if (state.get(t) === 1) return [...path.slice(path.indexOf(t)), t];
      if (!state.has(t)) {
        const found = visit(t);
        if (found) return found;
      }
    }
    path.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const id of candidates) {
    if (!state.has(id)) {
      const found = visit(id);
      if (found) return found;
    }
  }
  return candidates;
}

/** Incoming wires grouped by target node and port, in edge order. */
export function edgeOrder(edges: GraphEdge[]): Map<string, Map<string, GraphEdge[]>> {
  const map = new Map<string, Map<string, GraphEdge[]>>();
  for (const e of edges) {
    const byPort = map.get(e.target) ?? new Map<string, GraphEdge[]>();
    push(byPort, e.targetPort, e);
    map.set(e.target, byPort);
  }
  return map;
}

/** True when adding `source → target` would close a cycle. */
export function wouldCycle(edges: GraphEdge[], source: string, target: string): boolean {
  if (source === target) return true;
  const next = new Map<string, string[]>();
  for (const e of edges) push(next, e.source, e.target);
  const seen = new Set<string>([target]);
  const stack = [target];
  while (stack.length) {
    for (const t of next.get(stack.pop()!) ?? []) {
      if (t === source) return true;
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return false;
}
