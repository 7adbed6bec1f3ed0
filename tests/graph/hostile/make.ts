/**
 * Small document makers for the hostile-document tests: plain data with readable ids, built
 * without the builder so tests can put any string anywhere (prototype keys, bidi text).
 */
import type { GraphDocument, GraphEdge, GraphNode, GroupDef } from "@/graph";

export const PROTOTYPE_KEYS = ["toString", "hasOwnProperty", "constructor", "__proto__", "valueOf", "isPrototypeOf"] as const;

export function node(id: string, type: string, params: Record<string, unknown> = {}, x = 0): GraphNode {
  return { id, type, params, position: { x: x * 220, y: 0 } };
}

export function edge(id: string, source: string, target: string, targetPort = "x", sourcePort = "out"): GraphEdge {
  return { id, source, sourcePort, target, targetPort };
}

export function doc(parts: Partial<GraphDocument> = {}): GraphDocument {
  return { format: "tensorloom.graph", version: 1, name: "hostile", nodes: [], edges: [], groups: [], meta: {}, ...parts };
}

const INPUT = { kind: "features", features: 4, seqLen: 64, vocabSize: 65, lengthName: "T" };
const OUTPUT = { kind: "regression" };
const RELU = { fn: "relu" };

/** `Input [B, 4] → middle → Output`; `middle` is wired from `in` and into `out`. */
export function around(
  middle: { nodes: GraphNode[]; edges: GraphEdge[]; first: string; last: string; firstPort?: string; lastPort?: string },
  groups: GroupDef[] = [],
): GraphDocument {
  return doc({
    nodes: [node("in", "Input", INPUT), ...middle.nodes, node("out", "Output", OUTPUT)],
    edges: [
      edge("e_in", "in", middle.first, middle.firstPort ?? "x"),
      ...middle.edges,
      edge("e_out", middle.last, "out", "x", middle.lastPort ?? "out"),
    ],
    groups,
  });
}

/** A chain of `n` ReLU activations between an Input and an Output. */
export function chain(n: number): GraphDocument {
  const nodes = Array.from({ length: n }, (_, i) => node(`a${i}`, "Activation", RELU, i));
  const edges = Array.from({ length: n - 1 }, (_, i) => edge(`e${i}`, `a${i}`, `a${i + 1}`));
  return around({ nodes, edges, first: "a0", last: `a${n - 1}` });
}

/** A ring of `n` activations fed by the Input (so every node sits on the cycle). */
export function ring(n: number): GraphDocument {
  const d = chain(n);
  return {
    ...d,
    nodes: [...d.nodes, node("add", "Add", {})],
    edges: [
      ...d.edges.filter((e) => e.id !== "e_in"),
      edge("e_in", "in", "add"),
      edge("e_add", "add", "a0"),
      edge("e_back", `a${n - 1}`, "add"),
    ],
  };
}

/** An Add with `n` wires from the Input. */
export function fanIn(n: number): GraphDocument {
  const edges = Array.from({ length: n - 1 }, (_, i) => edge(`f${i}`, "in", "add"));
  return around({ nodes: [node("add", "Add", {})], edges, first: "add", last: "add" });
}

/** A group body `in(port) → inner → out(port)`, where `inner` is one node wired `x → out`. */
export function body(id: string, inner: GraphNode, port = "x", ids = { input: "gin", output: "gout" }): GroupDef {
  return {
    id,
    name: `Body ${id}`,
    nodes: [node(ids.input, "GroupInput", { name: port }), inner, node(ids.output, "GroupOutput", { name: port })],
    edges: [edge("b1", ids.input, inner.id, "x"), edge("b2", inner.id, ids.output, "x", inner.type === "Group" ? port : "out")],
  };
}

/**
 * `levels` nested bodies, each running the one inside it ×`repeat` (the innermost holds a
 * ReLU); the top level runs the outermost ×`repeat`: `repeat^levels` ReLUs once expanded.
 */
export function nestedRepeats(levels: number, repeat: number): GraphDocument {
  const groups: GroupDef[] = [body("g0", node("act", "Activation", RELU))];
  for (let k = 1; k < levels; k++) groups.push(body(`g${k}`, node("inner", "Group", { group: `g${k - 1}`, repeat })));
  const top = node("blk", "Group", { group: `g${levels - 1}`, repeat });
  return around({ nodes: [top], edges: [], first: "blk", last: "blk", lastPort: "x" }, groups);
}

/** `depth` bodies where each runs the one below twice in a row (two Group nodes per level). */
export function doubling(depth: number): GraphDocument {
  const groups: GroupDef[] = [body("g0", node("act", "Activation", RELU))];
  for (let k = 1; k < depth; k++) {
    groups.push({
      id: `g${k}`,
      name: `Level ${k}`,
      nodes: [
        node("gin", "GroupInput", { name: "x" }),
        node("l", "Group", { group: `g${k - 1}`, repeat: 1 }),
        node("r", "Group", { group: `g${k - 1}`, repeat: 1 }),
        node("gout", "GroupOutput", { name: "x" }),
      ],
      edges: [edge("b1", "gin", "l"), edge("b2", "l", "r", "x", "x"), edge("b3", "r", "gout", "x", "x")],
    });
  }
  return around(
    { nodes: [node("blk", "Group", { group: `g${depth - 1}`, repeat: 1 })], edges: [], first: "blk", last: "blk", lastPort: "x" },
    groups,
  );
}

/** The document as a JSON text (compact). */
export const text = (d: unknown) => JSON.stringify(d);

/** Milliseconds `f` takes, and its result. */
export function timed<T>(f: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = f();
  return { ms: performance.now() - start, value };
}

/** The generous time budget of a call on `chars` of input: 2 s per MB + 1 s. */
export const budgetMs = (chars: number) => 1000 + (2000 * chars) / 1e6;
