/** Renders a component over an editor store to static HTML, for tests without a browser. */
import { createElement } from "react";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { EditorContext } from "@/components/editor/context";
import { createEditorStore } from "@/components/editor/store";
import type { EditorState, EditorStore } from "@/components/editor/store";
import type { GraphDocument } from "@/graph";
import { buildPreset } from "@/presets";

/** A store on `doc` with some state (selection, scope) already set. */
export function storeWith(doc: GraphDocument, state: Partial<Pick<EditorState, "selection" | "scope">> = {}): EditorStore {
  const store = createEditorStore(doc);
  store.setState(state);
  // Server rendering reads `getInitialState`; point it at the state just set.
  return Object.assign(store, { getInitialState: store.getState });
}

export function render(store: EditorStore, element: ReactElement): string {
  return renderToStaticMarkup(createElement(EditorContext.Provider, { value: store }, element));
}

/** The GPT preset: tokens → wte → wpe → blocks (Group ×4 of body `block`) → ln_f → lm_head (tied to wte) → loss. */
export function gptDoc(): GraphDocument {
  const r = buildPreset("gpt");
  if (!r.ok) throw new Error(r.message);
  return r.graph;
}
