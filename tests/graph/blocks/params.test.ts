/**
 * Cost suite, apart from the shape suite: parameter counts against the published formulas,
 * GPT-2 small's exact count, FLOPs per token and attention memory.
 */
import { describe, expect, test } from "vitest";
import { analyse, createBuilder, getBlock } from "@/graph";
import type { Dim, TensorType } from "@/graph";
import { buildGpt, GPT2_SMALL } from "./gpt";

const float = (...shape: Dim[]): TensorType => ({ shape, dtype: "float32" });

/** A block's trainable parameters for the given input types (params get their defaults). */
function paramCount(type: string, params: Record<string, unknown>, inputs: Record<string, TensorType[]>): number {
  const def = getBlock(type)!;
  return def.paramCount({ params: def.params.parse(params), inputs, bindings: {} });
}

describe("per-block formulas", () => {
  test("Linear: in·out + out, or in·out without bias, at any rank", () => {
    expect(paramCount("Linear", { units: 30 }, { x: [float("B", 100)] })).toBe(100 * 30 + 30);
    expect(paramCount("Linear", { units: 30, bias: false }, { x: [float("B", 100)] })).toBe(100 * 30);
    expect(paramCount("Linear", { units: 30 }, { x: [float("B", "T", 100)] })).toBe(100 * 30 + 30);
  });

  // Per gate an input kernel x×h and a recurrent kernel h×h; LSTM and GRU have PyTorch's two
  // biases b_ih and b_hh (nn.LSTM, nn.GRU), the plain RNN tfjs's one.
  const h = 64;
  const x = 32;
  const seq = { x: [float("B", "T", x)] };
  test("LSTM: 4·h·(x+h) + 4·h + 4·h, as PyTorch's nn.LSTM", () => {
    expect(paramCount("LSTM", { units: h }, seq)).toBe(4 * h * (x + h) + 4 * h + 4 * h);
  });
  test("GRU: 3·h·(x+h) + 3·h + 3·h, as PyTorch's nn.GRU", () => {
    expect(paramCount("GRU", { units: h }, seq)).toBe(3 * h * (x + h) + 3 * h + 3 * h);
  });
  test("SimpleRNN: h·(x+h) + h", () => {
    expect(paramCount("SimpleRNN", { units: h }, seq)).toBe(h * (x + h) + h);
  });
  test("returnSequences does not change the count", () => {
    expect(paramCount("LSTM", { units: h, returnSequences: false }, seq)).toBe(paramCount("LSTM", { units: h }, seq));
  });

  const C = 128;
  test("LayerNorm: 2C (γ and β); none without affine", () => {
    expect(paramCount("LayerNorm", {}, { x: [float("B", "T", C)] })).toBe(2 * C);
    expect(paramCount("LayerNorm", { affine: false }, { x: [float("B", "T", C)] })).toBe(0);
  });
  test("RMSNorm: C (gain only)", () => {
    expect(paramCount("RMSNorm", {}, { x: [float("B", "T", C)] })).toBe(C);
  });
  test("Embedding: V·C", () => {
    expect(paramCount("Embedding", { vocabSize: 1000, dim: C }, { ids: [{ shape: ["B", "T"], dtype: "int32" }] })).toBe(1000 * C);
  });
  test("PositionEmbedding: Tmax·C", () => {
    expect(paramCount("PositionEmbedding", { maxLen: 1024 }, { x: [float("B", "T", C)] })).toBe(1024 * C);
  });
  test("parameter-free blocks count 0", () => {
    const x3 = { x: [float("B", "T", C)] };
    for (const type of ["Activation", "Dropout", "Flatten", "SinusoidalPositionalEncoding", "RoPE", "SplitHeads"]) {
      expect(paramCount(type, {}, x3), type).toBe(0);
    }
  });

  test("MultiHeadAttention, self: 4C² + 4C (Q, K, V, O with biases)", () => {
    expect(paramCount("MultiHeadAttention", { heads: 4 }, { x: [float("B", "T", C)] })).toBe(4 * C * C + 4 * C);
    expect(paramCount("MultiHeadAttention", { heads: 4, bias: false }, { x: [float("B", "T", C)] })).toBe(4 * C * C);
  });
  test("MultiHeadAttention, cross with context width C′: 2C² + 2C′C + 4C", () => {
    const Cc = 96;
    const inputs = { query: [float("B", "T", C)], context: [float("B", "S", Cc)] };
    expect(paramCount("MultiHeadAttention", { heads: 4, cross: true, causal: false }, inputs)).toBe(2 * C * C + 2 * Cc * C + 4 * C);
  });
});

describe("whole graphs", () => {
  const small = { layers: 2, heads: 4, width: 64, vocab: 500, context: 32 };

  test("a tied LM head counts its matrix once: tied = untied − V·C", () => {
    const tied = analyse(buildGpt({ ...small, tied: true })).totals;
    const untied = analyse(buildGpt({ ...small, tied: false })).totals;
    expect(untied.params - tied.params).toBe(small.vocab * small.width);
    expect(analyse(buildGpt({ ...small, tied: true })).nodes.lm_head.cost.params).toBe(0);
  });

  test("repeat ×N multiplies the block's params by N", () => {
    const withRepeat = (repeat: number) => {
      const b = createBuilder("mlp");
      const x = b.node("Input", { kind: "features", features: 16 });
      const body = b.group("layer", ["x"], (g, { x }) => ({
        x: g.node("Activation", { fn: "relu" }, { x: g.node("Linear", { units: 16 }, { x }) }),
      }));
      const y = b.node("Group", { group: body, repeat }, { x }, { id: "stack" });
      b.node("Output", { kind: "regression" }, { x: b.port(y, "x") });
      return analyse(b.build());
    };
    const once = 16 * 16 + 16;
    expect(withRepeat(1).nodes.stack.cost.params).toBe(once);
    expect(withRepeat(5).nodes.stack.cost.params).toBe(5 * once);
    expect(withRepeat(5).totals.params).toBe(5 * once);
  });

  describe("GPT-2 small (12 layers, 12 heads, C = 768, V = 50257, T = 1024, tied head)", () => {
    const { layers, heads, width: C, vocab: V, context: T } = GPT2_SMALL;
    const a = analyse(buildGpt(GPT2_SMALL), { batch: 8 });

    test("is a valid graph", () => {
      expect(a.diagnostics).toEqual([]);
    });

    test("has exactly 124,439,808 parameters", () => {
      expect(a.totals.params).toBe(124_439_808);
    });

    test("non-embedding params exclude the token and position tables", () => {
      expect(a.totals.embeddingParams).toBe(V * C + T * C);
      expect(a.totals.paramsNonEmbedding).toBe(124_439_808 - V * C - T * C); // 85,056,000
      // 12 · (2·2C + 4C² + 4C + 8C² + 5C) + 2C, as counted in Kaplan et al. 2020 (N ≈ 12·L·C²).
      expect(a.totals.paramsNonEmbedding).toBe(layers * (4 * C + 12 * C * C + 9 * C) + 2 * C);
    });

    // Reference: Kaplan et al. 2020, "Scaling Laws for Neural Language Models", Table 1.
    // Forward FLOPs per token ≈ 2·N (N non-embedding) + 2·n_layer·n_ctx·d_attn for the QKᵀ
    // scores; the attention-weighted sum of values costs the same again, giving
    // 2·N + 2·L·T·C·2 (= PaLM's 6N + 12·L·H·Q·T for training, divided by 3). The table lists
    // the de-embedding (the LM head) apart: 2·d_model·n_vocab.
    const body = 2 * a.totals.paramsNonEmbedding + 2 * layers * T * C * 2;
    const deEmbedding = 2 * C * V;

    test("FLOPs per token of the Transformer stack are within 10% of 2·N + 2·L·T·C·2", () => {
      const headAndLoss = (a.nodes.lm_head.cost.flops + a.nodes.loss.cost.flops) / T;
      const stack = a.totals.flopsPerToken - headAndLoss;
      expect(Math.abs(stack / body - 1)).toBeLessThan(0.1);
    });

    test("FLOPs per token of the whole graph add the LM head's 2·C·V", () => {
      expect(a.totals.seqLen).toBe(T);
      expect(Math.abs(a.totals.flopsPerToken / (body + deEmbedding) - 1)).toBeLessThan(0.1);
      expect(a.totals.flopsPerSample).toBe(a.totals.flopsPerToken * T);
    });

    test("activation memory holds B·h·T² attention weights per layer (float32)", () => {
      expect(a.totals.batch).toBe(8);
      expect(a.totals.attentionBytes).toBe(4 * 8 * heads * T * T * layers);
      expect(a.groups.block.nodes.attn.cost.attentionBytes).toBe(4 * 8 * heads * T * T);
      expect(a.totals.activationBytes).toBeGreaterThan(a.totals.attentionBytes);
    });
  });

  test("hand-wired ScaledDotProductAttention holds B·h·T·S weights too", () => {
    const b = createBuilder("sdpa");
    const x = b.node("Input", { kind: "sequence", seqLen: 16, features: 32 });
    const heads = b.node("SplitHeads", { heads: 4 }, { x });
    const sdpa = b.node("ScaledDotProductAttention", {}, { q: heads, k: heads, v: heads }, { id: "sdpa" });
    b.node("Output", { kind: "regression" }, { x: b.node("MergeHeads", {}, { x: sdpa }) });
    const cost = analyse(b.build(), { batch: 2 }).nodes.sdpa.cost;
    expect(cost.attentionBytes).toBe(4 * 2 * 4 * 16 * 16);
    // The weights port is an output like `out`: its B·h·T·S elements are counted once, not twice.
    expect(cost.activationBytes).toBe(4 * (2 * 4 * 16 * 8 + 2 * 4 * 16 * 16));
  });
});
