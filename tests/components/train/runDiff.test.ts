import { describe, expect, it } from "vitest";
import { describeDiff, runDiff } from "@/components/train/runDiff";
import type { RunShape } from "@/components/train/runDiff";
import { settingsFromDocument } from "@/components/train/settings";
import { buildPreset } from "@/presets";

function shape(id: string, params: Record<string, unknown> = {}, config: Record<string, unknown> = {}): RunShape {
  const r = buildPreset(id, params);
  if (!r.ok) throw new Error(r.message);
  const settings = settingsFromDocument(r.graph.meta.training);
  return { doc: r.graph, settings: { ...settings, config: { ...settings.config, ...config } } };
}

describe("runDiff", () => {
  it("names a hidden width change once for every layer it changed, and the learning rate", () => {
    const a = shape("mlp", { hidden: 16 }, { lr: 0.01 });
    const b = shape("mlp", { hidden: 64 }, { lr: 0.003 });
    expect(describeDiff(runDiff(a, b))).toBe("units 16 → 64 (linear1, linear2, linear3), lr 0.01 → 0.003");
  });

  it("says so when nothing differs, even if blocks moved", () => {
    const a = shape("mlp");
    const moved = { ...a, doc: { ...a.doc, nodes: a.doc.nodes.map((n) => ({ ...n, position: { x: n.position.x + 50, y: 0 } })) } };
    expect(runDiff(a, moved)).toEqual([]);
    expect(describeDiff(runDiff(a, moved))).toBe("same graph and settings");
  });

  it("lists blocks added and removed, and the wiring", () => {
    const two = shape("mlp", { layers: 2 });
    const three = shape("mlp", { layers: 3 });
    const text = describeDiff(runDiff(two, three), 10);
    expect(text).toContain("added linear3 (Linear)");
    expect(text).toContain("added act3 (Activation)");
    expect(text).toContain("wiring changed");
    expect(describeDiff(runDiff(three, two), 10)).toContain("removed linear3 (Linear)");
  });

  it("names data and activation changes, and blocks inside a group body by their path", () => {
    const a = shape("mlp", { dataset: "spirals", activation: "relu" });
    const b = shape("mlp", { dataset: "moons", activation: "tanh" });
    const text = describeDiff(runDiff(a, b), 10);
    expect(text).toContain("fn relu → tanh (act1, act2, act3)");
    expect(text).toContain("data spirals → moons");
    const g1 = shape("gpt", { nHead: 2, nEmbd: 32 });
    const g2 = shape("gpt", { nHead: 4, nEmbd: 32 });
    expect(runDiff(g1, g2).some((c) => c.what === "heads" && c.where.every((w) => w.includes("/")))).toBe(true);
  });

  it("shortens a long diff", () => {
    const a = shape("mlp", { hidden: 16, activation: "relu" }, { lr: 0.01, steps: 100, seed: 1 });
    const b = shape("mlp", { hidden: 64, activation: "tanh" }, { lr: 0.003, steps: 200, seed: 2 });
    expect(describeDiff(runDiff(a, b), 2)).toMatch(
      /^units 16 → 64 \(linear1, linear2, linear3\), fn relu → tanh \(act1, act2, act3\) and 3 more$/,
    );
  });
});
