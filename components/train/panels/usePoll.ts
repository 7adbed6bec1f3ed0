"use client";
import { useEffect, useRef } from "react";

/**
 * Runs `load` now and, while `repeat`, again `intervalMs` after each one finishes (never two at
 * once). `load` is read from a ref, so a new function each render does not restart the loop.
 */
export function usePoll(load: () => Promise<void>, intervalMs: number, repeat: boolean, deps: readonly unknown[]): void {
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      await loadRef.current();
      if (!cancelled && repeat) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // The caller names what restarts the loop in `deps`.
  }, [intervalMs, repeat, ...deps]);
}
