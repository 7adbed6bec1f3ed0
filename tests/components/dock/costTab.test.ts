import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { analyse, createBuilder, setParams } from "@/graph";
import { CostTab } from "@/components/dock/CostTab";
import { costRows, nextSort, sortRows } from "@/components/dock/costRows";
import { attentionShare, costSeries, seqLenSteps } from "@/components/dock/costSeries";
import { gptDoc, render, storeWith } from "./render";

describe("costRows", () => {
  it("lists the top level in graph order, the repeated block with its total ×N", () => {
    const doc = gptDoc();
    const rows = costRows(doc, undefined, analyse(doc));
    expect(rows.map((r) => r.id)).toEqual(["tokens", "wte", "wpe", "blocks", "ln_f", "lm_head", "loss"]);
    const blocks = rows.find((r) => r.id === "blocks")!;
    expect(blocks.summary).toBe("Transformer block ×4");
    expect(blocks.repeat).toBe(4);
    expect(blocks.shape).toBe("B×T×128");
    // One GPT block of width 128: attention 4C² + 4C, MLP 8C² + 5C, two LayerNorms 4C.
    expect(blocks.params).toBe(4 * (12 * 128 * 128 + 13 * 128));
    expect(rows.find((r) => r.id === "wte")).toMatchObject({ params: 65 * 128, shape: "B×T×128", summary: "Embedding 65×128" });
    expect(rows.find((r) => r.id === "loss")?.shape).toBe("");
  });

  it("lists a block body's nodes with the costs of one copy", () => {
    const doc = gptDoc();
    const a = analyse(doc);
    const rows = costRows(doc, "block", a.groups.block);
    expect(rows.map((r) => r.id)).toContain("attn");
    expect(rows.reduce((s, r) => s + r.params, 0)).toBe(12 * 128 * 128 + 13 * 128);
  });

  it("sorts by a column, biggest first for numbers, and flips on a second click", () => {
    const doc = gptDoc();
    const rows = costRows(doc, undefined, analyse(doc));
    const byParams = nextSort({ key: "order", dir: "asc" }, "params");
    expect(byParams).toEqual({ key: "params", dir: "desc" });
    expect(sortRows(rows, byParams)[0].id).toBe("blocks");
    const flipped = nextSort(byParams, "params");
    expect(flipped.dir).toBe("asc");
    expect(sortRows(rows, flipped).at(-1)?.id).toBe("blocks");
    expect(nextSort(flipped, "id")).toEqual({ key: "id", dir: "asc" });
    expect(sortRows(rows, { key: "id", dir: "asc" }).map((r) => r.id)[0]).toBe("blocks");
    expect(rows.map((r) => r.id)).toEqual(["tokens", "wte", "wpe", "blocks", "ln_f", "lm_head", "loss"]); // input untouched
  });
});

describe("costSeries", () => {
  it("steps through powers of two from 16 to four times the bound length, capped at 8192", () => {
    expect(seqLenSteps(64)).toEqual([16, 32, 64, 128, 256]);
    expect(seqLenSteps(8)).toEqual([16, 32, 64]);
    expect(seqLenSteps(100)).toEqual([16, 32, 64, 128, 256]);
    expect(seqLenSteps(4096)).toEqual([16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192]);
  });

  it("shows attention memory growing like T² while FLOPs and memory grow faster than T", () => {
    const points = costSeries(gptDoc(), 1, 64);
    const at = (T: number) => points.find((p) => p.T === T)!;
    // 4 layers × 4 heads × T² floats of attention weights.
    expect(at(64).attentionBytes).toBe(4 * 4 * 64 * 64 * 4);
    expect(at(256).attentionBytes / at(64).attentionBytes).toBe(16);
    expect(at(256).flops / at(64).flops).toBeGreaterThan(4);
    expect(attentionShare({ attentionBytes: at(256).attentionBytes, activationBytes: at(256).bytes })).toBeGreaterThan(
      attentionShare({ attentionBytes: at(64).attentionBytes, activationBytes: at(64).bytes }),
    );
  });
});

describe("CostTab", () => {
  it("shows the totals, the table of the scope and the chart", () => {
    const html = render(storeWith(gptDoc()), createElement(CostTab));
    expect(html).toContain('data-testid="cost-tab"');
    expect(html).toMatch(/data-testid="cost-params"[^>]*>810k</);
    expect(html).toContain("793k without embeddings");
    expect(html).toContain("1.75 MFLOPs");
    expect(html).toContain("/ token");
    expect(html).toContain("at B=1, T=64");
    expect(html).toContain('data-testid="cost-table"');
    expect(html).toContain('data-testid="cost-row-blocks"');
    expect(html).toContain("Transformer block ×4");
    expect(html).toMatch(/data-testid="cost-chart"[\s\S]*<svg/);
    expect(html).toMatch(
      /data-testid="cost-attention-share"[^>]*>Attention holds 12% of activation memory at T=64 and \d+% at T=256: it grows like T²/,
    );
  });

  it("says when cost does not depend on a length", () => {
    const b = createBuilder("mlp");
    const x = b.node("Input", { kind: "features", features: 4 });
    b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 3 }, { x }) });
    const html = render(storeWith(b.build()), createElement(CostTab));
    expect(html).toContain("/ sample");
    expect(html).not.toContain('data-testid="cost-seqlen"');
    expect(html).toContain("no sequence input");
    expect(html).not.toContain("<svg");
    expect(html).toMatch(/data-testid="cost-params"[^>]*>15</);
  });

  it("warns that blocks with errors are left out of the numbers", () => {
    const doc = gptDoc();
    const r = setParams(doc, { id: "attn", params: { heads: 5 }, scope: "block" });
    if (!r.ok) throw new Error(r.message);
    const html = render(storeWith(r.graph), createElement(CostTab));
    expect(html).toMatch(/data-testid="cost-attention-share"[^>]*>Blocks with errors, and those after them, are left out/);
  });

  it("inside a block body, lists the body's nodes", () => {
    const html = render(storeWith(gptDoc(), { scope: "block" }), createElement(CostTab));
    expect(html).toContain('data-testid="cost-row-attn"');
    expect(html).not.toContain('data-testid="cost-row-wte"');
    expect(html).toContain("costs of one copy");
  });
});
