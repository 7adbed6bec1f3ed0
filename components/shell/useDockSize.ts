"use client";
/** The dock's height and maximised state for the page; the height is kept in localStorage. */
import { useCallback, useEffect, useState } from "react";
import { clampDock, defaultDock, DOCK_KEY, parseDock, serializeDock } from "./dockSize";

const windowHeight = () => (typeof window === "undefined" ? 900 : window.innerHeight);

function readStored(): number | undefined {
  if (typeof window === "undefined") return undefined;
  try {
    return parseDock(window.localStorage.getItem(DOCK_KEY));
  } catch {
    return undefined; // storage blocked: the default it is
  }
}

export interface DockSize {
  /** Height in CSS pixels (within the limits of the current window). */
  height: number;
  maximised: boolean;
  /** Sets the height while dragging; `keep` also stores it (at the end of a drag or a key). */
  resize(height: number, keep?: boolean): void;
  toggleMaximised(): void;
}

export function useDockSize(): DockSize {
  const [viewport, setViewport] = useState(windowHeight);
  const [height, setHeight] = useState(() => readStored() ?? defaultDock(windowHeight()));
  const [maximised, setMaximised] = useState(false);
  useEffect(() => {
    const onResize = () => setViewport(window.innerHeight);
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);
  const resize = useCallback((h: number, keep = false) => {
    const next = clampDock(h, windowHeight());
    setHeight(next);
    setMaximised(false);
    if (keep) {
      try {
        window.localStorage.setItem(DOCK_KEY, serializeDock(next));
      } catch {
        // storage full or blocked: the size lasts until the reload
      }
    }
  }, []);
  const toggleMaximised = useCallback(() => setMaximised((m) => !m), []);
  return { height: clampDock(height, viewport), maximised, resize, toggleMaximised };
}
