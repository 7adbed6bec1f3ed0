"use client";
/** The block palette: blocks by category with search; drag one onto the canvas. */
import { useState } from "react";
import { CATEGORY_LABELS, categories } from "@/graph";
import { BLOCK_MIME } from "../canvas/Canvas";
import { useEditor } from "../editor/context";
import { searchBlocks } from "./searchBlocks";

export function Palette() {
  const [query, setQuery] = useState("");
  const inGroup = useEditor((s) => s.scope !== undefined);
  const found = searchBlocks(query, inGroup);
  return (
    <aside className="tl-palette" data-testid="palette">
      <input
        className="tl-search"
        type="search"
        placeholder="Search blocks (e.g. att)"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-label="Search blocks"
      />
      <div className="tl-palette-list">
        {categories.map((cat) => {
          const items = found.filter((b) => b.category === cat);
          if (!items.length) return null;
          return (
            <section key={cat}>
              <h3 className={`tl-cat-title tl-cat-${cat}`}>{CATEGORY_LABELS[cat]}</h3>
              {items.map((b) => (
                <div
                  key={b.type}
                  className={`tl-palette-item tl-cat-${cat}`}
                  draggable
                  data-testid={`palette-${b.type}`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(BLOCK_MIME, b.type);
                    e.dataTransfer.effectAllowed = "copy";
                  }}
                  title={b.explanation}
                >
                  <span className="tl-palette-name">{b.label}</span>
                  <span className="tl-palette-desc">{b.description}</span>
                </div>
              ))}
            </section>
          );
        })}
        {found.length === 0 && <p className="tl-muted">No block matches “{query}”.</p>}
      </div>
    </aside>
  );
}
