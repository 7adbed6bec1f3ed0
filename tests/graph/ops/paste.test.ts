import { describe, expect, it } from "vitest";
import { analyse } from "@/graph";
import { connect, copyFragment, groupNodes, pasteFragment, setParams } from "@/graph/ops";
import type { Fragment } from "@/graph/ops";
import { blocked, mlp, ok, refused, residual, untouched, wiring } from "./fixtures";

describe("copyFragment", () => {
  it("takes the nodes and only the wires among them", () => {
    const doc = mlp();
    const clip = copyFragment(doc, ["linear1", "act1"]);
    expect(clip.nodes.map((n) => n.id)).toEqual(["linear1", "act1"]);
    expect(wiring(clip.edges)).toEqual(["linear1.out→act1.x"]);
    expect(clip.groups).toEqual([]);
  });

  it("takes the bodies the copied blocks run, nested ones included", () => {
    const nested = ok(groupNodes(blocked(), { ids: ["ln1", "attn1"], scope: "block" })).graph;
    const clip = copyFragment(nested, ["emb1", "group1"]);
    expect(clip.groups.map((g) => g.id)).toEqual(["block", "block1"]);
    expect(wiring(clip.edges)).toEqual(["emb1.out→group1.x"]);
  });

  it("copies from inside a body", () => {
    const clip = copyFragment(blocked(), ["ln1", "attn1", "add1"], "block");
    expect(wiring(clip.edges)).toEqual(["attn1.out→add1.x", "ln1.out→attn1.x"]);
  });
});

describe("pasteFragment", () => {
  it("inserts copies with fresh ids, offset, and their internal wires", () => {
    const doc = mlp();
    const clip = copyFragment(doc, ["linear1", "act1"]);
    const r = ok(untouched(doc, (d) => pasteFragment(d, { fragment: clip })));
    expect(r.nodeIds).toEqual(["linear3", "act2"]);
    expect(r.graph.nodes.slice(0, doc.nodes.length).every((n, i) => n === doc.nodes[i])).toBe(true);
    const copy = r.graph.nodes.find((n) => n.id === "act2")!;
    expect(copy.position).toEqual({ x: doc.nodes[2].position.x + 40, y: doc.nodes[2].position.y + 40 });
    expect(r.graph.edges.at(-1)).toEqual({ id: "e5", source: "linear3", sourcePort: "out", target: "act2", targetPort: "x" });
    expect(r.graph.edges).toHaveLength(doc.edges.length + 1);
  });

  it("asks the caller for ids, and suffixes one that is taken", () => {
    const doc = mlp();
    const asked: string[] = [];
    const newId = (old: string) => {
      asked.push(old);
      return old === "linear1" ? "act1" : `copy-${old}`;
    };
    const r = ok(pasteFragment(doc, { fragment: copyFragment(doc, ["linear1", "act1"]), newId, offset: { x: 0, y: 0 } }));
    expect(asked).toEqual(["linear1", "act1"]);
    expect(r.nodeIds).toEqual(["act1_2", "copy-act1"]);
    expect(wiring(r.graph.edges)).toContain("act1_2.out→copy-act1.x");
  });

  it("keeps ids that are free in the target document", () => {
    const clip = copyFragment(mlp(), ["linear1", "act1"]);
    expect(ok(pasteFragment(residual(), { fragment: clip })).nodeIds).toEqual(["linear2", "act1"]);
  });

  it("gives a pasted block its own copy of the body", () => {
    const doc = blocked();
    const r = ok(untouched(doc, (d) => pasteFragment(d, { fragment: copyFragment(d, ["group1"]) })));
    expect(r.nodeIds).toEqual(["group2"]);
    expect(r.graph.groups.map((g) => g.id)).toEqual(["block", "block1"]);
    expect(r.graph.groups[0]).toBe(doc.groups[0]);
    expect(r.graph.nodes.find((n) => n.id === "group2")!.params).toEqual({ group: "block1", repeat: 1 });
    // Wired in after the first, the copy adds exactly the block's parameters again.
    const once = analyse(doc).nodes.group1.cost.params;
    const chained = ok(connect(r.graph, { source: "emb1", sourcePort: "out", target: "group2", targetPort: "x" })).graph;
    expect(analyse(chained).nodes.group2.cost.params).toBe(once);
    // Editing the copy's body leaves the original's alone.
    const edited = ok(setParams(chained, { id: "attn1", params: { heads: 8 }, scope: "block1" })).graph;
    expect(edited.groups[0]).toBe(doc.groups[0]);
  });

  it("re-links nested bodies to their copies", () => {
    const nested = ok(groupNodes(blocked(), { ids: ["ln1", "attn1"], scope: "block" })).graph;
    const r = ok(pasteFragment(nested, { fragment: copyFragment(nested, ["group1"]) }));
    expect(r.graph.groups.map((g) => g.id)).toEqual(["block", "block1", "block2", "block3"]);
    const outer = r.graph.groups.find((g) => g.id === "block2")!;
    expect(outer.nodes.find((n) => n.type === "Group")!.params.group).toBe("block3");
  });

  it("pastes into a body, giving block inputs free port names, and drops them at the top level", () => {
    const doc = blocked();
    const clip = copyFragment(doc, ["in1", "ln1"], "block");
    const inside = ok(pasteFragment(doc, { fragment: clip, scope: "block" }));
    const names = inside.graph.groups[0].nodes.filter((n) => n.type === "GroupInput").map((n) => n.params.name);
    expect(names).toEqual(["x", "x2"]);
    expect(inside.graph.nodes).toBe(doc.nodes);
    const top = ok(pasteFragment(doc, { fragment: clip }));
    expect(top.nodeIds).toEqual(["ln1"]); // ln1 is free at the top level (ln2 is taken)
  });

  it("refuses a block that would contain itself and invalid params", () => {
    const doc = blocked();
    const self: Fragment = { nodes: [doc.nodes.find((n) => n.id === "group1")!], edges: [], groups: [] };
    expect(refused(pasteFragment(doc, { fragment: self, scope: "block" }))).toMatch(/would contain itself/);
    const bad: Fragment = { nodes: [{ id: "l", type: "Linear", params: { units: 0 }, position: { x: 0, y: 0 } }], edges: [], groups: [] };
    expect(refused(pasteFragment(doc, { fragment: bad }))).toMatch(/units must be an integer/);
    expect(refused(pasteFragment(doc, { fragment: { nodes: [], edges: [], groups: [] } }))).toMatch(/nothing to paste/);
  });

  it("keeps only wires whose both ends are pasted", () => {
    const doc = mlp();
    const clip: Fragment = { ...copyFragment(doc, ["act1"]), edges: doc.edges };
    const r = ok(pasteFragment(doc, { fragment: clip }));
    expect(r.graph.edges).toHaveLength(doc.edges.length);
  });
});
