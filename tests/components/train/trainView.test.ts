import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { TrainSession } from "@/components/train/TrainSession";
import { buildPreset } from "@/presets";
import { render, storeWith } from "../dock/render";
import { createFakeClient } from "./fakeClient";

const preset = (id: string) => {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
};

const html = (doc = preset("mlp"), visible = true) =>
  render(storeWith(doc), createElement(TrainSession, { client: createFakeClient(), visible }));

describe("Train tab", () => {
  it("shows the controls, the settings of the document and an empty progress bar", () => {
    const out = html();
    for (const id of [
      "train-tab",
      "train-start",
      "train-pause",
      "train-stop",
      "train-reset",
      "train-progress",
      "train-step",
      "backend-select",
    ])
      expect(out).toContain(`data-testid="${id}"`);
    // Before any run only Setup and Curves are offered.
    expect(out).toContain('data-testid="train-panel-setup"');
    expect(out).not.toContain('data-testid="train-panel-generate"');
    // The MLP preset trains on spirals for 2000 steps with Adam at 0.01.
    expect(out).toMatch(/data-testid="train-dataset-name"[^>]*>.*<option value="spirals" selected=""/s);
    expect(out).toMatch(/value="2000"[^>]*data-testid="train-config-steps"|data-testid="train-config-steps"[^>]*value="2000"/);
    expect(out).toMatch(/<button[^>]*data-testid="train-start"[^>]*>Start</);
    expect(out).not.toMatch(/data-testid="train-start"[^>]*disabled/);
    expect(out).not.toContain('data-testid="train-error"');
  });

  it("refuses to start a graph with a problem and says why", () => {
    const doc = preset("mlp");
    const broken = { ...doc, nodes: doc.nodes.filter((n) => n.type !== "Output"), edges: doc.edges.filter((e) => e.target !== "loss") };
    const out = html(broken);
    expect(out).toMatch(/<button[^>]*disabled=""[^>]*data-testid="train-start"|<button[^>]*data-testid="train-start"[^>]*disabled=""/);
    expect(out).toContain('data-testid="train-error"');
    expect(out).toContain("The graph cannot train: the graph has no Output block");
  });

  it("renders nothing while another dock tab is shown, but stays mounted", () => {
    expect(html(preset("mlp"), false)).toBe("");
  });
});
