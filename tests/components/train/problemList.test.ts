/** The Train tab lists every problem before Start, with its fix, and keeps Start disabled (server-rendered). */
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { TrainSession } from "@/components/train/TrainSession";
import { createBuilder } from "@/graph";
import type { GraphDocument } from "@/graph";
import { buildPreset } from "@/presets";
import { render, storeWith } from "../dock/render";
import { createFakeClient } from "./fakeClient";

const preset = (id: string) => {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
};
const html = (doc: GraphDocument) => render(storeWith(doc), createElement(TrainSession, { client: createFakeClient(), visible: true }));
const startDisabled = /<button[^>]*disabled=""[^>]*data-testid="train-start"|<button[^>]*data-testid="train-start"[^>]*disabled=""/;

describe("problems before Start", () => {
  it("a 4-feature, 3-class CSV on the MLP: both problems, each with Apply fix, one Apply all, Start disabled", () => {
    const doc = preset("mlp");
    const text = ["a,b,c,d,y", ...Array.from({ length: 20 }, (_, i) => `${i},${i % 2},${i % 3},${i % 5},${"pqr"[i % 3]}`)].join("\n");
    const out = html({ ...doc, meta: { ...doc.meta, training: { ...doc.meta.training, dataset: { kind: "csv", text, label: "" } } } });
    expect(out.match(/data-testid="train-problem"/g)).toHaveLength(2);
    expect(out.match(/data-testid="train-problem-fix"/g)).toHaveLength(2);
    expect(out).toContain('data-testid="train-fix-all"');
    expect(out).toContain("2 problems before Start");
    expect(out).toMatch(startDisabled);
  });

  it("a hand-built language model starts on the built-in corpus, with nothing in the way", () => {
    const b = createBuilder("by hand");
    const ids = b.node("Input", { kind: "tokens", vocabSize: 65, seqLen: 32 });
    b.node(
      "Output",
      { kind: "language_model" },
      { x: b.node("Linear", { units: 65 }, { x: b.node("Embedding", { vocabSize: 65, dim: 16 }, { ids }) }) },
    );
    const out = html(b.build());
    expect(out).toMatch(/<option value="corpus"[^>]*selected=""/);
    expect(out).not.toContain('data-testid="train-problems"');
    expect(out).not.toMatch(startDisabled);
  });
});
