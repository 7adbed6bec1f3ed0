import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { createBuilder, getScope } from "@/graph";
import { Inspector } from "@/components/inspector/Inspector";
import { typeset } from "@/components/inspector/Formula";
import { applyParam } from "@/components/inspector/applyParam";
import { describeFields } from "@/components/inspector/fields";
import type { FieldSpec } from "@/components/inspector/fields";
import { getBlock } from "@/graph";
import { gptDoc, render, storeWith } from "../dock/render";

const fieldOf = (type: string, key: string): FieldSpec => describeFields(getBlock(type)!.params).find((f) => f.key === key)!;
const show = (...args: Parameters<typeof storeWith>) => render(storeWith(...args), createElement(Inspector));

describe("Inspector", () => {
  it("typesets a block's formula with KaTeX once it has loaded", async () => {
    const html = await typeset(getBlock("LayerNorm")!);
    expect(html).toMatch(/^<span class="katex-display">/);
    expect(html).not.toContain("katex-error");
  });

  it("with nothing selected, says how to start", () => {
    const html = show(gptDoc());
    expect(html).toContain('data-testid="inspector"');
    expect(html).toContain("No block selected");
    expect(html).toContain("7 blocks, 810k parameters");
  });

  it("shows a Linear head's form, tie choices, shapes, cost and formula", () => {
    const html = show(gptDoc(), { selection: ["lm_head"] });
    expect(html).toMatch(/<input[^>]*data-testid="param-units"[^>]*>/);
    expect(html).toMatch(/data-testid="param-units"[^>]*value="65"/);
    expect(html).toMatch(
      /type="number"[^>]*min="1" max="1000000"[^>]*data-testid="param-units"|data-testid="param-units"[^>]*min="1" max="1000000"/,
    );
    expect(html).toContain("Output features C_out · 1 – 1,000,000");
    expect(html).toMatch(
      /<select[^>]*data-testid="param-tieTo"[\s\S]*?<option value="">none<\/option><option value="wte" selected="">wte · 65×128<\/option>/,
    );
    expect(html).toMatch(/role="switch"[^>]*data-testid="param-bias"|data-testid="param-bias"[^>]*role="switch"/);
    expect(html).toMatch(/<select[^>]*data-testid="param-init"[\s\S]*?<option value="normal02" selected="">/);
    expect(html).toContain("B×T×128");
    expect(html).toContain("B×T×65");
    expect(html).toMatch(/data-testid="inspector-params"[^>]*>0</); // tied, no bias
    // The TeX source stands in until KaTeX (loaded on first use) has typeset it.
    expect(html).toMatch(/data-testid="inspector-formula"[^>]*><code>y = x W \+ b,/);
    expect(html).not.toContain("param-error-");
  });

  it("shows a repeated block's name, repeat count and an Open block button, not its body id", () => {
    const html = show(gptDoc(), { selection: ["blocks"] });
    expect(html).toContain("Transformer block");
    expect(html).toMatch(/data-testid="param-repeat"[^>]*value="4"|value="4"[^>]*data-testid="param-repeat"/);
    expect(html).toContain("Repeat ×N");
    expect(html).toContain('data-testid="open-block"');
    expect(html).not.toContain('data-testid="param-group"');
    expect(html).toContain("all 4 copies");
  });

  it("inside a block body, inspects the body's nodes", () => {
    const html = show(gptDoc(), { scope: "block", selection: ["attn"] });
    expect(html).toMatch(/data-testid="param-heads"[^>]*value="4"|value="4"[^>]*data-testid="param-heads"/);
    expect(html).toContain("Multi-head attention");
  });

  it("shows Reshape's shape as comma-separated text and the node's problems", () => {
    const b = createBuilder("reshape");
    const x = b.node("Input", { kind: "features", features: 12 });
    const r = b.node("Reshape", { shape: [5, -1] }, { x }, { id: "reshape1" });
    b.node("Output", { kind: "regression" }, { x: r });
    const html = show(b.build(), { selection: ["reshape1"] });
    expect(html).toMatch(/data-testid="param-shape"[^>]*value="5, -1"|value="5, -1"[^>]*data-testid="param-shape"/);
    expect(html).toContain("cannot reshape B×12");
  });

  it("with several blocks, shows how many and their totals", () => {
    const html = show(gptDoc(), { selection: ["wte", "wpe", "e1"] });
    expect(html).toMatch(/data-testid="inspector-multi"[^>]*>2 blocks selected</);
    expect(html).toContain("16.5k"); // 65·128 + 64·128
  });
});

describe("applyParam", () => {
  it("stores a valid value as one undoable edit", () => {
    const store = storeWith(gptDoc());
    expect(applyParam(store, "lm_head", fieldOf("Linear", "units"), 70)).toBeUndefined();
    expect(store.getState().doc.nodes.find((n) => n.id === "lm_head")?.params.units).toBe(70);
    expect(store.temporal.getState().pastStates).toHaveLength(1);
  });

  it("never lets an invalid value reach the graph", () => {
    const store = storeWith(gptDoc());
    const before = store.getState().doc;
    expect(applyParam(store, "lm_head", fieldOf("Linear", "units"), 0)).toBe("Must be an integer from 1 to 1,000,000");
    expect(applyParam(store, "lm_head", fieldOf("Linear", "units"), 1.5)).toBe("Must be an integer from 1 to 1,000,000");
    expect(applyParam(store, "blocks", fieldOf("Group", "repeat"), 300)).toBe("Must be an integer from 1 to 256");
    expect(store.getState().doc).toBe(before);
    expect(store.getState().notice).toBeUndefined();
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });

  it("does not record an edit that changes nothing", () => {
    const store = storeWith(gptDoc());
    const before = store.getState().doc;
    expect(applyParam(store, "lm_head", fieldOf("Linear", "units"), 65)).toBeUndefined();
    expect(store.getState().doc).toBe(before);
  });

  it("sets a block's repeat count and edits inside the body being shown", () => {
    const store = storeWith(gptDoc());
    expect(applyParam(store, "blocks", fieldOf("Group", "repeat"), 6)).toBeUndefined();
    expect(store.getState().doc.nodes.find((n) => n.id === "blocks")?.params.repeat).toBe(6);
    store.setState({ scope: "block" });
    expect(applyParam(store, "attn", fieldOf("MultiHeadAttention", "heads"), 8)).toBeUndefined();
    expect(getScope(store.getState().doc, "block")?.nodes.find((n) => n.id === "attn")?.params.heads).toBe(8);
  });

  it("shows a refusal of the edit itself, such as a port name taken", () => {
    const store = storeWith(gptDoc(), { scope: "block" });
    const body = getScope(store.getState().doc, "block")!;
    const input = body.nodes.find((n) => n.type === "GroupInput")!;
    const output = body.nodes.find((n) => n.type === "GroupOutput")!;
    expect(output.params.name).toBe(input.params.name); // chains when repeated
    const before = store.getState().doc;
    // A second input with the same name as the first is refused by setParams, not by the schema.
    const doc = {
      ...before,
      groups: before.groups.map((g) =>
        g.id === "block"
          ? { ...g, nodes: [...g.nodes, { id: "in2", type: "GroupInput", params: { name: "y" }, position: { x: 0, y: 0 } }] }
          : g,
      ),
    };
    store.setState({ doc });
    expect(applyParam(store, "in2", fieldOf("GroupInput", "name"), String(input.params.name))).toMatch(/already has an input named/);
    expect(store.getState().doc).toBe(doc);
  });
});
