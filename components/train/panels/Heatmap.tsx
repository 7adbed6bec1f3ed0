"use client";
/**
 * Attention weights as one heatmap per head, `[T × S]`: rows are queries, columns keys, the
 * tokens on both axes. Each row is scaled to its own largest weight so that the pattern shows
 * even for long rows; zeros (the causal mask's upper triangle) stay empty.
 */
import { useEffect, useRef, useState } from "react";
import { heatmapLayout, tokenLabel, tokenName, weightAt } from "../heatmapLayout";
import type { HeatmapLayout } from "../heatmapLayout";
import { hexToRgb } from "../runColors";
import type { AttentionMap } from "../types";

const LABEL = 20;
const CAPTION = 16;
const GAP = 16;

interface Hover {
  head: number;
  t: number;
  s: number;
  weight: number;
}

function draw(canvas: HTMLCanvasElement, map: AttentionMap, layout: HeatmapLayout, width: number) {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.ceil(width * dpr);
  canvas.height = Math.ceil(layout.height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${layout.height}px`;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, layout.height);
  const style = getComputedStyle(canvas);
  const accent = style.getPropertyValue("--accent").trim() || "#3b6ef5";
  const muted = style.getPropertyValue("--muted").trim() || "#5f6b7a";
  const border = style.getPropertyValue("--border").trim() || "#d9dee5";
  const fg = style.getPropertyValue("--fg").trim() || "#1d2430";
  const [r, g, b] = accent.startsWith("#") ? hexToRgb(accent) : [59, 110, 245];
  const T = map.queryTokens.length;
  const S = map.keyTokens.length;
  const { cell } = layout;
  for (let h = 0; h < map.heads; h++) {
    const o = layout.origin(h);
    ctx.fillStyle = fg;
    ctx.font = "600 11px system-ui, sans-serif";
    ctx.textBaseline = "alphabetic";
    ctx.textAlign = "left";
    ctx.fillText(`head ${h + 1}`, o.x, o.y - LABEL - 4);
    for (let t = 0; t < T; t++) {
      let max = 0;
      for (let s = 0; s < S; s++) max = Math.max(max, weightAt(map.weights, T, S, h, t, s));
      if (max <= 0) continue;
      for (let s = 0; s < S; s++) {
        const w = weightAt(map.weights, T, S, h, t, s);
        if (w <= 0) continue;
        ctx.fillStyle = `rgba(${r},${g},${b},${Math.min(1, w / max).toFixed(3)})`;
        ctx.fillRect(o.x + s * cell, o.y + t * cell, cell, cell);
      }
    }
    ctx.strokeStyle = border;
    ctx.lineWidth = 1;
    ctx.strokeRect(o.x - 0.5, o.y - 0.5, layout.mapWidth + 1, layout.mapHeight + 1);
    ctx.fillStyle = muted;
    ctx.font = "10px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (let t = 0; t < T; t += layout.rowLabelEvery) ctx.fillText(tokenLabel(map.queryTokens[t]), o.x - 4, o.y + (t + 0.5) * cell);
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    for (let s = 0; s < S; s += layout.colLabelEvery) ctx.fillText(tokenLabel(map.keyTokens[s]), o.x + (s + 0.5) * cell, o.y - 3);
  }
}

export function Heatmap({ map }: { map: AttentionMap }) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | undefined>(undefined);
  const [hover, setHover] = useState<Hover | undefined>(undefined);
  const T = map.queryTokens.length;
  const S = map.keyTokens.length;
  // 6px per character of the 10px monospace labels, plus a little air; the row labels left of
  // a map get the room of the widest one, so none is cut at the panel's edge.
  const colLabelPx = Math.max(1, ...map.keyTokens.map((t) => tokenLabel(t).length)) * 6 + 3;
  const rowLabelSpace = Math.max(LABEL, Math.max(1, ...map.queryTokens.map((t) => tokenLabel(t).length)) * 6 + 6);
  // 2px spare: a rounding of the area's size must not push the last row out of view.
  // The last column's label may stand out past the map by half its width: room for it too.
  const overhang = Math.ceil(colLabelPx / 2);
  const layout = size
    ? heatmapLayout({
        heads: map.heads,
        T,
        S,
        width: size.width - 2 - overhang,
        height: size.height - 2,
        labelSpace: LABEL,
        rowLabelSpace,
        captionSpace: CAPTION,
        gap: GAP,
        colLabelPx,
      })
    : undefined;

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      setSize((s) => (s && Math.abs(s.width - width) < 1 && Math.abs(s.height - height) < 1 ? s : { width, height }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (canvas.current && layout) draw(canvas.current, map, layout, layout.width + overhang);
  });

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    if (!layout) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    for (let h = 0; h < map.heads; h++) {
      const o = layout.origin(h);
      const s = Math.floor((x - o.x) / layout.cell);
      const t = Math.floor((y - o.y) / layout.cell);
      if (s >= 0 && s < S && t >= 0 && t < T) {
        setHover({ head: h, t, s, weight: weightAt(map.weights, T, S, h, t, s) });
        return;
      }
    }
    setHover(undefined);
  };

  return (
    <div className="tl-heatmap">
      <p className="tl-heatmap-readout" aria-live="polite">
        {hover ? (
          <>
            head {hover.head + 1}: query {hover.t} <code>{tokenName(map.queryTokens[hover.t])}</code> → key {hover.s}{" "}
            <code>{tokenName(map.keyTokens[hover.s])}</code>: <strong>{hover.weight.toFixed(3)}</strong>
          </>
        ) : (
          <span className="tl-muted">
            Rows: queries ({T}); columns: keys ({S}); each row scaled to its largest weight.
            {map.causal ? " Causal: a query sees no later key, so the upper triangle is empty." : ""}
          </span>
        )}
      </p>
      <div className="tl-heatmap-area" ref={wrap}>
        <canvas
          ref={canvas}
          className="tl-heatmap-canvas"
          role="img"
          data-cell={layout?.cell}
          aria-label={`Attention weights of ${map.layer}, ${map.heads} heads, ${T} queries by ${S} keys`}
          data-testid="attention-heatmap"
          data-heads={map.heads}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(undefined)}
        />
      </div>
    </div>
  );
}
