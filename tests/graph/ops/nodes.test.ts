import { describe, expect, it } from "vitest";
import { analyse, isValid } from "@/graph";
import { addNode, duplicateNodes, moveNodes, removeNodes, setLabel, setParams } from "@/graph/ops";
import { blocked, mlp, ok, refused, untouched, wiring } from "./fixtures";

describe("addNode", () => {
  it("adds a node with the block's defaults merged with the given params", () => {
    const doc = mlp();
    const { graph } = ok(
      untouched(doc, (d) => addNode(d, { type: "Linear", id: "linear3", position: { x: 10, y: 20 }, params: { units: 8 } })),
    );
    const node = graph.nodes.find((n) => n.id === "linear3")!;
    expect(node).toEqual({
      id: "linear3",
      type: "Linear",
      params: { units: 8, bias: true, tieTo: "", init: "glorot" },
      position: { x: 10, y: 20 },
    });
    expect(graph.nodes.slice(0, -1).every((n, i) => n === doc.nodes[i])).toBe(true);
    expect(graph.edges).toBe(doc.edges);
  });

  it("refuses an unknown type, a taken id and an invalid param", () => {
    const doc = mlp();
    expect(refused(addNode(doc, { type: "Conv9D", id: "c1", position: { x: 0, y: 0 } }))).toBe('unknown block type "Conv9D"');
    expect(refused(addNode(doc, { type: "Linear", id: "linear1", position: { x: 0, y: 0 } }))).toBe('the id "linear1" is taken');
    expect(refused(addNode(doc, { type: "Linear", id: "linear9", position: { x: 0, y: 0 }, params: { units: -1 } }))).toBe(
      "Linear (linear9): units must be an integer from 1 to 1000000, got -1",
    );
  });

  it("refuses a Group with no body, a block input at the top level, and a block inside itself", () => {
    const doc = blocked();
    expect(refused(addNode(doc, { type: "Group", id: "g", position: { x: 0, y: 0 }, params: { group: "nope" } }))).toMatch(
      /no block body "nope"/,
    );
    expect(refused(addNode(doc, { type: "GroupInput", id: "in9", position: { x: 0, y: 0 } }))).toMatch(/inside a block body/);
    expect(refused(addNode(doc, { type: "Group", id: "g", position: { x: 0, y: 0 }, params: { group: "block" }, scope: "block" }))).toMatch(
      /would contain itself/,
    );
  });

  it("gives a new block input a free port name", () => {
    const { graph } = ok(addNode(blocked(), { type: "GroupInput", id: "in2", position: { x: 0, y: 0 }, scope: "block" }));
    expect(graph.groups[0].nodes.find((n) => n.id === "in2")!.params).toEqual({ name: "x2" });
  });
});

describe("removeNodes", () => {
  it("removes the nodes and every wire touching them", () => {
    const doc = mlp();
    const graph = untouched(doc, (d) => removeNodes(d, { ids: ["act1"] }));
    expect(graph.nodes.map((n) => n.id)).toEqual(["input1", "linear1", "linear2", "output1"]);
    expect(wiring(graph.edges)).toEqual(wiring(doc.edges.filter((e) => e.source !== "act1" && e.target !== "act1")));
    expect(graph.edges).toHaveLength(2);
  });

  it("returns the same document when no id matches", () => {
    const doc = mlp();
    expect(removeNodes(doc, { ids: ["nope"] })).toBe(doc);
  });

  it("drops a body with the last Group node that runs it", () => {
    const graph = removeNodes(blocked(), { ids: ["group1"] });
    expect(graph.groups).toEqual([]);
  });

  it("drops the outside wires of a removed block input", () => {
    const graph = removeNodes(blocked(), { ids: ["in1"], scope: "block" });
    expect(graph.edges.some((e) => e.target === "group1")).toBe(false);
    expect(graph.groups[0].edges.some((e) => e.source === "in1")).toBe(false);
  });
});

describe("moveNodes", () => {
  it("moves the named nodes and shares the rest", () => {
    const doc = mlp();
    const graph = untouched(doc, (d) => moveNodes(d, { positions: { act1: { x: 5, y: 6 }, nope: { x: 1, y: 1 } } }));
    expect(graph.nodes.find((n) => n.id === "act1")!.position).toEqual({ x: 5, y: 6 });
    expect(graph.nodes[0]).toBe(doc.nodes[0]);
  });

  it("ignores non-finite positions", () => {
    const doc = mlp();
    expect(moveNodes(doc, { positions: { act1: { x: NaN, y: 0 } } })).toBe(doc);
  });

  it("moves nodes inside a body", () => {
    const graph = moveNodes(blocked(), { positions: { attn1: { x: 1, y: 2 } }, scope: "block" });
    expect(graph.groups[0].nodes.find((n) => n.id === "attn1")!.position).toEqual({ x: 1, y: 2 });
  });
});

describe("setParams", () => {
  it("merges params and re-analyses to the new shape", () => {
    const doc = mlp();
    const { graph } = ok(untouched(doc, (d) => setParams(d, { id: "linear1", params: { units: 32 } })));
    expect(graph.nodes[1].params).toEqual({ units: 32, bias: true, tieTo: "", init: "glorot" });
    expect(analyse(graph).nodes.linear1.outputs.out.shape).toEqual(["B", 32]);
  });

  it("refuses an out-of-range value, naming the node, the field and the range", () => {
    const doc = mlp();
    expect(refused(setParams(doc, { id: "linear1", params: { units: 0 } }))).toBe(
      "Linear (linear1): units must be an integer from 1 to 1000000, got 0",
    );
    expect(refused(setParams(doc, { id: "act1", params: { fn: "swish" } }))).toMatch(/fn must be one of "relu", "gelu"/);
    expect(refused(setParams(doc, { id: "linear1", params: { width: 3 } }))).toMatch(/no setting "width"/);
    expect(refused(setParams(doc, { id: "nope", params: {} }))).toMatch(/no node "nope"/);
  });

  it("drops a stale param the block no longer has instead of refusing the edit", () => {
    const doc = mlp();
    const stale = { ...doc, nodes: doc.nodes.map((n) => (n.id === "linear1" ? { ...n, params: { ...n.params, activation: "relu" } } : n)) };
    const { graph } = ok(setParams(stale, { id: "linear1", params: { units: 8 } }));
    expect(graph.nodes[1].params).toEqual({ units: 8, bias: true, tieTo: "", init: "glorot" });
  });

  it("renaming a block input moves the outside wire to the new port name", () => {
    const doc = blocked();
    const { graph } = ok(untouched(doc, (d) => setParams(d, { id: "in1", params: { name: "h" }, scope: "block" })));
    expect(graph.edges.find((e) => e.target === "group1")!.targetPort).toBe("h");
    // The output is still called x, so repeating would not chain it into `h`; ×1 still analyses.
    expect(isValid(analyse(graph))).toBe(true);
  });

  it("refuses a port name that is not an identifier or is already used", () => {
    const doc = blocked();
    expect(refused(setParams(doc, { id: "in1", params: { name: "2x" }, scope: "block" }))).toMatch(/a port name is a letter/);
    const { graph } = ok(addNode(doc, { type: "GroupInput", id: "in2", position: { x: 0, y: 0 }, scope: "block" }));
    expect(refused(setParams(graph, { id: "in2", params: { name: "x" }, scope: "block" }))).toBe(
      'this block already has an input named "x"',
    );
  });
});

describe("setLabel", () => {
  it("sets and clears a label", () => {
    const doc = mlp();
    const { graph } = ok(untouched(doc, (d) => setLabel(d, { id: "linear1", label: "hidden" })));
    expect(graph.nodes[1].label).toBe("hidden");
    const cleared = ok(setLabel(graph, { id: "linear1", label: "" })).graph;
    expect("label" in cleared.nodes[1]).toBe(false);
  });

  it("refuses a label longer than a document allows", () => {
    expect(refused(setLabel(mlp(), { id: "linear1", label: "x".repeat(201) }))).toMatch(/at most 200/);
  });
});

describe("duplicateNodes", () => {
  it("copies nodes with new ids, offset positions and their internal wires only", () => {
    const doc = mlp();
    const r = ok(untouched(doc, (d) => duplicateNodes(d, { ids: ["linear1", "act1"] })));
    expect(r.nodeIds).toEqual(["linear3", "act2"]);
    const copy = r.graph.nodes.find((n) => n.id === "linear3")!;
    expect(copy.params).toEqual(doc.nodes[1].params);
    expect(copy.position).toEqual({ x: doc.nodes[1].position.x + 40, y: doc.nodes[1].position.y + 40 });
    expect(wiring(r.graph.edges)).toEqual(
      wiring([...doc.edges, { id: "", source: "linear3", sourcePort: "out", target: "act2", targetPort: "x" }]),
    );
  });

  it("uses the caller's id source", () => {
    const r = ok(duplicateNodes(mlp(), { ids: ["act1"], newId: (old) => `${old}-copy`, offset: { x: 0, y: 100 } }));
    expect(r.nodeIds).toEqual(["act1-copy"]);
  });

  it("refuses an empty selection", () => {
    expect(refused(duplicateNodes(mlp(), { ids: [] }))).toMatch(/select/);
  });
});
