"use client";
/**
 * Keyboard shortcuts: Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z or Ctrl+Y redo, Ctrl/Cmd+C/V copy and
 * paste (as JSON on the system clipboard, via the copy/paste events), Ctrl/Cmd+D duplicate,
 * Ctrl/Cmd+A select all, F fit view. Delete is handled by the canvas.
 */
import { useEffect } from "react";
import { copyFragment, duplicateNodes, getScope, pasteFragment } from "@/graph";
import type { EditorStore } from "../editor/store";
import { fragmentFromText, fragmentToText } from "./clipboard";

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
}

export function useShortcuts(store: EditorStore, fitView: () => void) {
  useEffect(() => {
    const nodeSelection = () => {
      const { doc, scope, selection } = store.getState();
      const ids = new Set(getScope(doc, scope)?.nodes.map((n) => n.id) ?? []);
      return selection.filter((id) => ids.has(id));
    };
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const s = store.getState();
      if (mod && key === "z") {
        e.preventDefault();
        if (e.shiftKey) store.temporal.getState().redo();
        else store.temporal.getState().undo();
      } else if (mod && key === "y") {
        e.preventDefault();
        store.temporal.getState().redo();
      } else if (mod && key === "d") {
        e.preventDefault();
        const ids = nodeSelection();
        if (!ids.length) return;
        let added: string[] = [];
        s.edit((d) => {
          const r = duplicateNodes(d, { ids, scope: s.scope });
          if (r.ok) added = r.nodeIds;
          return r;
        });
        if (added.length) store.getState().select(added);
      } else if (mod && key === "a") {
        e.preventDefault();
        const scope = getScope(s.doc, s.scope);
        s.select(scope ? scope.nodes.map((n) => n.id) : []);
      } else if (!mod && !e.altKey && key === "f") {
        e.preventDefault();
        fitView();
      }
    };
    const onCopy = (e: ClipboardEvent) => {
      if (typingIn(e.target) || !e.clipboardData) return;
      const ids = nodeSelection();
      if (!ids.length) return;
      const { doc, scope } = store.getState();
      e.clipboardData.setData("text/plain", fragmentToText(copyFragment(doc, ids, scope)));
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (typingIn(e.target) || !e.clipboardData) return;
      const text = e.clipboardData.getData("text/plain");
      if (!text) return;
      e.preventDefault();
      const parsed = fragmentFromText(text);
      const s = store.getState();
      if (!parsed.ok) {
        s.notify({ kind: "error", text: parsed.message });
        return;
      }
      let added: string[] = [];
      s.edit((d) => {
        const r = pasteFragment(d, { fragment: parsed.fragment, scope: s.scope });
        if (r.ok) added = r.nodeIds;
        return r;
      });
      if (added.length) store.getState().select(added);
    };
    window.addEventListener("keydown", onKey);
    document.addEventListener("copy", onCopy);
    document.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("paste", onPaste);
    };
  }, [store, fitView]);
}
