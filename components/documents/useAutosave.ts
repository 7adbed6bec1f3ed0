"use client";
/**
 * Restores the document on start (share link → last autosave → the initial document), then
 * saves it to IndexedDB after every change. Call once per editor, inside `EditorContext`;
 * show the returned status with `<StorageBanner status={…} />`.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useEditorStore } from "../editor/context";
import { AUTOSAVE_DELAY_MS, createAutosaver } from "./autosaver";
import type { Autosaver, AutosaveStatus } from "./autosaver";
import { applyRestore, openShareLink, readRestoreSources } from "./restore";
import { readShareFragment, withoutShareFragment } from "./shareLink";
import { browserDocumentStorage } from "./storage";
import type { DocumentStorage } from "./storage";

export type { AutosaveState, AutosaveStatus } from "./autosaver";

export interface AutosaveOptions {
  /** Defaults to the page's IndexedDB storage. Pass a stable object (it is an effect dependency). */
  storage?: DocumentStorage;
  delayMs?: number;
}

/** Removes `doc=…` from the address bar without a navigation (and keeps Next's history state). */
function clearShareFragment(): void {
  const { pathname, search, hash } = window.location;
  window.history.replaceState(window.history.state, "", `${pathname}${search}${withoutShareFragment(hash)}`);
}

export function useAutosave(options: AutosaveOptions = {}): AutosaveStatus {
  const store = useEditorStore();
  const { storage, delayMs = AUTOSAVE_DELAY_MS } = options;
  const [status, setStatus] = useState<AutosaveStatus>({ state: "restoring" });
  const saver = useRef<Autosaver | undefined>(undefined);

  useEffect(() => {
    const backend = storage ?? browserDocumentStorage();
    const initial = store.getState().doc;
    let active = true;
    const autosaver = createAutosaver({ store, storage: backend, delayMs, onStatus: (s) => active && setStatus(s) });
    saver.current = autosaver;

    // The fragment is cleared only once applied: under StrictMode the first mount is dropped
    // before its read finishes, and the second mount must still find the link.
    void readRestoreSources(window.location.hash, backend).then((sources) => {
      if (!active) return;
      const restored = applyRestore(store, sources, initial);
      if (sources.link.found) clearShareFragment();
      autosaver.start();
      // A document that is not in storage yet is saved at once: its runs are kept under its id,
      // and a reload must find the same id.
      if (restored !== "autosave") void autosaver.retry();
      setStatus({ state: "idle" });
    });

    // A link pasted into the address bar of an open editor changes only the fragment.
    const onHashChange = () => {
      const link = readShareFragment(window.location.hash);
      if (!link.found) return;
      clearShareFragment();
      const notice = openShareLink(store, link);
      if (notice) store.getState().notify(notice);
    };
    // Closing or hiding the tab must not lose the last half-second of edits.
    const onPageHide = () => void autosaver.flush();
    const onVisibility = () => {
      if (document.visibilityState === "hidden") void autosaver.flush();
    };
    window.addEventListener("hashchange", onHashChange);
    window.addEventListener("pagehide", onPageHide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      active = false;
      void autosaver.flush();
      autosaver.stop();
      if (saver.current === autosaver) saver.current = undefined;
      window.removeEventListener("hashchange", onHashChange);
      window.removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [store, storage, delayMs]);

  const retry = useCallback(() => void saver.current?.retry(), []);
  return useMemo(() => ({ ...status, retry }), [status, retry]);
}
