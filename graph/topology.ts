/**
 * The one place graph walks live: topological order, a cycle's path, incoming wires per port,
 * liveness (what leads to a sink) and reachability. Every walk is iterative (no recursion, so
 * no stack to overflow on a long chain or a big cycle) and linear in nodes + edges.
 */
import type { GraphEdge } from "./types";

/** A wire as the walks see it: only its two ends. */
export interface Link {
  source: string;
  target: string;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Successors (or, `backwards`, predecessors) of each node along `links`. */
export function adjacency(links: Iterable<Link>, backwards = false): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const e of links) {
    if (backwards) push(next, e.target, e.source);
    else push(next, e.source, e.target);
  }
  return next;
}

/**
 * Kahn's algorithm; `cyclic` lists the nodes left over because they sit on or after a cycle.
 * @example topoSort(["b", "a"], [{ source: "a", target: "b" }]).order // ["a", "b"]
 */
export function topoSort(ids: string[], edges: readonly Link[]): { order: string[]; cyclic: string[] } {
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

/**
 * One cycle among `candidates`, as a closed path `a → b → a` (depth-first search with an
 * explicit stack). Returns `candidates` when they hold no cycle.
 */
export function findCycle(candidates: string[], edges: readonly Link[]): string[] {
  const inSet = new Set(candidates);
  const next = adjacency(edges.filter((e) => inSet.has(e.source) && inSet.has(e.target)));
  const state = new Map<string, 1 | 2>(); // 1: on the path, 2: done
  for (const start of candidates) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const cursor: number[] = [0];
    const at = new Map<string, number>([[start, 0]]);
    state.set(start, 1);
    while (path.length > 0) {
      const id = path[path.length - 1];
      const succ = next.get(id) ?? [];
      const i = cursor[cursor.length - 1]++;
      if (i >= succ.length) {
        state.set(id, 2);
        at.delete(id);
        path.pop();
        cursor.pop();
        continue;
      }
      const t = succ[i];
      if (state.get(t) === 1) return [...path.slice(at.get(t)), t];
      if (!state.has(t)) {
        state.set(t, 1);
        at.set(t, path.length);
        path.push(t);
        cursor.push(0);
      }
    }
  }
  return candidates;
}

/** Incoming wires grouped by target node and port, in edge order. */
export function edgeOrder<E extends GraphEdge>(edges: readonly E[]): Map<string, Map<string, E[]>> {
  const map = new Map<string, Map<string, E[]>>();
  for (const e of edges) {
    let byPort = map.get(e.target);
    if (!byPort) map.set(e.target, (byPort = new Map()));
    push(byPort, e.targetPort, e);
  }
  return map;
}

/**
 * Every node reachable from `starts` along `next` (`starts` included).
 * @example reachable(adjacency(edges, true), ["out"]) // what leads to "out"
 */
export function reachable(next: ReadonlyMap<string, readonly string[]>, starts: Iterable<string>): Set<string> {
  const seen = new Set(starts);
  const stack = [...seen];
  while (stack.length > 0) {
    for (const t of next.get(stack.pop()!) ?? []) {
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return seen;
}

/** Node ids from which some node of `sinks` can be reached along `edges`: the live ones. */
export function leadingTo(edges: Iterable<Link>, sinks: Iterable<string>): Set<string> {
  return reachable(adjacency(edges, true), sinks);
}

/** True when adding `source → target` would close a cycle. */
export function wouldCycle(edges: readonly Link[], source: string, target: string): boolean {
  return source === target || reachable(adjacency(edges), [target]).has(source);
}
