/**
 * Every diagnostic code analysis can report: on which node and port, and a message that
 * names the node and the fix. Also: valid graphs stay silent, one broken node does not
 * drown its downstream in errors, and a long chain is analysed end to end.
 */
import { describe, expect, test } from "vitest";
import { analyse, createBuilder, formatTensor, isValid } from "@/graph";
import type { Analysis, Builder, DiagnosticCode, GraphDocument, Ref } from "@/graph";
import { buildGpt } from "../blocks/gpt";

/** One entry per code: the compiler fails here when a code is added to `DiagnosticCode`. */
const ALL_CODES: Record<DiagnosticCode, true> = {
  cycle: true,
  "missing-input": true,
  "dtype-mismatch": true,
  "shape-mismatch": true,
  "rank-mismatch": true,
  "invalid-param": true,
  unreachable: true,
  "no-output": true,
  "multiple-connections": true,
  "unknown-block": true,
  "unknown-port": true,
  "dangling-edge": true,
  "unknown-group": true,
  "group-recursion": true,
  "group-interface": true,
  "tie-target": true,
  "too-large": true,
};

const tested = new Set<DiagnosticCode>();

/** A describe block for one code; the code counts as tested. */
function diagnostic(code: DiagnosticCode, body: () => void) {
  tested.add(code);
  describe(code, body);
}

const withCode = (a: Analysis, code: DiagnosticCode) => a.diagnostics.filter((d) => d.code === code);
const on = (a: Analysis, nodeId: string) => a.diagnostics.filter((d) => d.nodeId === nodeId);

const SEQ = (features: number) => ({ kind: "sequence", seqLen: 16, features }) as const;

/** `Input(input) → type(params, wired to `port`) → Output(regression)`; the block is `under`, the loss `loss`. */
function single(input: Record<string, unknown>, type: string, params: Record<string, unknown> = {}, port = "x"): GraphDocument {
  const b = createBuilder("single");
  const x = b.node("Input", input, {}, { id: "in" });
  b.node("Output", { kind: "regression" }, { x: b.node(type, params, { [port]: x }, { id: "under" }) }, { id: "loss" });
  return b.build();
}

/** Input(4 features) `in` → Linear 8 `hidden` → ReLU → Linear 2 `logits` → Output `loss`; `extend` may add nodes. */
function mlp(extend?: (b: Builder, x: Ref) => void): GraphDocument {
  const b = createBuilder("mlp");
  const x = b.node("Input", { kind: "features", features: 4 }, {}, { id: "in" });
  extend?.(b, x);
  const h = b.node("Activation", { fn: "relu" }, { x: b.node("Linear", { units: 8 }, { x }, { id: "hidden" }) });
  b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 2 }, { x: h }, { id: "logits" }) }, { id: "loss" });
  return b.build();
}

diagnostic("cycle", () => {
  /** in → a (Add) ⇄ b (Linear), a → loss. */
  function cyclic(labels: { a?: string; b?: string } = {}): Analysis {
    const b = createBuilder("cycle");
    const x = b.node("Input", { kind: "features", features: 8 });
    const a = b.node("Add", {}, { x: [x, { id: "b", port: "out" }] }, { id: "a", label: labels.a });
    b.node("Linear", { units: 8 }, { x: a }, { id: "b", label: labels.b });
    b.node("Output", { kind: "regression" }, { x: a }, { id: "loss" });
    return analyse(b.build());
  }
  test("every node on the cycle gets the closed path and the fix", () => {
    const message = "cycle: a → b → a; remove one of its wires";
    expect(withCode(cyclic(), "cycle")).toMatchObject([
      { nodeId: "a", message },
      { nodeId: "b", message },
    ]);
  });
  test("the path uses labels where nodes have them", () => {
    expect(withCode(cyclic({ a: "mix", b: "proj" }), "cycle")[0].message).toBe("cycle: mix → proj → mix; remove one of its wires");
  });
  test("nodes after the cycle report nothing", () => {
    expect(on(cyclic(), "loss")).toEqual([]);
  });
});

diagnostic("missing-input", () => {
  test("cross-attention without a context names the port", () => {
    const a = analyse(single(SEQ(32), "MultiHeadAttention", { cross: true, causal: false }, "query"));
    expect(a.diagnostics).toMatchObject([
      { code: "missing-input", severity: "error", nodeId: "under", port: "context", message: "input `context` of under is not connected" },
    ]);
  });
});

diagnostic("dtype-mismatch", () => {
  test("floats into Embedding: feed it token ids", () => {
    const a = analyse(single(SEQ(4), "Embedding", {}, "ids"));
    expect(a.diagnostics).toMatchObject([
      {
        code: "dtype-mismatch",
        severity: "error",
        nodeId: "under",
        port: "ids",
        message: "Embedding needs integer token ids on `ids`, got B×T×4: feed it from an Input of kind tokens",
      },
    ]);
  });
  test("token ids into Linear: put an Embedding first", () => {
    const a = analyse(single({ kind: "tokens", seqLen: 16 }, "Linear"));
    expect(a.diagnostics).toMatchObject([
      {
        code: "dtype-mismatch",
        nodeId: "under",
        port: "x",
        message: "Linear needs float values on `x`, got B×T int: put an Embedding first",
      },
    ]);
  });
});

diagnostic("rank-mismatch", () => {
  test("a B×F tensor into MultiHeadAttention names the rank it needs", () => {
    const a = analyse(single({ kind: "features", features: 16 }, "MultiHeadAttention"));
    expect(a.diagnostics).toMatchObject([
      {
        code: "rank-mismatch",
        severity: "error",
        nodeId: "under",
        port: "x",
        message: "Multi-head attention needs a rank 3 tensor on `x` (B×T×C), got B×16",
      },
    ]);
  });

  /** tokens → Embedding → a recurrent block with Return sequences off → `next`, wired by `tail`. */
  function lastStateInto(cell: string, tail: (b: Builder, h: Ref) => void): GraphDocument {
    const b = createBuilder("last state");
    const ids = b.node("Input", { kind: "tokens", seqLen: 12, vocabSize: 20 }, {}, { id: "tokens" });
    const x = b.node("Embedding", { vocabSize: 20, dim: 8 }, { ids }, { id: "embed" });
    tail(b, b.node(cell, { units: 16, returnSequences: false }, { x }, { id: `${cell.toLowerCase()}1` }));
    return b.build();
  }
  const fixMessage = (block: string, cell: string, got = "B×16") =>
    `${block} needs time (B×T×C) on \`x\`, got ${got}: ${cell.toLowerCase()}1 outputs only its last state (B×h); turn on Return sequences on ${cell.toLowerCase()}1`;

  test.each(["GRU", "LSTM", "SimpleRNN"])("%s with Return sequences off into another recurrent block names the node to fix", (cell) => {
    const a = analyse(
      lastStateInto(cell, (b, h) => {
        const r = b.node("GRU", { units: 8 }, { x: h }, { id: "next" });
        b.node("Output", { kind: "language_model" }, { x: b.node("Linear", { units: 20 }, { x: r }) });
      }),
    );
    expect(withCode(a, "rank-mismatch")).toMatchObject([{ nodeId: "next", port: "x", message: fixMessage("GRU", cell) }]);
  });

  test("a GRU's last state into attention, and through a Linear head into a language-model Output", () => {
    const attention = analyse(lastStateInto("GRU", (b, h) => void b.node("MultiHeadAttention", { heads: 2 }, { x: h }, { id: "attn" })));
    expect(withCode(attention, "rank-mismatch")).toMatchObject([{ nodeId: "attn", message: fixMessage("Multi-head attention", "GRU") }]);
    const head = analyse(
      lastStateInto("GRU", (b, h) => {
        const logits = b.node("Linear", { units: 20 }, { x: b.node("Dropout", { rate: 0.1 }, { x: h }) }, { id: "head" });
        b.node("Output", { kind: "language_model" }, { x: logits }, { id: "loss" });
      }),
    );
    expect(withCode(head, "rank-mismatch")).toMatchObject([{ nodeId: "loss", message: fixMessage("Output / loss", "GRU", "B×20") }]);
  });

  test("the last state into a classifier Output is fine; a plain rank error keeps the plain message", () => {
    const ok = analyse(
      lastStateInto("LSTM", (b, h) => void b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 3 }, { x: h }) })),
    );
    expect(ok.diagnostics).toEqual([]);
    const on = lastStateInto("GRU", (b, h) => void b.node("MultiHeadAttention", { heads: 2 }, { x: h }, { id: "attn" }));
    const returning = {
      ...on,
      nodes: on.nodes.map((n) => (n.id === "gru1" ? { ...n, params: { ...n.params, returnSequences: true } } : n)),
    };
    expect(withCode(analyse(returning), "rank-mismatch")).toEqual([]);
  });
});

diagnostic("shape-mismatch", () => {
  test("Add of B×T×128 and B×T×64 names both shapes", () => {
    const b = createBuilder("add");
    const x = b.node("Input", SEQ(128));
    b.node("Output", { kind: "regression" }, { x: b.node("Add", {}, { x: [x, b.node("Linear", { units: 64 }, { x })] }, { id: "res" }) });
    expect(analyse(b.build()).diagnostics).toMatchObject([
      { code: "shape-mismatch", nodeId: "res", port: "x", message: "Add needs equal shapes: B×T×128 vs B×T×64" },
    ]);
  });
});

diagnostic("invalid-param", () => {
  test("heads (6) must divide model width (128)", () => {
    const a = analyse(single(SEQ(128), "MultiHeadAttention", { heads: 6 }));
    expect(a.diagnostics).toMatchObject([{ code: "invalid-param", nodeId: "under", message: "heads (6) must divide model width (128)" }]);
  });
  test("a value the schema rejects names the node, the param and the bound", () => {
    const [d] = analyse(single({ kind: "features", features: 4 }, "Linear", { units: 0 })).diagnostics;
    expect(d).toMatchObject({ code: "invalid-param", severity: "error", nodeId: "under" });
    expect(d.message).toMatch(/^under: units: .*>=1/);
  });
  test("an option the schema does not know lists the ones it does", () => {
    const [d] = analyse(single({ kind: "features", features: 4 }, "Activation", { fn: "swish" })).diagnostics;
    expect(d).toMatchObject({ code: "invalid-param", nodeId: "under" });
    expect(d.message).toMatch(/^under: fn: .*"relu".*"silu"/);
  });
});

diagnostic("unreachable", () => {
  test("a dangling Linear branch is a warning, not an error", () => {
    const a = analyse(mlp((b, x) => b.node("Linear", { units: 3 }, { x }, { id: "probe" })));
    expect(a.diagnostics).toEqual([
      { code: "unreachable", severity: "warning", nodeId: "probe", message: "probe does not lead to an Output; it will not be trained" },
    ]);
    expect(isValid(a)).toBe(true);
  });
});

diagnostic("no-output", () => {
  test("a graph without Output says to add one, and nothing else", () => {
    const b = createBuilder("headless");
    b.node("Linear", { units: 2 }, { x: b.node("Input", { kind: "features", features: 4 }) });
    const a = analyse(b.build());
    expect(a.diagnostics).toMatchObject([{ code: "no-output", severity: "error", nodeId: "" }]);
    expect(a.diagnostics[0].message).toContain("add one");
  });
});

diagnostic("multiple-connections", () => {
  test("two wires into Linear x: add them with an Add block", () => {
    const b = createBuilder("two");
    const x1 = b.node("Input", { kind: "features", features: 4 });
    const x2 = b.node("Input", { kind: "features", features: 4 });
    b.node("Output", { kind: "regression" }, { x: b.node("Linear", {}, { x: [x1, x2] }, { id: "lin" }) });
    expect(analyse(b.build()).diagnostics).toMatchObject([
      {
        code: "multiple-connections",
        severity: "error",
        nodeId: "lin",
        port: "x",
        message: "input `x` of lin takes one wire, has 2: add them with an Add block",
      },
    ]);
  });
});

diagnostic("unknown-block", () => {
  test("a type the registry does not know", () => {
    const doc = mlp();
    const a = analyse({ ...doc, nodes: [...doc.nodes, { id: "mystery", type: "Conv9D", params: {}, position: { x: 0, y: 0 } }] });
    expect(withCode(a, "unknown-block")).toMatchObject([
      { severity: "error", nodeId: "mystery", message: 'unknown block type "Conv9D": delete the node or update Tensorloom' },
    ]);
  });
});

diagnostic("unknown-port", () => {
  test("a wire into a port the node does not have", () => {
    const doc = mlp();
    const a = analyse({ ...doc, edges: [...doc.edges, { id: "bad", source: "in", sourcePort: "out", target: "hidden", targetPort: "y" }] });
    expect(a.diagnostics).toMatchObject([
      { code: "unknown-port", severity: "error", nodeId: "hidden", port: "y", message: "hidden has no input `y`: delete the wire" },
    ]);
  });
  test("a wire out of a port the node does not have", () => {
    const doc = mlp();
    const a = analyse({
      ...doc,
      edges: [...doc.edges, { id: "bad", source: "in", sourcePort: "value", target: "hidden", targetPort: "x" }],
    });
    expect(withCode(a, "unknown-port")).toMatchObject([
      { nodeId: "in", port: "value", message: "in has no output `value`: delete the wire" },
    ]);
  });
});

diagnostic("dangling-edge", () => {
  test("a wire to a node that is gone is reported on the node that remains", () => {
    const doc = mlp();
    const a = analyse({
      ...doc,
      edges: [...doc.edges, { id: "stale", source: "in", sourcePort: "out", target: "ghost", targetPort: "x" }],
    });
    expect(a.diagnostics).toMatchObject([
      { code: "dangling-edge", severity: "error", nodeId: "in", message: "wire stale points to a missing node ghost: delete the wire" },
    ]);
  });
});

diagnostic("unknown-group", () => {
  test("a Group node whose body is missing", () => {
    const doc = mlp();
    const a = analyse({
      ...doc,
      nodes: [...doc.nodes, { id: "orphan", type: "Group", params: { group: "nope", repeat: 1 }, position: { x: 0, y: 0 } }],
    });
    expect(withCode(a, "unknown-group")).toMatchObject([
      { severity: "error", nodeId: "orphan", message: 'orphan refers to a missing block body "nope": delete the node' },
    ]);
  });
});

diagnostic("group-recursion", () => {
  test("a body containing a Group node of itself", () => {
    const b = createBuilder("recursive");
    const x = b.node("Input", SEQ(16));
    const loop = b.group("loop", ["x"], (g, { x }) => ({ x: g.port(g.node("Group", { group: "loop" }, { x }, { id: "self" }), "x") }), {
      id: "loop",
    });
    b.node("Output", { kind: "regression" }, { x: b.port(b.node("Group", { group: loop }, { x }, { id: "outer" }), "x") });
    expect(analyse(b.build()).diagnostics).toMatchObject([
      {
        code: "group-recursion",
        severity: "error",
        nodeId: "self",
        groupId: "loop",
        message: 'block "loop" contains itself: loop → loop; remove the inner block node',
      },
    ]);
  });
});

diagnostic("too-large", () => {
  /** `levels` bodies, each running the next ×`repeat`, around one Linear. */
  function nested(levels: number, repeat: number): GraphDocument {
    const b = createBuilder("nested");
    const x = b.node("Input", SEQ(16));
    let body = b.group("Layer", ["x"], (g, { x }) => ({ x: g.node("Linear", { units: 16 }, { x }) }), { id: "g0" });
    for (let k = 1; k < levels; k++) {
      const inner = body;
      body = b.group(`Level ${k}`, ["x"], (g, { x }) => ({ x: g.port(g.node("Group", { group: inner, repeat }, { x }), "x") }), {
        id: `g${k}`,
      });
    }
    b.node("Output", { kind: "regression" }, { x: b.port(b.node("Group", { group: body, repeat }, { x }, { id: "top" }), "x") });
    return b.build();
  }
  test("repeats that expand past the layer limit: on the outer block, naming it and the size", () => {
    expect(analyse(nested(3, 100)).diagnostics).toMatchObject([
      {
        code: "too-large",
        severity: "error",
        nodeId: "top",
        message: 'top runs "Level 2" ×100: 1,000,000 layers once expanded; the limit is 100,000: lower the repeat counts',
      },
    ]);
  });
  test("the same design ×40 is analysed collapsed: 64,000 Linear layers' cost from one body", () => {
    const a = analyse(nested(3, 40));
    expect(a.diagnostics).toEqual([]);
    expect(a.totals.params).toBe(40 ** 3 * (16 * 16 + 16));
  });
  test("blocks nested past the depth limit", () => {
    expect(analyse(nested(40, 1)).diagnostics).toMatchObject([
      { code: "too-large", nodeId: "top", message: "top nests blocks 40 deep; the limit is 32: ungroup some levels" },
    ]);
  });
  test("more wires into one port than the limit", () => {
    const b = createBuilder("wide");
    const x = b.node("Input", SEQ(4));
    b.node("Output", { kind: "regression" }, { x: b.node("Add", {}, { x: Array.from({ length: 1025 }, () => x) }, { id: "sum" }) });
    expect(analyse(b.build()).diagnostics).toMatchObject([
      { code: "too-large", nodeId: "sum", port: "x", message: "input `x` of sum has 1,025 wires; the limit is 1,024: add them in stages" },
    ]);
  });
});

diagnostic("group-interface", () => {
  /** A body Linear(64) on B×T×128: it narrows its input. */
  function narrowing(repeat: number): Analysis {
    const b = createBuilder("narrow");
    const x = b.node("Input", SEQ(128));
    const body = b.group("narrow", ["x"], (g, { x }) => ({ x: g.node("Linear", { units: 64 }, { x }) }), { id: "narrow" });
    b.node("Output", { kind: "regression" }, { x: b.port(b.node("Group", { group: body, repeat }, { x }, { id: "stack" }), "x") });
    return analyse(b.build());
  }
  test("a repeated block that changes the shape", () => {
    expect(narrowing(3).diagnostics).toMatchObject([
      {
        code: "group-interface",
        severity: "error",
        nodeId: "stack",
        message: "block output `x` is B×T×64 but its input `x` is B×T×128: a repeated block must keep the shape",
      },
    ]);
  });
  test("the same block once is fine", () => {
    const a = narrowing(1);
    expect(a.diagnostics).toEqual([]);
    expect(formatTensor(a.nodes.stack.outputs.x)).toBe("B×T×64");
  });
  test("a body with no Block output", () => {
    const b = createBuilder("mute");
    const x = b.node("Input", SEQ(8));
    const body = b.group("mute", ["x"], () => ({}), { id: "mute" });
    b.node("Group", { group: body }, { x });
    b.node("Output", { kind: "regression" }, { x });
    expect(withCode(analyse(b.build()), "group-interface")).toMatchObject([
      { nodeId: "", groupId: "mute", message: "this block body has no Block output node" },
    ]);
  });
});

diagnostic("tie-target", () => {
  /** Tokens (V=100) → Embedding `wte` 100×32 → LayerNorm `ln` → Linear `head` tied to `tieTo` → Output. */
  function tied(tieTo: string, units = 100, vocab = 100): Analysis {
    const b = createBuilder("tied");
    const ids = b.node("Input", { kind: "tokens", seqLen: 16, vocabSize: 100 });
    const ln = b.node("LayerNorm", {}, { x: b.node("Embedding", { vocabSize: vocab, dim: 32 }, { ids }, { id: "wte" }) }, { id: "ln" });
    b.node("Output", { kind: "language_model" }, { x: b.node("Linear", { units, bias: false, tieTo }, { x: ln }, { id: "head" }) });
    return analyse(b.build());
  }
  test("tied to the Embedding with matching sizes is fine", () => {
    expect(tied("wte").diagnostics).toEqual([]);
  });
  test("tied to a block that is not an Embedding", () => {
    expect(tied("ln").diagnostics).toMatchObject([
      {
        code: "tie-target",
        severity: "error",
        nodeId: "head",
        message: 'head is tied to "ln", which is not an Embedding block: pick an Embedding or clear tieTo',
      },
    ]);
  });
  test("units other than the Embedding's vocab", () => {
    expect(tied("wte", 90).diagnostics).toMatchObject([
      { code: "tie-target", nodeId: "head", message: "a head tied to wte needs units = its vocab (100), has 90" },
    ]);
  });
  test("a vocab the head does not match, even when the table is large enough", () => {
    expect(tied("wte", 100, 128).diagnostics).toMatchObject([
      { code: "tie-target", nodeId: "head", message: "a head tied to wte needs units = its vocab (128), has 100" },
    ]);
  });
});

test("every diagnostic code has a test", () => {
  expect(Object.keys(ALL_CODES).filter((c) => !tested.has(c as DiagnosticCode))).toEqual([]);
});

describe("valid graphs are silent", () => {
  test("an MLP", () => {
    expect(analyse(mlp()).diagnostics).toEqual([]);
  });
  test("a GPT-like stack with a tied head", () => {
    const a = analyse(buildGpt({ layers: 2, heads: 4, width: 64, vocab: 65, context: 32, tied: true }));
    expect(a.diagnostics).toEqual([]);
    expect(formatTensor(a.nodes.lm_head.outputs.out)).toBe("B×T×65");
  });
});

describe("one broken node, one error", () => {
  /** in → attn(heads) → ln → proj → Output: everything after attn depends on it. */
  function afterAttention(heads: number): Analysis {
    const b = createBuilder("chain");
    const x = b.node("Input", SEQ(128));
    const attn = b.node("MultiHeadAttention", { heads }, { x }, { id: "attn" });
    const ln = b.node("LayerNorm", {}, { x: attn }, { id: "ln" });
    b.node("Output", { kind: "regression" }, { x: b.node("Linear", { units: 8 }, { x: ln }, { id: "proj" }) }, { id: "loss" });
    return analyse(b.build());
  }
  test("a shape error upstream leaves the downstream nodes silent", () => {
    const a = afterAttention(6);
    expect(a.diagnostics.map((d) => `${d.nodeId} ${d.code}`)).toEqual(["attn invalid-param"]);
    expect(a.nodes.ln.outputs).toEqual({});
  });
  test("a dtype error upstream leaves the downstream nodes silent", () => {
    const b = createBuilder("chain");
    const ids = b.node("Input", { kind: "tokens", seqLen: 16 });
    b.node("Output", { kind: "regression" }, { x: b.node("LayerNorm", {}, { x: b.node("Linear", {}, { x: ids }, { id: "lin" }) }) });
    expect(analyse(b.build()).diagnostics.map((d) => `${d.nodeId} ${d.code}`)).toEqual(["lin dtype-mismatch"]);
  });
  test("a schema error upstream leaves the downstream nodes silent", () => {
    const a = analyse(single({ kind: "features", features: 4 }, "Linear", { units: -1 }));
    expect(a.diagnostics.map((d) => `${d.nodeId} ${d.code}`)).toEqual(["under invalid-param"]);
  });

  // BUG (graph/ports.ts nodePorts → graph/analysis.ts:152-170): a node of unknown type, or a
  // Group whose body is missing, has no ports, so each of its wires is also an unknown-port
  // error and the next node claims its connected input "is not connected".
  test("an unknown block type is one error, not errors on its wires and the next node", () => {
    const doc = single({ kind: "features", features: 4 }, "Linear");
    const a = analyse({ ...doc, nodes: doc.nodes.map((n) => (n.id === "under" ? { ...n, type: "Conv9D" } : n)) });
    expect(a.diagnostics.map((d) => `${d.nodeId} ${d.code}`)).toEqual(["under unknown-block"]);
  });
  test("a Group with a missing body is one error, not errors on its wires and the next node", () => {
    const b = createBuilder("orphan");
    const x = b.node("Input", SEQ(8));
    b.node(
      "Output",
      { kind: "regression" },
      { x: b.port(b.node("Group", { group: "nope" }, { x }, { id: "orphan" }), "x") },
      { id: "loss" },
    );
    expect(analyse(b.build()).diagnostics.map((d) => `${d.nodeId} ${d.code}`)).toEqual(["orphan unknown-group"]);
  });
});

describe("severity", () => {
  // BUG (graph/analysis.ts:257): `severity: issue.severity` is undefined for every issue a
  // block's shape rule reports (rules.ts `fail` sets none), and it overwrites the default
  // "error" in `diag` (line 146), so isValid() passes graphs with shape errors.
  test("errors from a block's shape rule are errors, and make the graph invalid", () => {
    const a = analyse(single(SEQ(128), "MultiHeadAttention", { heads: 6 }));
    expect(a.diagnostics.map((d) => d.severity)).toEqual(["error"]);
    expect(isValid(a)).toBe(false);
  });
  test("errors found by analysis itself are errors", () => {
    const a = analyse(single({ kind: "features", features: 16 }, "MultiHeadAttention"));
    expect(a.diagnostics.map((d) => d.severity)).toEqual(["error"]);
    expect(isValid(a)).toBe(false);
  });
});

describe("length symbols", () => {
  // BUG (graph/analysis.ts:251): each Input's binding is merged with Object.assign, so two
  // sequence Inputs that both name their length T but differ (64 vs 32) silently rebind T to
  // the last one; their sum then passes as B×T×4 + B×T×4.
  test("two Inputs that bind T to different lengths are an error", () => {
    const b = createBuilder("lengths");
    const long = b.node("Input", { kind: "sequence", seqLen: 64, features: 4 });
    const short = b.node("Input", { kind: "sequence", seqLen: 32, features: 4 });
    b.node("Output", { kind: "regression" }, { x: b.node("Add", {}, { x: [long, short] }) });
    expect(isValid(analyse(b.build()))).toBe(false);
  });
});

test("a 1,000-node chain is analysed to the end", () => {
  const b = createBuilder("deep");
  let x = b.node("Input", { kind: "features", features: 8 });
  for (let i = 0; i < 998; i++) x = i % 2 === 0 ? b.node("Linear", { units: 8 }, { x }) : b.node("Activation", { fn: "tanh" }, { x });
  b.node("Output", { kind: "regression" }, { x }, { id: "loss" });
  const doc = b.build();
  const a = analyse(doc);
  expect(doc.nodes).toHaveLength(1000);
  expect(a.diagnostics).toEqual([]);
  expect(a.order).toHaveLength(1000);
  expect(a.nodes.loss.inputs.x.map(formatTensor)).toEqual(["B×8"]);
  expect(a.totals.params).toBe(499 * (8 * 8 + 8));
});
