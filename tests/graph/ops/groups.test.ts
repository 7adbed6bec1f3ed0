import { describe, expect, it } from "vitest";
import { analyse, createBuilder, isValid } from "@/graph";
import type { GraphDocument } from "@/graph";
import { addNode, connect, groupNodes, setRepeat, ungroup } from "@/graph/ops";
import { blocked, mlp, ok, refused, residual, untouched, wiring } from "./fixtures";

/** Output shapes of the given top-level nodes. */
function shapes(doc: GraphDocument, ids: string[]) {
  const a = analyse(doc);
  return Object.fromEntries(ids.map((id) => [id, a.nodes[id]?.outputs]));
}

const OUTSIDE = ["input1", "emb1", "ln2", "linear1"];

describe("groupNodes", () => {
  it("folds a residual layer into a block with one input and one output named x", () => {
    const doc = residual();
    const r = ok(untouched(doc, (d) => groupNodes(d, { ids: ["ln1", "attn1", "add1"], name: "Decoder layer" })));
    expect([r.nodeId, r.groupId]).toEqual(["block1", "block1"]);
    const body = r.graph.groups[0];
    expect(body.name).toBe("Decoder layer");
    expect(body.nodes.map((n) => `${n.type}:${n.id}`)).toEqual([
      "GroupInput:in1",
      "LayerNorm:ln1",
      "MultiHeadAttention:attn1",
      "Add:add1",
      "GroupOutput:out1",
    ]);
    expect(body.nodes.filter((n) => n.type.startsWith("Group")).map((n) => n.params.name)).toEqual(["x", "x"]);
    expect(wiring(body.edges)).toEqual(["add1.out→out1.x", "attn1.out→add1.x", "in1.out→add1.x", "in1.out→ln1.x", "ln1.out→attn1.x"]);
    expect(r.graph.nodes.map((n) => n.id)).toEqual(["input1", "emb1", "block1", "ln2", "linear1", "output1"]);
    expect(wiring(r.graph.edges)).toEqual([
      "block1.x→ln2.x",
      "emb1.out→block1.x",
      "input1.out→emb1.ids",
      "linear1.out→output1.x",
      "ln2.out→linear1.x",
    ]);
    const picked = doc.nodes.filter((n) => ["ln1", "attn1", "add1"].includes(n.id));
    const block = r.graph.nodes.find((n) => n.id === "block1")!;
    expect(block.params).toEqual({ group: "block1", repeat: 1 });
    expect(block.position.x).toBeCloseTo(picked.reduce((s, n) => s + n.position.x, 0) / 3);
  });

  it("analyses to the same parameter count and output shapes as before", () => {
    const doc = residual();
    const { graph } = ok(groupNodes(doc, { ids: ["ln1", "attn1", "add1"] }));
    const [before, after] = [analyse(doc), analyse(graph)];
    expect(isValid(after)).toBe(true);
    expect(after.totals.params).toBe(before.totals.params);
    expect(after.totals.flopsPerSample).toBe(before.totals.flopsPerSample);
    expect(shapes(graph, OUTSIDE)).toEqual(shapes(doc, OUTSIDE));
    expect(after.nodes.block1.outputs.x.shape).toEqual(["B", "T", 32]);
    expect(after.groups.block1.nodes.attn1.outputs.out.shape).toEqual(["B", "T", 32]);
  });

  it("names one input per distinct outside source: x, x2", () => {
    const doc = residual();
    const { graph } = ok(groupNodes(doc, { ids: ["attn1", "add1"] }));
    const inputs = graph.groups[0].nodes.filter((n) => n.type === "GroupInput").map((n) => n.params.name);
    expect(inputs).toEqual(["x", "x2"]);
    expect(wiring(graph.edges.filter((e) => e.target === "block1"))).toEqual(["emb1.out→block1.x2", "ln1.out→block1.x"]);
    expect(analyse(graph).totals.params).toBe(analyse(doc).totals.params);
  });

  it("refuses Input/Output blocks, unknown ids and a selection with a node between its parts", () => {
    const doc = mlp();
    expect(refused(groupNodes(doc, { ids: ["input1", "linear1"] }))).toBe(
      "Input (input1) cannot move into a block: leave it out of the selection",
    );
    expect(refused(groupNodes(doc, { ids: ["linear1", "ghost"] }))).toBe('there is no node "ghost" here');
    expect(refused(groupNodes(doc, { ids: ["linear1", "linear2"] }))).toBe("Activation (act1) sits between selected nodes: select it too");
    expect(refused(groupNodes(doc, { ids: [] }))).toMatch(/select the nodes/);
  });

  it("refuses a selection nothing outside uses", () => {
    const { graph } = ok(addNode(mlp(), { type: "Linear", id: "spare", position: { x: 0, y: 0 } }));
    const wired = ok(connect(graph, { source: "act1", sourcePort: "out", target: "spare", targetPort: "x" })).graph;
    expect(refused(groupNodes(wired, { ids: ["spare"] }))).toMatch(/would have no output/);
  });

  it("groups inside a body, nesting a block", () => {
    const doc = blocked();
    const r = ok(untouched(doc, (d) => groupNodes(d, { ids: ["ln1", "attn1"], scope: "block" })));
    expect(r.groupId).toBe("block1");
    expect(r.graph.groups.map((g) => g.id)).toEqual(["block", "block1"]);
    expect(r.graph.groups[0].nodes.map((n) => n.id)).toEqual(["in1", "block1", "add1", "out1"]);
    expect(r.graph.nodes).toBe(doc.nodes);
    const [before, after] = [analyse(doc), analyse(r.graph)];
    expect(isValid(after)).toBe(true);
    expect(after.totals.params).toBe(before.totals.params);
  });
});

describe("ungroup", () => {
  it("restores the grouped graph: same nodes, params, positions and wires", () => {
    const doc = residual();
    const grouped = ok(groupNodes(doc, { ids: ["ln1", "attn1", "add1"] })).graph;
    const r = ok(untouched(grouped, (d) => ungroup(d, { id: "block1" })));
    expect(r.nodeIds).toEqual(["ln1", "attn1", "add1"]);
    expect(r.graph.nodes).toEqual(doc.nodes);
    expect(r.graph.groups).toEqual([]);
    expect(wiring(r.graph.edges)).toEqual(wiring(doc.edges));
    const byId = (d: GraphDocument) => [...d.edges].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(r.graph)).toEqual(byId(doc));
  });

  it("keeps the order of the wires into a multi-wire port", () => {
    const b = createBuilder("concat");
    const x = b.node("Input", { features: 4 });
    const a = b.node("Linear", { units: 8 }, { x });
    const c = b.node("Linear", { units: 16 }, { x });
    b.node("Output", {}, { x: b.node("Linear", { units: 3 }, { x: b.node("Concat", {}, { x: [a, c] }) }) });
    const doc = b.build();
    const grouped = ok(groupNodes(doc, { ids: ["linear2", "concat1"] })).graph;
    const sources = (edges: GraphDocument["edges"]) => edges.filter((e) => e.target === "concat1").map((e) => e.source);
    const inNames = Object.fromEntries(grouped.groups[0].nodes.filter((n) => n.type === "GroupInput").map((n) => [n.id, n.params.name]));
    expect(sources(grouped.groups[0].edges).map((s) => inNames[s] ?? s)).toEqual(["x2", "linear2"]);
    const back = ok(ungroup(grouped, { id: "block1" })).graph;
    expect(sources(back.edges)).toEqual(["linear1", "linear2"]);
    expect(analyse(back).nodes.concat1.outputs.out.shape).toEqual(["B", 24]);
  });

  it("inlines a builder-made block and analyses the same", () => {
    const doc = blocked();
    const r = ok(ungroup(doc, { id: "group1" }));
    expect(r.graph.groups).toEqual([]);
    expect(wiring(r.graph.edges)).toEqual(wiring(residual().edges));
    expect(analyse(r.graph).totals.params).toBe(analyse(doc).totals.params);
    expect(isValid(analyse(r.graph))).toBe(true);
  });

  it("renames inlined nodes whose ids are taken", () => {
    const { graph } = ok(addNode(blocked(), { type: "Dropout", id: "attn1", position: { x: 0, y: 0 } }));
    const r = ok(ungroup(graph, { id: "group1" }));
    expect(r.nodeIds).toEqual(["ln1", "attn1_2", "add1"]);
    expect(wiring(r.graph.edges)).toContain("attn1_2.out→add1.x");
  });

  it("keeps a body another Group node still runs", () => {
    const { graph } = ok(addNode(blocked(), { type: "Group", id: "group2", position: { x: 0, y: 0 }, params: { group: "block" } }));
    expect(ok(ungroup(graph, { id: "group1" })).graph.groups.map((g) => g.id)).toEqual(["block"]);
  });

  it("refuses a repeated block, and anything that is not a block", () => {
    const repeated = ok(setRepeat(blocked(), { id: "group1", repeat: 3 })).graph;
    expect(refused(ungroup(repeated, { id: "group1" }))).toBe("Decoder layer (group1) runs ×3: set repeat to 1 before ungrouping");
    expect(refused(ungroup(blocked(), { id: "emb1" }))).toMatch(/no block "emb1"/);
  });
});

describe("setRepeat", () => {
  it("×3 triples the block's parameter count and FLOPs", () => {
    const doc = blocked();
    const once = analyse(doc);
    const { graph } = ok(untouched(doc, (d) => setRepeat(d, { id: "group1", repeat: 3 })));
    const thrice = analyse(graph);
    expect(graph.nodes.find((n) => n.id === "group1")!.params).toEqual({ group: "block", repeat: 3 });
    expect(once.nodes.group1.cost.params).toBeGreaterThan(0);
    expect(thrice.nodes.group1.cost.params).toBe(3 * once.nodes.group1.cost.params);
    expect(thrice.nodes.group1.cost.flops).toBe(3 * once.nodes.group1.cost.flops);
    expect(thrice.totals.params - once.totals.params).toBe(2 * once.nodes.group1.cost.params);
    expect(isValid(thrice)).toBe(true);
  });

  it("a grouped selection repeats too: its output chains into its input", () => {
    const grouped = ok(groupNodes(residual(), { ids: ["ln1", "attn1", "add1"] })).graph;
    const once = analyse(grouped).nodes.block1.cost.params;
    const thrice = analyse(ok(setRepeat(grouped, { id: "block1", repeat: 3 })).graph);
    expect(thrice.nodes.block1.cost.params).toBe(3 * once);
    expect(isValid(thrice)).toBe(true);
  });

  it("refuses a count out of range and a node that is not a block", () => {
    expect(refused(setRepeat(blocked(), { id: "group1", repeat: 0 }))).toBe(
      "Decoder layer (group1): repeat must be an integer from 1 to 256, got 0",
    );
    expect(refused(setRepeat(blocked(), { id: "group1", repeat: 1.5 }))).toMatch(/integer from 1 to 256/);
    expect(refused(setRepeat(blocked(), { id: "emb1", repeat: 2 }))).toBe("Embedding (emb1) is not a block: only blocks repeat");
  });
});
