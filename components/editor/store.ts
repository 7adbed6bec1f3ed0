/**
 * The editor store: the document, the scope being edited (top level or a group body), the
 * selection and transient UI state. Undo/redo (zundo) tracks the document only, so selection
 * and viewport are never steps; a drag is one step.
 */
import { create } from "zustand";
import { temporal } from "zundo";
import { getScope } from "@/graph";
import type { EditResult, GraphDocument } from "@/graph";

export type Theme = "light" | "dark";
export type DockTab = "cost" | "train" | "code" | "problems";

export interface Notice {
  kind: "info" | "error";
  text: string;
}

export interface EditorState {
  doc: GraphDocument;
  /**
   * Which document this is, for what belongs to it outside its JSON (its runs). A new id for
   * each preset, New or Open; kept by edits, autosave and undo (undoing a load brings back the
   * previous document's id, so its runs come back with it).
   */
  docId: string;
  /** Group body being edited; undefined for the top level. */
  scope: string | undefined;
  selection: string[];
  notice: Notice | undefined;
  theme: Theme;
  dockTab: DockTab;
  /** True once the document differs from what was last opened or downloaded. */
  dirty: boolean;
  /** Counts documents loaded (open, preset, restore), so the view can fit each new one. */
  loads: number;

  /**
   * Applies an edit; a refused edit shows its message and changes nothing. Returns success.
   * Consecutive edits with the same `merge` key (typing "128" into one field, within 1.5 s)
   * are one undo step.
   */
  edit(op: (doc: GraphDocument) => EditResult | GraphDocument, options?: { merge?: string }): boolean;
  /** Replaces the document (open, preset, restore); undoable unless `resetHistory`. `id` keeps a known identity (restore); otherwise a new one. */
  load(doc: GraphDocument, options?: { resetHistory?: boolean; clean?: boolean; id?: string }): void;
  select(ids: string[]): void;
  enterScope(scope: string | undefined): void;
  notify(notice: Notice | undefined): void;
  setTheme(theme: Theme): void;
  setDockTab(tab: DockTab): void;
  markClean(): void;
}

function isResult(x: EditResult | GraphDocument): x is EditResult {
  return "ok" in x;
}

export interface EditorStoreOptions {
  /** Makes document ids (default: a random UUID); tests pass a counter of their own. */
  newId?: () => string;
}

const randomId = () =>
  typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `doc-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export function createEditorStore(initial: GraphDocument, options: EditorStoreOptions = {}) {
  const newId = options.newId ?? randomId;
  return create<EditorState>()(
    temporal(
      (set, get, api) => {
        const history = () =>
          (api as unknown as { temporal: { getState(): { pause(): void; resume(): void; clear(): void } } }).temporal.getState();
        let lastMerge: { key: string; at: number } | undefined;
        const commit = (doc: GraphDocument, merge: string | undefined) => {
          const now = Date.now();
          const joins = merge !== undefined && lastMerge?.key === merge && now - lastMerge.at < 1500;
          lastMerge = merge === undefined ? undefined : { key: merge, at: now };
          if (joins) history().pause();
          set({ doc, dirty: true });
          if (joins) history().resume();
        };
        // Undo, redo or a load can take away the block body being edited (undoing a preset load
        // while inside one of its blocks): the editor then leaves for the top level instead of
        // showing an empty canvas that refuses every drop, and forgets blocks that are gone.
        api.subscribe((s, prev) => {
          if (s.doc === prev.doc) return;
          const scope = getScope(s.doc, s.scope) ? s.scope : undefined;
          const here = new Set([
            ...(getScope(s.doc, scope)?.nodes ?? []).map((n) => n.id),
            ...(getScope(s.doc, scope)?.edges ?? []).map((e) => e.id),
          ]);
          const selection = s.selection.filter((id) => here.has(id));
          if (scope !== s.scope || selection.length !== s.selection.length) set({ scope, selection });
        });
        return {
          doc: initial,
          docId: newId(),
          scope: undefined,
          selection: [],
          notice: undefined,
          theme: "light",
          dockTab: "cost",
          dirty: false,
          loads: 0,
          edit(op, options = {}) {
            const out = op(get().doc);
            if (isResult(out) && !out.ok) {
              set({ notice: { kind: "error", text: out.message } });
              return false;
            }
            const next = isResult(out) ? out.graph : out;
            if (next !== get().doc) commit(next, options.merge);
            return true;
          },
          load(doc, options = {}) {
            set({ doc, docId: options.id ?? newId(), scope: undefined, selection: [], dirty: !options.clean, loads: get().loads + 1 });
            lastMerge = undefined;
            if (options.resetHistory) history().clear();
          },
          select: (ids) => set({ selection: ids }),
          enterScope: (scope) => set({ scope, selection: [] }),
          notify: (notice) => set({ notice }),
          setTheme: (theme) => set({ theme }),
          setDockTab: (dockTab) => set({ dockTab }),
          markClean: () => set({ dirty: false }),
        };
      },
      {
        partialize: (s) => ({ doc: s.doc, docId: s.docId }),
        equality: (a, b) => a.doc === b.doc && a.docId === b.docId,
        limit: 200,
      },
    ),
  );
}

export type EditorStore = ReturnType<typeof createEditorStore>;
