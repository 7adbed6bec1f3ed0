/**
 * Symbolic shape suite: what every block in the registry puts on its output wire, as the
 * text a user sees on the canvas (`B×T×128`). No weights, no numbers beyond shapes.
 */
import { describe, expect, test } from "vitest";
import { analyse, blockList, createBuilder, formatTensor, getBlock } from "@/graph";
import type { Analysis, Dim, GraphDocument, Ref, ScopeAnalysis, ShapeResult, TensorType, Wiring } from "@/graph";

const covered = new Set<string>();

/** A describe block for one block type; the type counts as covered by this suite. */
function shapesOf(type: string, body: () => void) {
  covered.add(type);
  describe(type, body);
}

const float = (...shape: Dim[]): TensorType => ({ shape, dtype: "float32" });
const ids = (vocab: number, ...shape: Dim[]): TensorType => ({ shape, dtype: "int32", vocab });

/** Runs a block's shape rule directly (params get their defaults). */
function infer(
  type: string,
  params: Record<string, unknown>,
  inputs: Record<string, TensorType[]>,
  bindings: Record<string, number> = {},
): ShapeResult {
  const def = getBlock(type)!;
  return def.inferShape({ params: def.params.parse(params), inputs, bindings });
}

/** The output on `port` as canvas text, or `code: message` for each issue. */
function text(result: ShapeResult, port = "out"): string {
  if (!result.ok) return result.issues.map((i) => `${i.code}: ${i.message}`).join("; ");
  return formatTensor(result.outputs[port]);
}

/** Output shape of node `id` after analysis (top level or a group body). */
function shapeAt(a: Pick<ScopeAnalysis, "nodes">, id: string, port = "out"): string {
  const t = a.nodes[id]?.outputs[port];
  return t ? formatTensor(t) : "(none)";
}

/**
 * Every diagnostic but warnings. (Not `severity === "error"`: errors a block's shape rule
 * reports currently arrive with no severity — see tests/graph/analysis/diagnostics.test.ts.)
 */
const errors = (a: Analysis) => a.diagnostics.filter((d) => d.severity !== "warning").map((d) => `${d.nodeId} ${d.code}: ${d.message}`);

/** `Input(input) → type(params) → Output(regression)`, analysed; the block under test is `under`. */
function through(input: Record<string, unknown>, type: string, params: Record<string, unknown> = {}, port = "x"): Analysis {
  const b = createBuilder("one");
  const x = b.node("Input", input);
  b.node("Output", { kind: "regression" }, { x: b.node(type, params, { [port]: x }, { id: "under" }) });
  return analyse(b.build());
}

const SEQ128 = { kind: "sequence", seqLen: 16, features: 128 } as const;

shapesOf("Input", () => {
  test("features: B×F, no length bound", () => {
    const a = through({ kind: "features", features: 10 }, "Dropout");
    expect(shapeAt(a, "input1")).toBe("B×10");
    expect(a.bindings).toEqual({});
  });
  test("tokens: B×T integer ids that carry the vocab, and bind T", () => {
    const r = infer("Input", { kind: "tokens", seqLen: 32, vocabSize: 100 }, {});
    expect(text(r)).toBe("B×T int");
    expect(r.ok && r.outputs.out.vocab).toBe(100);
    expect(r.ok && r.bindings).toEqual({ T: 32 });
  });
  test("sequence: B×T×F and bind T", () => {
    const a = through({ kind: "sequence", seqLen: 12, features: 8 }, "Dropout");
    expect(shapeAt(a, "input1")).toBe("B×T×8");
    expect(a.bindings).toEqual({ T: 12 });
  });
  test("a second sequence can be named S", () => {
    const r = infer("Input", { kind: "sequence", seqLen: 40, features: 8, lengthName: "S" }, {});
    expect(text(r)).toBe("B×S×8");
    expect(r.ok && r.bindings).toEqual({ S: 40 });
  });
});

shapesOf("Output", () => {
  test("classification takes B×K or B×T×K logits and has no output wire", () => {
    const r = infer("Output", { kind: "classification" }, { x: [float("B", 10)] });
    expect(r.ok && r.outputs).toEqual({});
    expect(infer("Output", { kind: "classification" }, { x: [float("B", "T", 10)] }).ok).toBe(true);
  });
  test("cross-entropy over one class is refused", () => {
    expect(text(infer("Output", { kind: "classification" }, { x: [float("B", 1)] }))).toBe(
      "shape-mismatch: cross-entropy needs at least 2 classes on the last axis, got B×1",
    );
  });
  test("language_model needs B×T×V", () => {
    expect(getBlock("Output")!.inputs({ kind: "language_model" })[0].rank).toEqual([3]);
    const b = createBuilder("lm");
    b.node("Output", { kind: "language_model" }, { x: b.node("Input", { kind: "features", features: 10 }) }, { id: "loss" });
    expect(errors(analyse(b.build()))).toEqual(["loss rank-mismatch: Output / loss needs a rank 3 tensor on `x` (B×T×C), got B×10"]);
  });
  test("regression takes any rank, one output included", () => {
    expect(infer("Output", { kind: "regression" }, { x: [float("B", 1)] }).ok).toBe(true);
    expect(errors(through({ kind: "features", features: 3 }, "Linear", { units: 1 }))).toEqual([]);
  });
});

shapesOf("Linear", () => {
  test("rank 2: B×F → B×units", () => {
    expect(shapeAt(through({ kind: "features", features: 16 }, "Linear", { units: 32 }), "under")).toBe("B×32");
  });
  test("rank 3 acts on every position: B×T×C → B×T×units", () => {
    expect(shapeAt(through(SEQ128, "Linear", { units: 32 }), "under")).toBe("B×T×32");
  });
  test("rank 4 acts on the last axis only", () => {
    expect(text(infer("Linear", { units: 32 }, { x: [float("B", 4, "T", 8)] }))).toBe("B×4×T×32");
  });
  test("a symbolic feature axis is refused", () => {
    expect(text(infer("Linear", { units: 32 }, { x: [float("B", "C")] }))).toBe(
      "shape-mismatch: Linear needs a fixed feature size on its last axis, got B×C",
    );
  });
});

shapesOf("Activation", () => {
  test.each(["relu", "gelu", "tanh", "sigmoid", "silu", "softmax"])("%s keeps the shape", (fn) => {
    expect(shapeAt(through(SEQ128, "Activation", { fn }), "under")).toBe("B×T×128");
  });
});

shapesOf("Dropout", () => {
  test("keeps the shape", () => {
    expect(shapeAt(through(SEQ128, "Dropout", { rate: 0.2 }), "under")).toBe("B×T×128");
  });
});

shapesOf("Flatten", () => {
  test("a bound T folds into a number: B×T×4 with T=16 → B×64", () => {
    expect(shapeAt(through({ kind: "sequence", seqLen: 16, features: 4 }, "Flatten"), "under")).toBe("B×64");
  });
  test("an unbound T stays symbolic: B×T×4 → B×T·4", () => {
    expect(text(infer("Flatten", {}, { x: [float("B", "T", 4)] }))).toBe("B×T·4");
  });
  test("token ids stay integer", () => {
    expect(text(infer("Flatten", {}, { x: [ids(65, "B", "T")] }, { T: 32 }))).toBe("B×32 int");
  });
});

shapesOf("Reshape", () => {
  const seq = { kind: "sequence", seqLen: 8, features: 16 } as const; // 128 values per example
  test("−1 is inferred: B×T×16 (T=8) → B×32×4", () => {
    expect(shapeAt(through(seq, "Reshape", { shape: [-1, 4] }), "under")).toBe("B×32×4");
  });
  test("explicit sizes with the same count", () => {
    expect(shapeAt(through(seq, "Reshape", { shape: [4, 2, 16] }), "under")).toBe("B×4×2×16");
  });
  test("a different element count is a shape mismatch", () => {
    expect(errors(through(seq, "Reshape", { shape: [5, 5] }))).toEqual([
      "under shape-mismatch: cannot reshape B×T×16 (128 per example) into B×5×5",
    ]);
    expect(text(infer("Reshape", { shape: [-1, 3] }, { x: [float("B", 8, 16)] }))).toBe(
      "shape-mismatch: cannot reshape B×8×16 (128 per example) into B×-1×3",
    );
  });
  test("two −1 entries are an invalid param", () => {
    expect(text(infer("Reshape", { shape: [-1, -1] }, { x: [float("B", 8, 16)] }))).toBe(
      "invalid-param: Reshape may infer only one axis (−1)",
    );
  });
  test("an unbound length cannot be reshaped", () => {
    expect(text(infer("Reshape", { shape: [-1] }, { x: [float("B", "T", 16)] }))).toBe(
      "shape-mismatch: Reshape needs fixed sizes after the batch axis, got B×T×16",
    );
  });
});

shapesOf("Concat", () => {
  test("axis −1 adds the feature sizes", () => {
    expect(text(infer("Concat", { axis: -1 }, { x: [float("B", "T", 128), float("B", "T", 64)] }))).toBe("B×T×192");
  });
  test("axis 1 adds bound lengths: T=16 twice → 32", () => {
    expect(text(infer("Concat", { axis: 1 }, { x: [float("B", "T", 128), float("B", "T", 128)] }, { T: 16 }))).toBe("B×32×128");
  });
  test("other axes must match", () => {
    expect(text(infer("Concat", { axis: -1 }, { x: [float("B", "T", 128), float("B", "S", 64)] }))).toBe(
      "shape-mismatch: Concat needs equal shapes except on axis -1: B×T×128 vs B×S×64",
    );
  });
  test("ranks must match", () => {
    expect(text(infer("Concat", {}, { x: [float("B", "T", 8), float("B", 8)] }))).toBe(
      "rank-mismatch: Concat needs equal ranks: B×T×8 vs B×8",
    );
  });
  test("fewer than 2 inputs", () => {
    expect(text(infer("Concat", {}, { x: [float("B", 8)] }))).toBe("missing-input: Concat needs at least 2 inputs, has 1");
  });
  test("the batch axis cannot be joined", () => {
    expect(text(infer("Concat", { axis: 0 }, { x: [float("B", 8), float("B", 8)] }))).toBe(
      "invalid-param: Concat axis 0 is out of range for rank 2 (and may not be the batch)",
    );
  });
});

for (const type of ["Add", "Multiply"]) {
  shapesOf(type, () => {
    test("equal shapes pass through, for two or more inputs", () => {
      expect(text(infer(type, {}, { x: [float("B", "T", 128), float("B", "T", 128)] }))).toBe("B×T×128");
      expect(text(infer(type, {}, { x: [float("B", 8), float("B", 8), float("B", 8)] }))).toBe("B×8");
    });
    test("unequal shapes name both", () => {
      const b = createBuilder("merge");
      const x = b.node("Input", SEQ128);
      const narrow = b.node("Linear", { units: 64 }, { x });
      b.node("Output", { kind: "regression" }, { x: b.node(type, {}, { x: [x, narrow] }, { id: "merge" }) });
      const [d] = analyse(b.build()).diagnostics;
      expect(d).toMatchObject({
        code: "shape-mismatch",
        nodeId: "merge",
        port: "x",
        message: `${type} needs equal shapes: B×T×128 vs B×T×64`,
      });
    });
    test("one input is not enough", () => {
      expect(text(infer(type, {}, { x: [float("B", 8)] }))).toBe(`missing-input: ${type} needs at least 2 inputs, has 1`);
    });
  });
}

shapesOf("Embedding", () => {
  test("ids B×T → B×T×C", () => {
    const a = through({ kind: "tokens", seqLen: 32, vocabSize: 100 }, "Embedding", { vocabSize: 100, dim: 48 }, "ids");
    expect(shapeAt(a, "under")).toBe("B×T×48");
  });
  test("ids B → B×C", () => {
    expect(text(infer("Embedding", { vocabSize: 100, dim: 48 }, { ids: [ids(100, "B")] }))).toBe("B×48");
  });
  test("a table larger than the vocab is fine", () => {
    expect(text(infer("Embedding", { vocabSize: 128, dim: 8 }, { ids: [ids(100, "B", "T")] }))).toBe("B×T×8");
  });
  test("a table smaller than the vocab names the size to set", () => {
    expect(text(infer("Embedding", { vocabSize: 50, dim: 8 }, { ids: [ids(100, "B", "T")] }))).toBe(
      "shape-mismatch: Embedding has 50 rows but its input has 100 token ids: set vocabSize to 100",
    );
  });
});

shapesOf("PositionEmbedding", () => {
  test("keeps B×T×C when T ≤ maxLen", () => {
    expect(shapeAt(through(SEQ128, "PositionEmbedding", { maxLen: 16 }), "under")).toBe("B×T×128");
  });
  test("maxLen < T is an invalid param that names the length", () => {
    const a = through(SEQ128, "PositionEmbedding", { maxLen: 8 });
    expect(a.diagnostics).toMatchObject([
      {
        code: "invalid-param",
        nodeId: "under",
        message: "Position embedding covers 8 positions but the sequence has 16: raise max length to 16",
      },
    ]);
  });
});

shapesOf("SinusoidalPositionalEncoding", () => {
  test("keeps B×T×C", () => {
    expect(shapeAt(through(SEQ128, "SinusoidalPositionalEncoding"), "under")).toBe("B×T×128");
  });
  test("needs a fixed width", () => {
    expect(text(infer("SinusoidalPositionalEncoding", {}, { x: [float("B", "T", "C")] }))).toBe(
      "shape-mismatch: Sinusoidal positions needs a fixed feature size on its last axis, got B×T×C",
    );
  });
});

shapesOf("RoPE", () => {
  test("rank 3 with heads: B×T×128, 4 heads of 32", () => {
    expect(shapeAt(through(SEQ128, "RoPE", { heads: 4 }), "under")).toBe("B×T×128");
  });
  test("rank 4 head tensors: B×h×T×d, heads param unused", () => {
    expect(text(infer("RoPE", { heads: 3 }, { x: [float("B", 4, "T", 32)] }))).toBe("B×4×T×32");
  });
  test("an odd head size cannot be rotated in pairs", () => {
    expect(text(infer("RoPE", { heads: 4 }, { x: [float("B", "T", 12)] }))).toBe(
      "shape-mismatch: RoPE rotates pairs: head size 3 must be even",
    );
    expect(text(infer("RoPE", {}, { x: [float("B", 4, "T", 3)] }))).toBe("shape-mismatch: RoPE rotates pairs: head size 3 must be even");
  });
  test("heads must divide the width", () => {
    expect(text(infer("RoPE", { heads: 5 }, { x: [float("B", "T", 128)] }))).toBe("invalid-param: heads (5) must divide the width (128)");
  });
});

for (const type of ["SimpleRNN", "LSTM", "GRU"]) {
  shapesOf(type, () => {
    test("returnSequences: B×T×F → B×T×units", () => {
      expect(shapeAt(through(SEQ128, type, { units: 64, returnSequences: true }), "under")).toBe("B×T×64");
    });
    test("last state only: B×T×F → B×units", () => {
      expect(shapeAt(through(SEQ128, type, { units: 64, returnSequences: false }), "under")).toBe("B×64");
    });
  });
}

for (const type of ["LayerNorm", "RMSNorm"]) {
  shapesOf(type, () => {
    test("keeps the shape at any rank", () => {
      expect(shapeAt(through(SEQ128, type), "under")).toBe("B×T×128");
      expect(shapeAt(through({ kind: "features", features: 7 }, type), "under")).toBe("B×7");
    });
    test("needs a fixed width", () => {
      expect(text(infer(type, {}, { x: [float("B", "T", "C")] }))).toBe(
        `shape-mismatch: ${type} needs a fixed feature size on its last axis, got B×T×C`,
      );
    });
  });
}

shapesOf("SwiGLU", () => {
  test("keeps B×T×C and B×C (W2 maps the hidden width back)", () => {
    expect(shapeAt(through(SEQ128, "SwiGLU", { hidden: 344 }), "under")).toBe("B×T×128");
    expect(shapeAt(through({ kind: "features", features: 7 }, "SwiGLU", { hidden: 5 }), "under")).toBe("B×7");
  });
  test("needs a fixed width", () => {
    expect(text(infer("SwiGLU", { hidden: 8 }, { x: [float("B", "T", "C")] }))).toBe(
      "shape-mismatch: SwiGLU needs a fixed feature size on its last axis, got B×T×C",
    );
  });
});

shapesOf("Conv1D", () => {
  test("maps B×T×C to B×T×filters, causal or same, at any dilation", () => {
    expect(shapeAt(through(SEQ128, "Conv1D", { filters: 32, kernelSize: 3, dilation: 4 }), "under")).toBe("B×T×32");
    expect(shapeAt(through(SEQ128, "Conv1D", { filters: 8, kernelSize: 5, causal: false }), "under")).toBe("B×T×8");
  });
  test("needs a fixed width and time", () => {
    expect(text(infer("Conv1D", {}, { x: [float("B", "T", "C")] }))).toBe(
      "shape-mismatch: Conv1D needs a fixed feature size on its last axis, got B×T×C",
    );
  });
});

/** Queries B×T×128 (T=16) and, for cross-attention, a context B×S×96 (S=40). */
function attention(params: Record<string, unknown>): Analysis {
  const b = createBuilder("attn");
  const q = b.node("Input", SEQ128);
  const ctx = b.node("Input", { kind: "sequence", seqLen: 40, features: 96, lengthName: "S" });
  const wiring: Wiring = params.cross ? { query: q, context: ctx } : { x: q };
  b.node("Output", { kind: "regression" }, { x: b.node("MultiHeadAttention", params, wiring, { id: "under" }) });
  if (!params.cross) b.node("Output", { kind: "regression" }, { x: ctx });
  return analyse(b.build());
}

shapesOf("MultiHeadAttention", () => {
  test("self-attention keeps B×T×C", () => {
    const a = attention({ heads: 4 });
    expect(errors(a)).toEqual([]);
    expect(shapeAt(a, "under")).toBe("B×T×128");
    expect(formatTensor(a.nodes.under.outputs.weights)).toBe("B×4×T×T");
  });
  test("cross-attention to a longer, narrower context keeps the query's B×T×C; its weights are B×h×T×S", () => {
    const a = attention({ heads: 4, cross: true, causal: false });
    expect(errors(a)).toEqual([]);
    expect(a.nodes.under.inputs.context.map(formatTensor)).toEqual(["B×S×96"]);
    expect(shapeAt(a, "under")).toBe("B×T×128");
    expect(formatTensor(a.nodes.under.outputs.weights)).toBe("B×4×T×S");
  });
  test("a causal mask over a context of another length is refused", () => {
    expect(errors(attention({ heads: 4, cross: true, causal: true }))).toEqual([
      "under shape-mismatch: a causal mask needs query and context of the same length: B×T×128 vs B×S×96; turn causal off for cross-attention",
    ]);
  });
  test("heads must divide the width", () => {
    expect(text(infer("MultiHeadAttention", { heads: 6 }, { x: [float("B", "T", 128)] }))).toBe(
      "invalid-param: heads (6) must divide model width (128)",
    );
  });
  test("rope needs an even head size", () => {
    expect(text(infer("MultiHeadAttention", { heads: 4, rope: true }, { x: [float("B", "T", 12)] }))).toBe(
      "invalid-param: RoPE needs an even head size; width 12 / 4 heads = 3",
    );
    expect(text(infer("MultiHeadAttention", { heads: 4, rope: true }, { x: [float("B", "T", 128)] }))).toBe("B×T×128");
  });
});

/** Linear q, k, v → SplitHeads(4) → ScaledDotProductAttention → MergeHeads, on B×T×128. */
function handWiredAttention(kvInput: Record<string, unknown>, causal: boolean): Analysis {
  const b = createBuilder("sdpa");
  const x = b.node("Input", SEQ128);
  const kvSource = b.node("Input", kvInput);
  const split = (src: Ref, id: string) => b.node("SplitHeads", { heads: 4 }, { x: b.node("Linear", { units: 128 }, { x: src }) }, { id });
  const q = split(x, "split_q");
  const k = split(kvSource, "split_k");
  const v = split(kvSource, "split_v");
  const sdpa = b.node("ScaledDotProductAttention", { causal }, { q, k, v }, { id: "sdpa" });
  b.node("Output", { kind: "regression" }, { x: b.node("MergeHeads", {}, { x: sdpa }, { id: "merge" }) });
  return analyse(b.build());
}

describe("SplitHeads → ScaledDotProductAttention → MergeHeads", () => {
  covered.add("SplitHeads").add("ScaledDotProductAttention").add("MergeHeads");
  test("B×T×C → B×h×T×C/h → B×h×T×C/h → B×T×C", () => {
    const a = handWiredAttention(SEQ128, true);
    expect(errors(a)).toEqual([]);
    expect(["split_q", "sdpa", "merge"].map((id) => shapeAt(a, id))).toEqual(["B×4×T×32", "B×4×T×32", "B×T×128"]);
  });
  test("keys of another length S: the output keeps the query length", () => {
    const a = handWiredAttention({ kind: "sequence", seqLen: 40, features: 128, lengthName: "S" }, false);
    expect(errors(a)).toEqual([]);
    expect(["split_k", "sdpa", "merge"].map((id) => shapeAt(a, id))).toEqual(["B×4×S×32", "B×4×T×32", "B×T×128"]);
    expect(formatTensor(a.nodes.sdpa.outputs.weights)).toBe("B×4×T×S");
  });
  test("causal SDPA needs q and k of the same length", () => {
    expect(
      text(
        infer(
          "ScaledDotProductAttention",
          { causal: true },
          { q: [float("B", 4, "T", 32)], k: [float("B", 4, "S", 32)], v: [float("B", 4, "S", 32)] },
        ),
      ),
    ).toBe("shape-mismatch: a causal mask needs q and k of the same length: B×4×T×32 vs B×4×S×32");
  });
  test("q and k must share the head size; k and v the length", () => {
    const q = float("B", 4, "T", 32);
    expect(text(infer("ScaledDotProductAttention", {}, { q: [q], k: [float("B", 4, "T", 16)], v: [q] }))).toBe(
      "shape-mismatch: q and k need the same batch, heads and head size: B×4×T×32 vs B×4×T×16",
    );
    expect(text(infer("ScaledDotProductAttention", { causal: false }, { q: [q], k: [q], v: [float("B", 4, "S", 32)] }))).toBe(
      "shape-mismatch: k and v need the same batch, heads and length: B×4×T×32 vs B×4×S×32",
    );
  });
  test("SplitHeads: heads must divide the width", () => {
    expect(text(infer("SplitHeads", { heads: 6 }, { x: [float("B", "T", 128)] }))).toBe(
      "invalid-param: heads (6) must divide model width (128)",
    );
  });
  test("MergeHeads needs fixed heads and head size", () => {
    expect(text(infer("MergeHeads", {}, { x: [float("B", "h", "T", 32)] }))).toBe(
      "shape-mismatch: Merge heads needs fixed heads and head size, got B×h×T×32",
    );
  });
});

describe("Group, GroupInput, GroupOutput", () => {
  covered.add("Group").add("GroupInput").add("GroupOutput");

  /** A residual MLP body repeated ×3 on B×T×128, and a cross-attention body whose context reaches every copy. */
  function grouped(): { a: Analysis; doc: GraphDocument } {
    const b = createBuilder("groups");
    const x = b.node("Input", SEQ128);
    const ctx = b.node("Input", { kind: "sequence", seqLen: 40, features: 96, lengthName: "S" });
    const mlp = b.group("mlp", ["x"], (g, { x }) => ({ x: g.node("Add", {}, { x: [x, g.node("Linear", { units: 128 }, { x })] }) }), {
      id: "mlp",
    });
    const cross = b.group(
      "cross",
      ["x", "ctx"],
      (g, ins) => ({ x: g.node("MultiHeadAttention", { heads: 4, cross: true, causal: false }, { query: ins.x, context: ins.ctx }) }),
      { id: "cross" },
    );
    const h = b.node("Group", { group: mlp, repeat: 3 }, { x }, { id: "mlp_x3" });
    const y = b.node("Group", { group: cross, repeat: 2 }, { x: b.port(h, "x"), ctx }, { id: "cross_x2" });
    b.node("Output", { kind: "regression" }, { x: b.port(y, "x") });
    const doc = b.build();
    return { a: analyse(doc), doc };
  }

  /** Id of the `GroupInput` / `GroupOutput` node named `name` in body `groupId`. */
  function portNode(doc: GraphDocument, groupId: string, type: string, name: string): string {
    return doc.groups.find((g) => g.id === groupId)!.nodes.find((n) => n.type === type && n.params.name === name)!.id;
  }

  test("a repeated group keeps B×T×C on its named output", () => {
    const { a } = grouped();
    expect(errors(a)).toEqual([]);
    expect(shapeAt(a, "mlp_x3", "x")).toBe("B×T×128");
    expect(shapeAt(a, "cross_x2", "x")).toBe("B×T×128");
  });
  test("GroupInput carries the type wired into the group's port of its name", () => {
    const { a, doc } = grouped();
    expect(shapeAt(a.groups.cross, portNode(doc, "cross", "GroupInput", "x"))).toBe("B×T×128");
    expect(shapeAt(a.groups.cross, portNode(doc, "cross", "GroupInput", "ctx"))).toBe("B×S×96");
  });
  test("GroupOutput receives the body's result", () => {
    const { a, doc } = grouped();
    const out = a.groups.mlp.nodes[portNode(doc, "mlp", "GroupOutput", "x")];
    expect(out.inputs.x.map(formatTensor)).toEqual(["B×T×128"]);
  });
});

test("every block type in the registry has a shape test", () => {
  const registry = blockList.map((b) => b.type);
  expect(registry.filter((t) => !covered.has(t))).toEqual([]);
  expect([...covered].filter((t) => !registry.includes(t))).toEqual([]);
});
