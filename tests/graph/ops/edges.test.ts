import { describe, expect, it } from "vitest";
import { analyse } from "@/graph";
import { addNode, canConnect, connect, disconnect } from "@/graph/ops";
import { blocked, mlp, ok, refused, residual, untouched, wiring } from "./fixtures";

const wire = (source: string, target: string, targetPort = "x", sourcePort = "out") => ({ source, sourcePort, target, targetPort });

describe("connect", () => {
  it("adds a wire with the first free e<n> id", () => {
    const doc = mlp();
    const cut = disconnect(doc, { ids: ["e2"] }); // linear1 → act1
    const { graph } = ok(untouched(cut, (d) => connect(d, wire("linear1", "act1"))));
    expect(graph.edges.at(-1)).toEqual({ id: "e2", ...wire("linear1", "act1") });
    expect(graph.nodes).toBe(cut.nodes);
  });

  it("takes an explicit id and refuses a taken one", () => {
    const cut = disconnect(mlp(), { ids: ["e2"] });
    expect(ok(connect(cut, { ...wire("linear1", "act1"), id: "w" })).graph.edges.at(-1)!.id).toBe("w");
    expect(refused(connect(cut, { ...wire("linear1", "act1"), id: "e1" }))).toMatch(/"e1" is taken/);
  });

  it("refuses a wire that would close a cycle", () => {
    const doc = residual();
    const check = canConnect(doc, wire("ln2", "add1"));
    expect(check).toEqual({
      ok: false,
      code: "cycle",
      reason: "this wire would close a loop: Add (residual) (add1) already feeds LayerNorm (ln2)",
    });
    expect(refused(connect(doc, wire("ln2", "add1")))).toMatch(/close a loop/);
    // A loop is refused before the port being taken is, since replacing would not help.
    expect(canConnect(mlp(), wire("linear2", "linear1"))).toMatchObject({ ok: false, code: "cycle" });
    expect(canConnect(mlp(), { ...wire("linear2", "linear1"), replace: true })).toMatchObject({ ok: false, code: "cycle" });
  });

  it("refuses float values into Embedding ids", () => {
    const { graph } = ok(addNode(mlp(), { type: "Embedding", id: "emb1", position: { x: 0, y: 200 } }));
    expect(canConnect(graph, wire("linear1", "emb1", "ids"))).toEqual({
      ok: false,
      code: "dtype-mismatch",
      reason: "`ids` of Embedding (emb1) takes integer token ids; Linear (linear1) gives float values",
    });
    // An Input's dtype depends on its kind, so it is left to analysis.
    expect(canConnect(graph, wire("input1", "emb1", "ids"))).toEqual({ ok: true });
  });

  it("refuses a second wire into Linear x, and replaces it when asked", () => {
    const doc = mlp();
    expect(canConnect(doc, wire("input1", "linear2"))).toEqual({
      ok: false,
      code: "port-taken",
      reason: "`x` of Linear (linear2) takes one wire and has one; to sum two, use an Add block",
    });
    const { graph } = ok(untouched(doc, (d) => connect(d, { ...wire("input1", "linear2"), replace: true })));
    expect(graph.edges.filter((e) => e.target === "linear2").map((e) => e.source)).toEqual(["input1"]);
    expect(graph.edges).toHaveLength(doc.edges.length);
    expect(analyse(graph).nodes.linear2.outputs.out.shape).toEqual(["B", 3]);
  });

  it("lets Add take several wires, in order", () => {
    const doc = residual();
    const { graph } = ok(connect(doc, wire("ln1", "add1")));
    expect(graph.edges.filter((e) => e.target === "add1").map((e) => e.source)).toEqual(["emb1", "attn1", "ln1"]);
    expect(analyse(graph).nodes.add1.inputs.x).toHaveLength(3);
    // …even with replace set, a multi-wire port keeps its wires.
    expect(ok(connect(doc, { ...wire("ln1", "add1"), replace: true })).graph.edges.filter((e) => e.target === "add1")).toHaveLength(3);
  });

  it("refuses unknown ports, missing nodes, self loops and duplicates", () => {
    const doc = mlp();
    expect(canConnect(doc, wire("linear1", "act1", "y"))).toEqual({
      ok: false,
      code: "unknown-port",
      reason: "Activation (act1) has no input `y`",
    });
    expect(canConnect(doc, wire("linear1", "act1", "x", "o"))).toMatchObject({
      ok: false,
      code: "unknown-port",
      reason: "Linear (linear1) has no output `o`",
    });
    expect(canConnect(doc, wire("ghost", "act1"))).toMatchObject({ ok: false, code: "missing-node" });
    expect(canConnect(doc, wire("act1", "act1"))).toMatchObject({ ok: false, code: "self-loop" });
    expect(canConnect(doc, wire("linear1", "act1"))).toMatchObject({ ok: false, code: "duplicate" });
    expect(canConnect(doc, { ...wire("linear1", "act1"), scope: "nope" })).toMatchObject({ ok: false, code: "unknown-scope" });
  });

  it("wires to a block's ports by name, inside and outside its body", () => {
    const doc = disconnect(blocked(), { ids: [blocked().edges.find((e) => e.target === "group1")!.id] });
    expect(canConnect(doc, wire("emb1", "group1", "y"))).toMatchObject({ ok: false, code: "unknown-port" });
    const { graph } = ok(connect(doc, wire("emb1", "group1", "x")));
    expect(analyse(graph).totals.params).toBe(analyse(blocked()).totals.params);
    const inner = canConnect(graph, { ...wire("attn1", "ln1"), scope: "block" });
    expect(inner).toMatchObject({ ok: false, code: "cycle" });
  });
});

describe("disconnect", () => {
  it("removes wires by id", () => {
    const doc = mlp();
    const graph = untouched(doc, (d) => disconnect(d, { ids: ["e1", "e3"] }));
    expect(wiring(graph.edges)).toEqual(wiring(doc.edges.filter((e) => e.id !== "e1" && e.id !== "e3")));
  });

  it("returns the same document for unknown ids", () => {
    const doc = mlp();
    expect(disconnect(doc, { ids: ["nope"] })).toBe(doc);
  });
});
