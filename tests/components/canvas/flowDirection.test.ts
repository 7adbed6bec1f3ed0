/** Which blocks turn round on the canvas: those whose wires run right to left. */
import { describe, expect, test } from "vitest";
import { flowsLeft } from "@/components/canvas/flowDirection";
import type { GraphEdge, GraphNode } from "@/graph";

const block = (id: string, x: number, y: number): GraphNode => ({ id, type: "Linear", params: {}, position: { x, y } }) as GraphNode;
const wire = (source: string, target: string): GraphEdge => ({
  id: `${source}-${target}`,
  source,
  sourcePort: "out",
  target,
  targetPort: "x",
});

describe("flowsLeft", () => {
  test("a chain wrapped into snaking rows: the right-to-left row turns round, the turns stay short", () => {
    // a → b (row 1, left to right), down to c, c → d (row 2, right to left), down to e.
    const nodes = [block("a", 0, 0), block("b", 272, 0), block("c", 272, 132), block("d", 0, 132), block("e", 0, 264)];
    const edges = [wire("a", "b"), wire("b", "c"), wire("c", "d"), wire("d", "e")];
    expect([...flowsLeft(nodes, edges)].sort()).toEqual(["c", "d"]);
  });

  test("a single block straight below the end of a row faces the other way (a C-shaped turn)", () => {
    expect([...flowsLeft([block("a", 0, 0), block("b", 272, 0), block("c", 272, 132)], [wire("a", "b"), wire("b", "c")])]).toEqual(["c"]);
  });

  test("blocks left to right, or stacked in one column, all read left to right", () => {
    expect(flowsLeft([block("a", 0, 0), block("b", 300, 40), block("c", 600, 0)], [wire("a", "b"), wire("b", "c")]).size).toBe(0);
    expect(flowsLeft([block("a", 0, 0), block("b", 0, 120), block("c", 10, 240)], [wire("a", "b"), wire("b", "c")]).size).toBe(0);
  });

  test("two blocks whose only wire runs right to left both turn round (output on the left, input on the right)", () => {
    expect([...flowsLeft([block("a", 400, 0), block("b", 0, 0)], [wire("a", "b")])].sort()).toEqual(["a", "b"]);
  });
});
