/** The editor store: a scope that an undo takes away is left, not kept as an empty canvas. */
import { describe, expect, test } from "vitest";
import { addNode, getScope } from "@/graph";
import type { GraphDocument } from "@/graph";
import { createEditorStore } from "@/components/editor/store";
import { buildPreset } from "@/presets";

function build(id: string): GraphDocument {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
}

describe("editor store scope", () => {
  test("undoing a preset load while inside one of its block bodies goes back to the top level, where a drop works", () => {
    const store = createEditorStore(build("mlp"));
    store.getState().load(build("gpt"));
    const block = store.getState().doc.groups[0].id;
    store.getState().enterScope(block);
    store.getState().select([store.getState().doc.groups[0].nodes[0].id]);
    store.temporal.getState().undo();
    const s = store.getState();
    expect(s.doc.groups).toHaveLength(0);
    expect(s.scope).toBeUndefined();
    expect(s.selection).toEqual([]);
    // The drop that failed with 'there is no block body "block"' now lands on the top level.
    const before = s.doc.nodes.length;
    expect(s.edit((d) => addNode(d, { type: "Linear", id: "dropped", position: { x: 0, y: 0 }, scope: s.scope }))).toBe(true);
    expect(store.getState().doc.nodes).toHaveLength(before + 1);
  });

  test("an undo that keeps the block body keeps the scope, and drops only selected blocks that are gone", () => {
    const store = createEditorStore(build("gpt"));
    const block = store.getState().doc.groups[0];
    store.getState().enterScope(block.id);
    store.getState().edit((d) => addNode(d, { type: "Linear", id: "extra", position: { x: 0, y: 0 }, scope: block.id }));
    store.getState().select([block.nodes[0].id, "extra"]);
    store.temporal.getState().undo();
    const s = store.getState();
    expect(s.scope).toBe(block.id);
    expect(getScope(s.doc, s.scope)?.nodes.some((n) => n.id === "extra")).toBe(false);
    expect(s.selection).toEqual([block.nodes[0].id]);
  });
});
