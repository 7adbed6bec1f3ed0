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
import { presetGraph } from "../build";
import { MARK, hostileCases as cases } from "./hostile";

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
