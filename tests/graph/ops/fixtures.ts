/** Small documents and checks shared by the edit-operation tests. */
import { expect } from "vitest";
import { createBuilder } from "@/graph";
import type { GraphDocument, GraphEdge } from "@/graph";

/** input1 (4 features) → linear1 (16) → act1 → linear2 (3) → output1. Wires e1…e4. */
export function mlp(): GraphDocument {
  const b = createBuilder("mlp");
  const x = b.node("Input", { kind: "features", features: 4 });
  const h = b.node("Linear", { units: 16 }, { x });
  const a = b.node("Activation", { fn: "relu" }, { x: h });
  b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 3 }, { x: a }) });
  return b.build();
}

/**
 * A one-layer decoder with the residual written out:
 * input1 (tokens) → emb1 → ln1 → attn1 → add1 (+ emb1) → ln2 → linear1 → output1.
 */
export function residual(): GraphDocument {
  const b = createBuilder("residual");
  const ids = b.node("Input", { kind: "tokens", seqLen: 8, vocabSize: 50 });
  const emb = b.node("Embedding", { vocabSize: 50, dim: 32 }, { ids });
  const attn = b.node("MultiHeadAttention", { heads: 4 }, { x: b.node("LayerNorm", {}, { x: emb }) });
  const add = b.node("Add", {}, { x: [emb, attn] });
  const head = b.node("Linear", { units: 50 }, { x: b.node("LayerNorm", {}, { x: add }) });
  b.node("Output", { kind: "language_model" }, { x: head });
  return b.build();
}

/**
 * The same network with the residual layer as a block: body `block` (in1 → ln1 → attn1 →
 * add1 → out1), run by Group node `group1` between emb1 and ln2.
 */
export function blocked(): GraphDocument {
  const b = createBuilder("blocked");
  const ids = b.node("Input", { kind: "tokens", seqLen: 8, vocabSize: 50 });
  const emb = b.node("Embedding", { vocabSize: 50, dim: 32 }, { ids });
  const group = b.group(
    "Decoder layer",
    ["x"],
    (g, { x }) => {
      const attn = g.node("MultiHeadAttention", { heads: 4 }, { x: g.node("LayerNorm", {}, { x }) });
      return { x: g.node("Add", {}, { x: [x, attn] }) };
    },
    { id: "block" },
  );
  const layer = b.node("Group", { group }, { x: emb }, { id: "group1" });
  const head = b.node("Linear", { units: 50 }, { x: b.node("LayerNorm", {}, { x: b.port(layer, "x") }) });
  b.node("Output", { kind: "language_model" }, { x: head });
  return b.build();
}

/** Freezes a document all the way down, so an edit that mutates it throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Runs `edit` on a frozen document and checks the input is deep-equal to a snapshot taken
 * before, and that the result is a different object.
 */
export function untouched<R>(doc: GraphDocument, edit: (doc: GraphDocument) => R): R {
  const before = structuredClone(doc);
  const result = edit(deepFreeze(doc));
  expect(doc).toEqual(before);
  const graph = result && typeof result === "object" && "graph" in result ? (result as { graph: unknown }).graph : result;
  if (graph !== undefined) expect(graph).not.toBe(doc);
  return result;
}

/** Wires as sorted `source.port→target.port` strings: the wiring, whatever the wire ids. */
export function wiring(edges: GraphEdge[]): string[] {
  return edges.map((e) => `${e.source}.${e.sourcePort}→${e.target}.${e.targetPort}`).sort();
}

/** Narrows an edit result to success, failing the test with its message otherwise. */
export function ok<R extends { ok: boolean }>(result: R): Extract<R, { ok: true }> {
  if (!result.ok) expect.fail(`edit refused: ${(result as unknown as { message: string }).message}`);
  return result as Extract<R, { ok: true }>;
}

/** Narrows an edit result to a refusal and returns its message. */
export function refused(result: { ok: true } | { ok: false; message: string }): string {
  if (result.ok) expect.fail("edit was expected to be refused");
  return result.message;
}
