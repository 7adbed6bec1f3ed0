/** The Share action: put a link to the current document on the clipboard. */
import type { EditorStore } from "../editor/store";
import { showReport } from "./reports";
import { shareLink } from "./shareLink";

export type ShareOutcome = "copied" | "too-big" | "shown";

/**
 * Copies a link holding the whole document (`…#doc=…`). Too big → a notice saying so; no
 * clipboard (an insecure page, a denied permission) → a dialog with the link to copy by hand.
 */
export async function shareDocument(
  store: EditorStore,
  base: string = window.location.href,
  clipboard: Pick<Clipboard, "writeText"> | undefined = typeof navigator === "undefined" ? undefined : navigator.clipboard,
): Promise<ShareOutcome> {
  const link = shareLink(store.getState().doc, base);
  const { notify } = store.getState();
  if (!link.ok) {
    notify({ kind: "error", text: link.message });
    return "too-big";
  }
  try {
    if (!clipboard) throw new Error("no clipboard");
    await clipboard.writeText(link.url);
    notify({ kind: "info", text: "Link copied" });
    return "copied";
  } catch {
    showReport(store, {
      kind: "link",
      title: "Share link",
      message: "The browser did not let Tensorloom copy the link. Copy it from here:",
      url: link.url,
    });
    return "shown";
  }
}
