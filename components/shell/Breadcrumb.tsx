"use client";
/** Where the canvas is: the graph, or a block opened from it. */
import { useEditor } from "../editor/context";

export function Breadcrumb() {
  const scope = useEditor((s) => s.scope);
  const name = useEditor((s) => s.doc.name);
  const group = useEditor((s) => (s.scope ? s.doc.groups.find((g) => g.id === s.scope) : undefined));
  const enter = useEditor((s) => s.enterScope);
  if (!scope) return null;
  return (
    <nav className="tl-breadcrumb" data-testid="breadcrumb" aria-label="Breadcrumb">
      <button type="button" onClick={() => enter(undefined)} data-testid="breadcrumb-root">
        {name || "Graph"}
      </button>
      <span aria-hidden>›</span>
      <strong>{group?.name ?? scope}</strong>
      <span className="tl-muted">editing the block body: changes apply to every use</span>
    </nav>
  );
}
