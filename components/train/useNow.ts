"use client";
import { useEffect, useState } from "react";

/** The wall clock, re-read every `intervalMs` while `ticking` (a run's elapsed time keeps moving between metrics). */
export function useNow(intervalMs: number, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs, ticking]);
  return ticking ? now : Date.now();
}
