import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { analyse, setParams } from "@/graph";
import type { GraphDocument } from "@/graph";
import { ProblemsCount, ProblemsTab } from "@/components/dock/ProblemsTab";
import { countProblems, problemsLabel } from "@/components/dock/problems";
import { gptDoc, render, storeWith } from "./render";

/** The GPT preset with 5 heads inside the block (128 is not divisible by 5) and a stray LayerNorm at the top. */
function broken(): GraphDocument {
  const doc = gptDoc();
  const r = setParams(doc, { id: "attn", params: { heads: 5 }, scope: "block" });
  if (!r.ok) throw new Error(r.message);
  return {
    ...r.graph,
    nodes: [...r.graph.nodes, { id: "stray", type: "LayerNorm", params: { eps: 1e-5, affine: true }, position: { x: 0, y: 0 } }],
  };
}

describe("problems", () => {
  it("counts and names errors and warnings", () => {
    expect(problemsLabel({ errors: 2, warnings: 1 })).toBe("2 errors, 1 warning");
    expect(problemsLabel({ errors: 1, warnings: 0 })).toBe("1 error");
    expect(problemsLabel({ errors: 0, warnings: 3 })).toBe("3 warnings");
    expect(problemsLabel({ errors: 0, warnings: 0 })).toBe("No problems");
    const counts = countProblems(analyse(broken()).diagnostics);
    expect(counts.errors).toBeGreaterThanOrEqual(2);
    expect(counts.warnings).toBeGreaterThanOrEqual(1);
  });
});

describe("ProblemsTab", () => {
  it("says so when there are none", () => {
    const store = storeWith(gptDoc());
    const html = render(store, createElement(ProblemsTab));
    expect(html).toContain('data-testid="problems-tab"');
    expect(html).toContain("No problems");
    expect(render(store, createElement(ProblemsCount))).toBe("");
  });

  it("lists each diagnostic with its code, message, node and block", () => {
    const doc = broken();
    const diagnostics = analyse(doc).diagnostics;
    const html = render(storeWith(doc), createElement(ProblemsTab));
    diagnostics.forEach((_, i) => expect(html).toContain(`data-testid="problem-${i}"`));
    const heads = diagnostics.findIndex((d) => d.nodeId === "attn");
    expect(diagnostics[heads]).toMatchObject({ code: "invalid-param", groupId: "block" });
    expect(html).toContain("heads (5) must divide model width (128)");
    expect(html).toMatch(/tl-mono">attn<\/span><span> in Transformer block/);
    expect(html).toContain('aria-label="error"');
    expect(html).toContain('aria-label="warning"');
    expect(html).toContain("unreachable");
  });

  it("labels the tab with the counts", () => {
    const doc = broken();
    const html = render(storeWith(doc), createElement(ProblemsCount));
    expect(html).toContain(problemsLabel(countProblems(analyse(doc).diagnostics)));
    expect(html).toContain("tl-has-errors");
  });
});
