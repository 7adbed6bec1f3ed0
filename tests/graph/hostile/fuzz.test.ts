/**
 * Structure-aware hostile documents through everything a document reaches: parseGraph →
 * analyse → flattenGraph → compile and emitPyTorch (tiny ones, tfjs cpu) → emitTypeScript, and the editor's
 * layout and group edits. For every document: nothing throws (errors are results; export's
 * refusals are CodegenErrors), nothing is polluted, an accepted document round-trips with no
 * repairs, a valid one flattens to exactly the size the collapsed count predicts, user strings
 * stay inside string literals of the exported code, and pathological ones finish within a
 * generous budget (2 s per MB + 1 s; never a tight timing).
 */
import * as tf from "@tensorflow/tfjs";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { chainLayout } from "@/components/layout/chainLayout";
import { createEditorStore } from "@/components/editor/store";
import { CodegenError, compile, emitPyTorch, emitTypeScript } from "@/compiler";
import { analyse, flattenGraph, groupNodes, groupStructure, isValid, moveNodes, parseGraph, serializeGraph } from "@/graph";
import type { GraphDocument } from "@/graph";
import { GENERATOR_KINDS, MARK, hostileDocument } from "./generators";
import { budgetMs } from "./make";

const SEED = 0x12_2026;
/** Documents per run: ≥ 10,000 in every `npm test`. */
const DOCUMENTS = 10_200;
const BATCHES = 6;
/** Exports checked token by token per batch, and tiny models compiled per batch. */
const EXPORTS_PER_BATCH = 12;
const COMPILES_PER_BATCH = 6;

const PROTO = Object.getOwnPropertyNames(Object.prototype);
const ARRAY_PROTO = Object.getOwnPropertyNames(Array.prototype);

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

interface Tally {
  documents: number;
  accepted: number;
  valid: number;
  exported: number;
  refused: number;
  compiled: number;
  exportedPy: number;
  kinds: Map<string, number>;
}

function unpolluted(): void {
  expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(PROTO);
  expect(Object.getOwnPropertyNames(Array.prototype)).toEqual(ARRAY_PROTO);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

/** MARK occurrences outside string literals (labels, names and ports all carry it), and syntax errors. */
function leaks(source: string): { outside: number; syntax: number } {
  const file = ts.createSourceFile("model.ts", source, ts.ScriptTarget.ES2022, true);
  let inside = 0;
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteral(n)) inside += n.getText(file).split(MARK).length - 1;
    ts.forEachChild(n, visit);
  };
  visit(file);
  const syntax = (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
  return { outside: source.split(MARK).length - 1 - inside, syntax };
}

/** The editor opening the document: lay a chain out, then fold its first real node into a block. */
function editorTakes(graph: GraphDocument): void {
  const store = createEditorStore(graph);
  const positions = chainLayout(graph.nodes, graph.edges);
  if (positions) store.getState().edit((d) => moveNodes(d, { positions }));
  const inner = graph.nodes.find((n) => !["Input", "Output", "GroupInput", "GroupOutput"].includes(n.type));
  if (inner) store.getState().edit((d) => groupNodes(d, { ids: [inner.id] }));
  analyse(store.getState().doc);
}

function runOne(seed: number, index: number, tally: Tally, budget: { exports: number; compiles: number }): void {
  const doc = hostileDocument(seed, index);
  tally.documents++;
  tally.kinds.set(doc.kind, (tally.kinds.get(doc.kind) ?? 0) + 1);
  const started = performance.now();
  const where = `${doc.kind} #${index}`;

  const r = parseGraph(doc.text);
  if (!r.ok) {
    expect(r.errors.length, where).toBeGreaterThan(0);
    expect(r.errors.length, where).toBeLessThanOrEqual(100);
    const internal = r.errors.find((e) => e.code === "internal");
    if (internal) throw new Error(`${where}: parseGraph threw inside: ${internal.message}`);
  } else {
    tally.accepted++;
    expect(r.repairs.length, where).toBeLessThanOrEqual(101);
    const again = parseGraph(serializeGraph(r.graph));
    if (!again.ok) throw new Error(`${where}: its saved form is refused: ${JSON.stringify(again.errors.slice(0, 2))}`);
    expect(again.repairs, where).toEqual([]);
    expect(again.graph, where).toEqual(r.graph);

    const a = analyse(r.graph);
    for (const d of a.diagnostics) expect(d.message.length, where).toBeGreaterThan(0);
    if (isValid(a)) {
      tally.valid++;
      const expanded = groupStructure(r.graph).total;
      // Flattening is checked where it is small; big expansions are analysis's job (collapsed).
      const flat = expanded <= 2_000 ? flattenGraph(r.graph) : undefined;
      if (flat) expect(flat.nodes.length, where).toBe(expanded);
      if (budget.exports > 0 && doc.text.length < 200_000) {
        budget.exports--;
        try {
          const source = emitTypeScript(r.graph, { train: index % 2 === 0 });
          tally.exported++;
          expect(leaks(source), where).toEqual({ outside: 0, syntax: 0 });
        } catch (err) {
          if (!(err instanceof CodegenError)) throw err;
          tally.refused++;
        }
      }
      if (budget.compiles > 0 && expanded <= 16 && a.totals.params <= 50_000) {
        budget.compiles--;
        const c = compile(r.graph, { seed: 1 });
        if (c.ok) {
          tally.compiled++;
          expect(c.compiled.model.countParams(), where).toBeGreaterThanOrEqual(0);
          c.compiled.model.dispose();
          // The PyTorch project too (it compiles the graph once for the weight order): files, or a refusal.
          try {
            const files = emitPyTorch(r.graph);
            tally.exportedPy++;
            expect(files["model.py"].length, where).toBeGreaterThan(0);
          } catch (err) {
            if (!(err instanceof CodegenError)) throw err;
          }
        } else expect(c.diagnostics.length, where).toBeGreaterThan(0);
      }
    } else {
      expect(() => emitTypeScript(r.graph), where).toThrow(CodegenError);
      expect(() => emitPyTorch(r.graph), where).toThrow(CodegenError);
      expect(compile(r.graph).ok, where).toBe(false);
    }
    if (index % 7 === 0 && r.graph.nodes.length < 500) editorTakes(r.graph);
  }
  unpolluted();
  if (doc.pathological) expect(performance.now() - started, where).toBeLessThan(budgetMs(doc.text.length) * 3);
}

describe(`${DOCUMENTS.toLocaleString("en-US")} hostile documents (seed ${SEED})`, () => {
  const per = Math.ceil(DOCUMENTS / BATCHES);
  const total: Tally = { documents: 0, accepted: 0, valid: 0, exported: 0, refused: 0, compiled: 0, exportedPy: 0, kinds: new Map() };
  for (let b = 0; b < BATCHES; b++) {
    it(`batch ${b + 1} of ${BATCHES}: ${per} documents over ${GENERATOR_KINDS.length} generators`, () => {
      const budget = { exports: EXPORTS_PER_BATCH, compiles: COMPILES_PER_BATCH };
      for (let i = b * per; i < Math.min(DOCUMENTS, (b + 1) * per); i++) runOne(SEED, i, total, budget);
    });
  }
  it("covered every generator, and accepted, validated, exported and compiled some of them", () => {
    expect(total.documents).toBe(DOCUMENTS);
    for (const kind of GENERATOR_KINDS) expect(total.kinds.get(kind), kind).toBeGreaterThan(DOCUMENTS / GENERATOR_KINDS.length - 2);
    expect(total.accepted).toBeGreaterThan(DOCUMENTS / 4);
    expect(total.valid).toBeGreaterThan(DOCUMENTS / 10);
    expect(total.exported).toBeGreaterThan(BATCHES * EXPORTS_PER_BATCH * 0.5);
    expect(total.compiled).toBeGreaterThan(BATCHES);
    expect(total.exportedPy).toBeGreaterThan(BATCHES);
  });
});
