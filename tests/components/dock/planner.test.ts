/** The planner section renders the plan for the document: figures, a row per strategy, citations. */
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { analyse } from "@/graph";
import { PlannerSection } from "@/components/dock/PlannerSection";
import { buildPreset } from "@/presets";
import { gptDoc, render, storeWith } from "./render";

const html = (doc: ReturnType<typeof gptDoc>) => render(storeWith(doc), createElement(PlannerSection, { doc, analysis: analyse(doc) }));

describe("PlannerSection", () => {
  it("shows the GPT preset's figures, eleven strategies that all fit 8 × 16 GB at its size, and the first one's torchrun command", () => {
    const out = html(gptDoc());
    expect(out).toContain("L = 4");
    expect(out).toContain("h = 128");
    expect(out.match(/data-testid="plan-row-/g)).toHaveLength(11);
    expect(out.match(/data-fits="true"/g)).toHaveLength(11);
    expect(out).toMatch(/data-testid="plan-torchrun">torchrun --standalone --nproc_per_node=8 train\.py --engine=ddp /);
    expect(out).toContain("Shoeybi et al. 2019");
    expect(out).toContain("Huang et al. 2019");
  });

  it("for an MLP, says which figures are unknown and marks tensor and pipeline parallel n/a with why", () => {
    const r = buildPreset("mlp");
    if (!r.ok) throw new Error(r.message);
    const out = html(r.graph);
    expect(out).toContain("L = ?");
    expect(out).toContain("not a decoder-only Transformer");
    expect(out).toMatch(/data-testid="plan-row-tp1"[^]*?n\/a[^]*?needs a Transformer&#x27;s layers, width and heads/);
  });
});
