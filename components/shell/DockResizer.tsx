"use client";
/**
 * The dock's top edge: drag it to resize the dock, double-click it to maximise or restore;
 * focused, the arrow keys, Page Up/Down, Home and End resize it and Enter maximises.
 */
import { useRef } from "react";
import type { KeyboardEvent, PointerEvent } from "react";
import { DOCK_MIN, dockAfterKey, dockMax } from "./dockSize";
import type { DockSize } from "./useDockSize";

export function DockResizer({ dock }: { dock: DockSize }) {
  const drag = useRef<{ y: number; height: number; last: number } | undefined>(undefined);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const start = dock.maximised ? (e.currentTarget.parentElement?.getBoundingClientRect().height ?? dock.height) : dock.height;
    drag.current = { y: e.clientY, height: start, last: start };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    d.last = d.height + (d.y - e.clientY);
    dock.resize(d.last);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    drag.current = undefined;
    e.currentTarget.releasePointerCapture(e.pointerId);
    // A click without a move (half of a double-click) leaves a maximised dock as it is.
    if (d.last !== d.height) dock.resize(d.last, true);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      dock.toggleMaximised();
      return;
    }
    const next = dockAfterKey(e.key, dock.height, window.innerHeight);
    if (next === undefined) return;
    e.preventDefault();
    dock.resize(next, true);
  };
  return (
    <div
      className="tl-dock-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Dock height (drag, or arrow keys; Enter or double-click maximises)"
      aria-valuemin={DOCK_MIN}
      aria-valuemax={dockMax(typeof window === "undefined" ? 900 : window.innerHeight)}
      aria-valuenow={dock.height}
      tabIndex={0}
      title="Drag to resize the dock; double-click to maximise or restore"
      data-testid="dock-resizer"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={dock.toggleMaximised}
      onKeyDown={onKeyDown}
    />
  );
}
