"use client";
/** The top bar: document name, document actions, undo/redo, layout, grouping, theme, backend. */
import { useStore } from "zustand";
import { getScope, groupNodes, setRepeat, ungroup } from "@/graph";
import { useEditor, useEditorStore } from "../editor/context";
import { layoutScope, scopeSizes } from "../layout/autoLayout";
import type { LayoutDirection } from "../layout/autoLayout";
import { moveNodes } from "@/graph";
import type { ReactNode } from "react";

export function TopBar({ actions, backend, onLayoutDone }: { actions?: ReactNode; backend: string; onLayoutDone(): void }) {
  const store = useEditorStore();
  const name = useEditor((s) => s.doc.name);
  const theme = useEditor((s) => s.theme);
  const dirty = useEditor((s) => s.dirty);
  const canUndo = useStore(store.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (t) => t.futureStates.length > 0);
  // Primitive selectors: a selector returning a fresh object would re-render forever.
  const pickedCount = useEditor((s) => (getScope(s.doc, s.scope)?.nodes ?? []).filter((n) => s.selection.includes(n.id)).length);
  const pickedGroup = useEditor((s) => {
    const nodes = (getScope(s.doc, s.scope)?.nodes ?? []).filter((n) => s.selection.includes(n.id));
    return nodes.length === 1 && nodes[0].type === "Group" ? nodes[0].id : undefined;
  });
  const selectionKinds = { count: pickedCount, group: pickedGroup };

  const layout = async (direction: LayoutDirection) => {
    const { doc, scope, edit } = store.getState();
    const s = getScope(doc, scope);
    if (!s) return;
    const positions = await layoutScope(s.nodes, s.edges, direction, scopeSizes(doc, s.nodes));
    edit((d) => moveNodes(d, { positions, scope }));
    onLayoutDone();
  };

  const group = () => {
    const { selection, scope, edit, select } = store.getState();
    let made: string | undefined;
    edit((d) => {
      const r = groupNodes(d, { ids: selection, scope, name: "Block" });
      if (r.ok) made = r.nodeId;
      return r;
    });
    if (made) select([made]);
  };

  const doUngroup = (id: string) => {
    const { scope, edit, select } = store.getState();
    let ids: string[] = [];
    edit((d) => {
      const r = ungroup(d, { id, scope });
      if (r.ok) ids = r.nodeIds;
      return r;
    });
    select(ids);
  };

  return (
    <header className="tl-topbar">
      <span className="tl-logo">Tensorloom</span>
      <input
        className="tl-docname"
        aria-label="Document name"
        data-testid="doc-name"
        value={name}
        style={{ width: `calc(${Math.min(Math.max(name.length, 8), 36) + 1}ch + 16px)` }}
        onChange={(e) => {
          const value = e.target.value.slice(0, 200);
          store.getState().edit((d) => ({ ...d, name: value }), { merge: "doc-name" });
        }}
      />
      {dirty && (
        <span className="tl-dirty" title="Changes since the last download">
          ●
        </span>
      )}
      <div className="tl-toolbar">{actions}</div>
      <div className="tl-toolbar">
        <Button label="Undo" testId="undo" disabled={!canUndo} onClick={() => store.temporal.getState().undo()} title="Undo (Ctrl+Z)" />
        <Button
          label="Redo"
          testId="redo"
          disabled={!canRedo}
          onClick={() => store.temporal.getState().redo()}
          title="Redo (Shift+Ctrl+Z)"
        />
      </div>
      <div className="tl-toolbar">
        <Button label="Layout →" testId="layout-lr" onClick={() => void layout("RIGHT")} title="Auto-layout left to right" />
        <Button label="Layout ↓" testId="layout-tb" onClick={() => void layout("DOWN")} title="Auto-layout top to bottom" />
        <Button
          label="Group"
          testId="group"
          disabled={selectionKinds.count < 1}
          onClick={group}
          title="Group the selected blocks into one block"
        />
        {selectionKinds.group && (
          <>
            <Button
              label="Ungroup"
              testId="ungroup"
              onClick={() => doUngroup(selectionKinds.group!)}
              title="Put the block's contents back (repeat must be 1)"
            />
            <Button
              label="×N"
              testId="repeat"
              onClick={() => {
                const { doc, scope, edit } = store.getState();
                const node = getScope(doc, scope)?.nodes.find((n) => n.id === selectionKinds.group);
                const current = Number(node?.params.repeat ?? 1);
                const answer = window.prompt("Repeat this block how many times?", String(current));
                const n = answer === null ? NaN : Number(answer);
                if (Number.isInteger(n)) edit((d) => setRepeat(d, { id: selectionKinds.group!, repeat: n, scope }));
              }}
              title="Set the repeat count"
            />
          </>
        )}
      </div>
      <div className="tl-spacer" />
      <span className="tl-backend" data-testid="backend-badge" title="Compute backend used for training">
        {backend}
      </span>
      <Button
        label={theme === "light" ? "Dark" : "Light"}
        testId="theme"
        onClick={() => store.getState().setTheme(theme === "light" ? "dark" : "light")}
        title="Switch theme"
      />
    </header>
  );
}

export function Button({
  label,
  onClick,
  disabled,
  title,
  testId,
}: {
  label: string;
  onClick(): void;
  disabled?: boolean;
  title?: string;
  testId?: string;
}) {
  return (
    <button type="button" className="tl-button" onClick={onClick} disabled={disabled} title={title} data-testid={testId}>
      {label}
    </button>
  );
}
