"use client";
/** Double-click on the canvas: a search box at the cursor that adds the chosen block there. */
import { useEffect, useRef, useState } from "react";
import { useEditor } from "../editor/context";
import { searchBlocks } from "../palette/searchBlocks";

export function QuickAdd({ at, onPick, onClose }: { at: { x: number; y: number }; onPick(type: string): void; onClose(): void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const inGroup = useEditor((s) => s.scope !== undefined);
  const results = searchBlocks(query, inGroup).slice(0, 8);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <div className="tl-quickadd" style={{ left: at.x, top: at.y }} data-testid="quick-add" onMouseDown={(e) => e.stopPropagation()}>
      <input
        ref={input}
        value={query}
        placeholder="Add a block…"
        aria-label="Search blocks"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") onClose();
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, results.length - 1));
          if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          if (e.key === "Enter" && results[active]) onPick(results[active].type);
        }}
        onBlur={() => setTimeout(onClose, 150)}
      />
      <ul>
        {results.map((b, i) => (
          <li key={b.type} className={i === active ? "tl-active" : undefined} onMouseDown={() => onPick(b.type)}>
            <strong>{b.label}</strong>
            <span>{b.description}</span>
          </li>
        ))}
        {results.length === 0 && <li className="tl-muted">No block matches “{query}”.</li>}
      </ul>
    </div>
  );
}
