/**
 * Hostile user strings never become code: for labels, document names, node and group ids made of
 * quotes, backticks, comment ends, `${}`, newlines, invisible and astral characters, the output
 * parses with zero syntax errors, every label and name is the exact value of a string literal,
 * and a marker carried by all of them (ids too) never appears outside one. Bidi controls are refused, and odd
 * but valid numbers read back exactly.
 */
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CodegenError, emitTypeScript } from "@/compiler/codegen";
import type { GraphDocument, GraphNode } from "@/graph";
import { presetGraph } from "../build";
import { BIDI, HOSTILE_FRAGMENTS, renameIds } from "./hostile";
import { randomGraph } from "./random-graphs";

/** Carried by every hostile string; the generator never writes it itself. */
const MARK = "Qz7";

const BASES: GraphDocument[] = [
  presetGraph("gpt", { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 }),
  presetGraph("mlp"),
  randomGraph(3),
  randomGraph(2),
];

const fragment = fc.oneof(
  fc.constantFrom(...HOSTILE_FRAGMENTS),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
);
const hostile = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => MARK + parts.join(""));
/** Hostile, and never a plain identifier (those may name variables by design). */
const hostileId = hostile.map((s) => `${s}-`);

interface Case {
  doc: GraphDocument;
  /** The labels and the name put into the document (ids only name layers that are built). */
  strings: string[];
  bidi: boolean;
}

const cases: fc.Arbitrary<Case> = fc
  .record({
    base: fc.nat(BASES.length - 1),
    name: hostile,
    labels: fc.array(fc.option(hostile, { nil: undefined }), { minLength: 40, maxLength: 40 }),
    ids: fc.array(hostileId, { minLength: 40, maxLength: 40 }),
    renamed: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
    bidi: fc.option(fc.constantFrom(...BIDI), { nil: undefined }),
    eps: fc.double({ min: 1e-12, max: 0.1, noNaN: true }),
  })
  .map(({ base, name, labels, ids, renamed, bidi, eps }) => {
    let k = 0;
    const newIds = new Map<string, string>();
    const rename = (id: string) => {
      if (!newIds.has(id)) newIds.set(id, renamed[newIds.size % 40] ? `${ids[newIds.size % 40]}${newIds.size}` : id);
      return newIds.get(id)!;
    };
    const doc = renameIds(BASES[base], rename, (id) => `${MARK}"body\`${id}`);
    const strings: string[] = [name];
    const dress = (n: GraphNode): GraphNode => {
      const label = labels[k++ % 40];
      if (label !== undefined) strings.push(label);
      const params = n.type === "LayerNorm" ? { ...n.params, eps } : n.params;
      return { ...n, params, ...(label !== undefined ? { label } : {}) };
    };
    const dressed = {
      ...doc,
      name: bidi ? name + bidi : name,
      nodes: doc.nodes.map(dress),
      groups: doc.groups.map((g) => ({ ...g, nodes: g.nodes.map(dress) })),
    };
    return { doc: dressed, strings, bidi: bidi !== undefined };
  });

/** The [start, end) of every string literal in the source, and their values. */
function stringLiterals(source: string): { spans: [number, number][]; values: string[] } {
  const file = ts.createSourceFile("model.ts", source, ts.ScriptTarget.ES2022, true);
  const spans: [number, number][] = [];
  const values: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node)) {
      spans.push([node.getStart(file), node.getEnd()]);
      values.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { spans, values };
}

const syntaxErrors = (source: string) =>
  ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } })
    .diagnostics ?? [];

describe("hostile labels, names and ids", () => {
  it("stay data: the output parses, keeps each string exactly, and never lets one out of a literal", () => {
    fc.assert(
      fc.property(cases, ({ doc, strings, bidi }) => {
        if (bidi) {
          expect(() => emitTypeScript(doc)).toThrow(CodegenError);
          expect(() => emitTypeScript(doc)).toThrow(/the document name contains the bidirectional control character/);
          return;
        }
        const source = emitTypeScript(doc);
        expect(syntaxErrors(source).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
        const { spans, values } = stringLiterals(source);
        for (let at = source.indexOf(MARK); at >= 0; at = source.indexOf(MARK, at + 1)) {
          expect(
            spans.some(([start, end]) => start < at && at < end),
            `"${MARK}" outside a string literal at ${at}: ${source.slice(at - 40, at + 40)}`,
          ).toBe(true);
        }
        expect(source).toContain(MARK);
        for (const s of strings) expect(values.includes(s), JSON.stringify(s)).toBe(true);
      }),
      { numRuns: 100, seed: 6 },
    );
  });

  it("writes every LayerNorm eps as a literal that reads back exactly", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 0.1, noNaN: true }), (eps) => {
        const doc = presetGraph("gpt", { vocabSize: 11, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16 });
        const source = emitTypeScript(
          { ...doc, nodes: doc.nodes.map((n) => (n.type === "LayerNorm" ? { ...n, params: { ...n.params, eps } } : n)) },
          { train: false },
        );
        const literal = /name: "ln_f",\s+eps: ([^\s,}]+)/.exec(source)!;
        expect(Number(literal[1])).toBe(eps);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
