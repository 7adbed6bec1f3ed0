/**
 * Random valid graphs for the export tests, from a seed: chains of Linear / Activation / norms /
 * Dropout / residual Adds and gates over features; token and sequence models with attention
 * (fused, and hand-wired SplitHeads → SDPA → MergeHeads), RoPE, recurrent layers and tied
 * heads; and repeated, nested and multi-output groups.
 */
import { createBuilder } from "@/graph";
import type { Builder, GraphDocument, Ref } from "@/graph";
import { createRng } from "@/train/data";
import type { Rng } from "@/train/data";

const ACTIVATIONS = ["relu", "gelu", "tanh", "sigmoid", "silu", "softmax"] as const;
const INITS = ["glorot", "normal02", "residual"] as const;

const chance = (rng: Rng, p: number) => rng.next() < p;

/** A width-preserving step over [.., W] activations. */
function featureStep(g: Builder, rng: Rng, h: Ref, width: number): Ref {
  switch (rng.int(7)) {
    case 0:
      return g.node("Activation", { fn: rng.pick(ACTIVATIONS) }, { x: h });
    case 1:
      return g.node("LayerNorm", { eps: rng.pick([1e-5, 1e-3]), affine: chance(rng, 0.7) }, { x: h });
    case 2:
      return g.node("RMSNorm", { eps: rng.pick([1e-6, 1e-4]), affine: chance(rng, 0.7) }, { x: h });
    case 3:
      return g.node("Dropout", { rate: rng.pick([0.1, 0.5]) }, { x: h });
    case 4: {
      const f = g.node(
        "Linear",
        { units: width, bias: chance(rng, 0.5), init: rng.pick(INITS) },
        { x: g.node("Activation", { fn: "relu" }, { x: h }) },
      );
      return g.node("Add", {}, { x: [h, f] });
    }
    case 5: {
      const gate = g.node("Activation", { fn: "silu" }, { x: g.node("Linear", { units: width }, { x: h }) });
      return g.node("Multiply", {}, { x: [gate, g.node("Linear", { units: width, bias: false }, { x: h })] });
    }
    default: {
      const both = g.node("Concat", { axis: -1 }, { x: [h, g.node("Activation", { fn: "tanh" }, { x: h })] });
      return g.node("Linear", { units: width, init: rng.pick(INITS) }, { x: both });
    }
  }
}

function mlpGraph(rng: Rng): GraphDocument {
  const b = createBuilder("random mlp");
  const width = rng.pick([4, 6, 8]);
  let h = b.node("Linear", { units: width }, { x: b.node("Input", { kind: "features", features: 2 + rng.int(4) }) });
  for (let i = 1 + rng.int(4); i > 0; i--) h = featureStep(b, rng, h, width);
  const regression = chance(rng, 0.25);
  const out = b.node("Linear", { units: regression ? 1 + rng.int(2) : 2 + rng.int(3) }, { x: h });
  b.node("Output", { kind: regression ? "regression" : "classification" }, { x: out });
  return b.build();
}

/** A width-preserving step over [B, T, D] sequences. */
function sequenceStep(g: Builder, rng: Rng, h: Ref, D: number): Ref {
  const heads = rng.pick([1, 2, 4].filter((n) => D % n === 0));
  const evenHeads = (D / heads) % 2 === 0;
  switch (rng.int(6)) {
    case 0: {
      const params = {
        heads,
        causal: chance(rng, 0.6),
        rope: evenHeads && chance(rng, 0.4),
        bias: chance(rng, 0.6),
        residualInit: chance(rng, 0.5),
        dropout: rng.pick([0, 0, 0.1]),
      };
      return g.node("Add", {}, { x: [h, g.node("MultiHeadAttention", params, { x: g.node("LayerNorm", {}, { x: h }) })] });
    }
    case 1: {
      const [q, k, v] = [0, 1, 2].map(() =>
        g.node("SplitHeads", { heads }, { x: g.node("Linear", { units: D, bias: chance(rng, 0.5) }, { x: h }) }),
      );
      const rope = evenHeads && chance(rng, 0.5);
      const rot = (x: Ref) => (rope ? g.node("RoPE", { base: rng.pick([10_000, 500]) }, { x }) : x);
      const attn = g.node("ScaledDotProductAttention", { causal: chance(rng, 0.5) }, { q: rot(q), k: rot(k), v });
      return g.node("Add", {}, { x: [h, g.node("Linear", { units: D }, { x: g.node("MergeHeads", {}, { x: attn }) })] });
    }
    case 2:
      return g.node(rng.pick(["SimpleRNN", "GRU", "LSTM"]), { units: D, returnSequences: true }, { x: h });
    case 3:
      return (D / heads) % 2 === 0 ? g.node("RoPE", { heads }, { x: h }) : g.node("Activation", { fn: "gelu" }, { x: h });
    case 4: {
      const up = g.node("Activation", { fn: rng.pick(ACTIVATIONS) }, { x: g.node("Linear", { units: 2 * D }, { x: h }) });
      return g.node("Add", {}, { x: [h, g.node("Linear", { units: D, init: "residual" }, { x: up })] });
    }
    default:
      return featureStep(g, rng, h, D);
  }
}

function sequenceGraph(rng: Rng): GraphDocument {
  const b = createBuilder("random sequence model");
  const D = rng.pick([8, 12, 16]);
  const T = 3 + rng.int(5);
  const tokens = chance(rng, 0.7);
  const V = 5 + rng.int(8);
  let h: Ref;
  let embedding: Ref | undefined;
  if (tokens) {
    embedding = b.node("Embedding", { vocabSize: V, dim: D }, { ids: b.node("Input", { kind: "tokens", seqLen: T, vocabSize: V }) });
    h = rng.pick([
      () => b.node("PositionEmbedding", { maxLen: T + rng.int(3) }, { x: embedding! }),
      () => b.node("SinusoidalPositionalEncoding", {}, { x: embedding! }),
      () => embedding!,
    ])();
  } else {
    h = b.node("Linear", { units: D }, { x: b.node("Input", { kind: "sequence", seqLen: T, features: 2 + rng.int(3) }) });
  }
  for (let i = 1 + rng.int(3); i > 0; i--) h = sequenceStep(b, rng, h, D);
  if (tokens && chance(rng, 0.6)) {
    const tied = chance(rng, 0.5);
    const head = b.node(
      "Linear",
      { units: V, bias: chance(rng, 0.5), tieTo: tied ? embedding!.id : "" },
      { x: b.node("LayerNorm", {}, { x: h }) },
    );
    b.node("Output", { kind: "language_model" }, { x: head });
  } else if (chance(rng, 0.5)) {
    const last = b.node(rng.pick(["GRU", "LSTM", "SimpleRNN"]), { units: 6, returnSequences: false }, { x: h });
    b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 3 }, { x: last }) });
  } else {
    // Flatten, or Reshape to [T·D] or to [-1] (an inferred size both compile() and export resolve).
    const flat = chance(rng, 0.4)
      ? b.node("Flatten", {}, { x: h })
      : b.node("Reshape", { shape: chance(rng, 0.5) ? [T * D] : [-1] }, { x: h });
    b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 2 + rng.int(3) }, { x: flat }) });
  }
  return b.build();
}

/** Repeated, nested and multi-output groups over features or sequences. */
function groupGraph(rng: Rng): GraphDocument {
  const b = createBuilder("random groups");
  const D = 8;
  const T = 4;
  const sequence = chance(rng, 0.5);
  const step = (g: Builder, x: Ref) => (sequence ? sequenceStep(g, rng, x, D) : featureStep(g, rng, x, D));
  const inner = b.group("inner", ["x"], (g, { x }) => ({ x: step(g, step(g, x)) }), { id: "inner" });
  const outer = b.group(
    "outer",
    ["x"],
    (g, { x }) => {
      const nested = g.node("Group", { group: inner, repeat: 1 + rng.int(2) }, { x }, { id: "nested" });
      const y = step(g, g.port(nested, "x"));
      return { x: y, aux: g.node("Linear", { units: D }, { x: y }) };
    },
    { id: "outer" },
  );
  const input = sequence
    ? b.node("Input", { kind: "sequence", seqLen: T, features: 3 })
    : b.node("Input", { kind: "features", features: 3 });
  const h = b.node("Linear", { units: D }, { x: input });
  const blocks = b.node("Group", { group: outer, repeat: 1 + rng.int(3) }, { x: h }, { id: "blocks" });
  const merged = b.node("Add", {}, { x: [b.port(blocks, "x"), b.port(blocks, "aux")] });
  const flat = sequence ? b.node("Flatten", {}, { x: merged }) : merged;
  b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 3 }, { x: flat }) });
  return b.build();
}

/**
 * A random valid graph; the same seed gives the same graph.
 * @example randomGraph(7).nodes.length
 */
export function randomGraph(seed: number): GraphDocument {
  const rng = createRng(seed);
  return [mlpGraph, sequenceGraph, groupGraph][seed % 3](rng);
}
