/**
 * The shape of an exported file: a repeated block is one function called in a loop, only the
 * layers the model uses are defined, variables are named after the blocks, every layer has a
 * shape comment, the code is consistently formatted, and problems are clear errors.
 */
import { describe, expect, it } from "vitest";
import { CUSTOM_LAYERS, TLOrthogonal } from "@/compiler/layers";
import { LAYER_MODULES } from "@/compiler/codegen/layer-code";
import { CodegenError, emitTypeScript } from "@/compiler/codegen";
import { numberLiteral, stringLiteral } from "@/compiler/codegen/source";
import { createBuilder } from "@/graph";
import type { GraphDocument } from "@/graph";
import { presetGraph } from "../build";
import { randomGraph } from "./random-graphs";

const gpt = emitTypeScript(presetGraph("gpt"));
const lines = (source: string) => source.split("\n");
/** Every line of the recorded app modules (kernels, layers). */
const appLines = new Set(LAYER_MODULES.flatMap((m) => [m.header, ...m.pieces.map((p) => p.source)].flatMap(lines)));
const classesIn = (source: string) => [...source.matchAll(/^(?:export )?class (\w+)/gm)].map((m) => m[1]).sort();

describe("the exported GPT", () => {
  it("repeats its block as one function called in a loop, not pasted copies", () => {
    expect(gpt.match(/^function block\(/gm)).toHaveLength(1);
    expect(gpt.match(/new TLMultiHeadAttention\(/g)).toHaveLength(1);
    expect(gpt).toContain("for (let i = 0; i < 4; i++) {");
    expect(gpt).toContain('blocks = block(blocks, "blocks_" + i + "_", seed); // [B, T, 128]');
  });

  it("defines only the custom layers it uses, registered under the app's class names", () => {
    const classes = classesIn(gpt);
    expect(classes).toEqual(["TLActivation", "TLEmbedding", "TLLayerNorm", "TLLinear", "TLMultiHeadAttention", "TLPositionEmbedding"]);
    const appNames = CUSTOM_LAYERS.map((c) => c.className);
    for (const cls of classes) {
      expect(appNames).toContain(cls);
      // Directly or through a shared base (SameShapeLayer), which the export then defines too.
      expect(gpt).toMatch(
        new RegExp(`export class ${cls} extends (tf\\.layers\\.Layer|SameShapeLayer|TLNorm) \\{\\n  static className = "${cls}";`),
      );
      expect(gpt).toContain(`tf.serialization.registerClass(${cls});`);
    }
  });

  it("can define every custom layer of the app, from the app's own source", () => {
    const classes = LAYER_MODULES.flatMap((m) => m.classes).sort();
    expect(classes).toEqual([...CUSTOM_LAYERS.map((c) => c.className), TLOrthogonal.className].sort());
    expect(LAYER_MODULES.flatMap((m) => m.pieces.flatMap((p) => classesIn(p.source))).sort()).toEqual(classes);
  });

  it("depends only on @tensorflow/tfjs", () => {
    expect(lines(gpt).filter((l) => /^import |require\(/.test(l))).toEqual(['import * as tf from "@tensorflow/tfjs";']);
    // loadWeights() reads its files with Node's fs, imported only when it is called.
    expect(gpt.match(/node:/g)).toEqual(["node:"]);
    expect(gpt).toContain('  const nodeFiles = "node:fs/promises";\n  const fs = (await import(nodeFiles))');
  });

  it("names variables after the blocks and layers after the app's flat ids", () => {
    for (const decl of [
      "const ln_1 = ",
      "const [attn] = ",
      "const mlp_c_fc = ",
      "const mlp_c_proj = ",
      "const lm_head = ",
      "let blocks = wpe;",
    ])
      expect(gpt).toContain(decl);
    expect(gpt).toContain('name: prefix + "attn"');
    expect(gpt).toContain("const lm_head = apply(ln_f, wteLayer); // [B, T, 65], tied to wteLayer");
  });

  it("comments every layer with its shape, and the model with its parameter count", () => {
    const all = lines(gpt);
    all.forEach((line, i) => {
      if (!/= (apply|applyAll|tf\.input)\(/.test(line)) return;
      const comment = /\/\/ \[[^\]]*\]/;
      expect(comment.test(line) || comment.test(all[i - 1]), `line ${i + 1}: ${line}`).toBe(true);
    });
    expect(gpt).toContain(
      '  // [B, T, 128], 256 params\n  const ln_1 = apply(x, new TLLayerNorm({ name: prefix + "ln_1", eps: 1e-5, affine: true }));',
    );
    expect(gpt).toMatch(/Builds the model: 809,856 parameters/);
    expect(gpt).toMatch(/Model: 809,856 parameters; tokens \[B, T\] \(T = 64\)/);
  });

  it("trains with the document's settings and generates text", () => {
    expect(gpt).toContain("export const TRAINING = {\n  steps: 600, // optimisation steps\n  batchSize: 16,");
    expect(gpt).toMatch(/^export async function train\(/m);
    expect(gpt).toMatch(/^export async function generate\(/m);
    expect(gpt).toContain("AdamW with weight decay on matrices only");
    expect(gpt).toMatch(/^const TEXT = \[$/m);
  });
});

const FORMATTED: [string, GraphDocument][] = [
  ["gpt", presetGraph("gpt")],
  ["transformer", presetGraph("transformer")],
  ["lstm", presetGraph("lstm", { task: "sort" })],
  ["mlp", presetGraph("mlp", { dataset: "moons" })],
  ...[1, 2, 3, 16, 19].map((seed): [string, GraphDocument] => [`random graph ${seed}`, randomGraph(seed)]),
];

describe.each(FORMATTED)("formatting of %s", (_, graph) => {
  const source = emitTypeScript(graph, { sampleText: "a short text\nwith two lines, for the language models. ".repeat(4) });

  it("indents by two spaces, one level at a time, without tabs or trailing spaces", () => {
    let previous = 0;
    for (const [i, line] of lines(source).entries()) {
      if (line === "") continue;
      // A doc comment's " * " lines sit one space in from its "/**".
      const indent = line.length - line.trimStart().length - (line.trimStart().startsWith("*") ? 1 : 0);
      expect(line, `line ${i + 1}`).not.toMatch(/\t|\s$/);
      expect(indent % 2, `line ${i + 1}: ${line}`).toBe(0);
      expect(indent - previous, `line ${i + 1}: ${line}`).toBeLessThanOrEqual(2);
      previous = indent;
    }
  });

  it("keeps lines within 100 characters (except string data) and blank lines single", () => {
    // The app's own layer code comes as the repo formats it; what the generator writes fits in 100.
    const long = lines(source).filter((l) => l.length > 100 && !/^\s*"[^]*",$/.test(l) && !appLines.has(l));
    expect(long).toEqual([]);
    expect(source).not.toMatch(/\n\n\n/);
    expect(source.endsWith("}\n") || source.endsWith(";\n")).toBe(true);
  });
});

describe("options and missing data", () => {
  it("leaves out training with train: false, and main prints the summary", () => {
    const source = emitTypeScript(presetGraph("gpt"), { train: false });
    expect(source).not.toMatch(/TRAINING|function train|function generate|const TEXT/);
    expect(source).toContain("model.summary();");
    expect(source).toMatch(/^export async function loadWeights\(model: tf.LayersModel, modelJsonPath: string\)/m);
  });

  it("says why train() is left out when the document names no data", () => {
    const b = createBuilder("plain");
    b.node(
      "Output",
      { kind: "classification" },
      { x: b.node("Linear", { units: 2 }, { x: b.node("Input", { kind: "features", features: 3 }) }) },
    );
    const source = emitTypeScript(b.build());
    expect(source).toContain("train() is left out: the document names no training data.");
    expect(source).not.toContain("function train");
  });

  it("embeds the document's own text, and a task's generator", () => {
    const doc = presetGraph("lstm", { units: 8, embd: 4, blockSize: 8 });
    const text = emitTypeScript({
      ...doc,
      meta: {
        ...doc.meta,
        training: { ...doc.meta.training, dataset: { kind: "text", text: "to be or not to be, that is the question" } },
      },
    });
    expect(text).toContain('  "to be or not to be, that is the question",');
    expect(emitTypeScript(presetGraph("transformer"))).toMatch(/const SOURCE_LENGTH = 8;\nconst TARGET_LENGTH = 8;/);
    expect(emitTypeScript(presetGraph("lstm", { task: "reverse" }))).toContain("weights: tf.tensor2d(weights, [size, STREAM_LENGTH]),");
  });
});

describe("errors", () => {
  it("refuses a graph with errors, naming the node", () => {
    const b = createBuilder("broken");
    b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 2 }, {}, { id: "lonely" }) });
    expect(() => emitTypeScript(b.build())).toThrow(CodegenError);
    expect(() => emitTypeScript(b.build())).toThrow(/node lonely: input `x` of lonely is not connected/);
  });

  it("refuses bidirectional control characters in labels and names", () => {
    const doc = presetGraph("mlp");
    const labelled = { ...doc, nodes: doc.nodes.map((n, i) => (i === 1 ? { ...n, label: "safe\u202Eevil" } : n)) };
    expect(() => emitTypeScript(labelled)).toThrow(/the label of node linear1 contains the bidirectional control character U\+202E/);
    expect(() => emitTypeScript({ ...doc, name: "x\u2066y" })).toThrow(
      /the document name contains the bidirectional control character U\+2066/,
    );
  });

  it("refuses numbers that are not finite", () => {
    expect(() => numberLiteral(Number.NaN, "node ln_1: eps")).toThrow("node ln_1: eps must be a finite number to export, got NaN");
    expect(() => numberLiteral(Infinity, "x")).toThrow(CodegenError);
    const doc = presetGraph("mlp");
    expect(() =>
      emitTypeScript({
        ...doc,
        nodes: doc.nodes.map((n) => (n.type === "Linear" ? { ...n, params: { ...n.params, units: Infinity } } : n)),
      }),
    ).toThrow(CodegenError);
  });

  it("writes numbers so that they read back exactly, and escapes invisible characters", () => {
    for (const n of [1e-5, 0.02, 1e-12, 0.1 + 0.2, 10_000, -3, 2.5e-7]) expect(Number(numberLiteral(n, "n"))).toBe(n);
    expect(numberLiteral(1e-5, "n")).toBe("1e-5");
    expect(stringLiteral("a\u200bb\u2028c\u0000", "s")).toBe('"a\\u200bb\\u2028c\\u0000"');
  });
});
