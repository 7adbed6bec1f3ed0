/**
 * What the Setup form holds for the life of the page beyond the document: the text of files
 * too big to keep in the document (by SHA-256, so a document that names one finds it), and the
 * fields the user left invalid (their text and error), so Start stays disabled and the field
 * shows the same text after the Setup tab or the dock tab was switched away and back.
 */
import { createStore } from "zustand/vanilla";

export interface FieldDraft {
  text: string;
  error: string;
}

export interface SetupState {
  /** Text by SHA-256 hex, for documents whose data is a reference (over the size limit). */
  files: Record<string, string>;
  /** Invalid settings fields by key (`config.lr`, `dataset.samples`). */
  invalid: Record<string, FieldDraft>;
}

export function createSetupStore() {
  return createStore<SetupState>()(() => ({ files: {}, invalid: {} }));
}

export type SetupStore = ReturnType<typeof createSetupStore>;

/** Records (or, with `draft` undefined, clears) an invalid field. */
export function setFieldDraft(store: SetupStore, key: string, draft: FieldDraft | undefined): void {
  const { invalid } = store.getState();
  if (draft === undefined) {
    if (!(key in invalid)) return;
    const { [key]: _gone, ...rest } = invalid;
    store.setState({ invalid: rest });
  } else if (invalid[key]?.text !== draft.text || invalid[key]?.error !== draft.error) {
    store.setState({ invalid: { ...invalid, [key]: draft } });
  }
}

/** SHA-256 of a text (UTF-8), as hex: how a document names data it does not hold. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
