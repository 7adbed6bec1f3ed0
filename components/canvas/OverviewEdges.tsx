"use client";
/**
 * The wires of the overview (zoomed out below `FAR_ZOOM`), drawn on one screen-sized canvas
 * under the blocks from React Flow's measured handle positions. React Flow puts each wire in
 * an `<svg>` of its own, and even one svg of hundreds of paths spanning the graph makes the
 * browser re-layerize every block on each frame of a drag (measured: most of the frame with
 * 500 blocks). In the overview a wire is a thin unlabelled line, which a canvas draws in a
 * millisecond.
 */
import { useStore } from "@xyflow/react";
import type { Edge, InternalNode, ReactFlowState, XYPosition } from "@xyflow/react";
import { useLayoutEffect, useRef } from "react";

type Side = "source" | "target";

/** Where a wire meets a block: the middle of the handle's outer side, as React Flow draws it. */
function endpoint(node: InternalNode | undefined, handle: string | null | undefined, side: Side): XYPosition | undefined {
  const bounds = node?.internals.handleBounds?.[side];
  const h = bounds?.find((b) => b.id === handle) ?? bounds?.[0];
  if (!node || !h) return undefined;
  const at = node.internals.positionAbsolute;
  return { x: at.x + h.x + (side === "source" ? h.width : 0), y: at.y + h.y + h.height / 2 };
}

/** How far a wire's bezier control points reach out of its handles: React Flow's default curve. */
function reach(dx: number): number {
  return dx >= 0 ? 0.5 * dx : 0.25 * 25 * Math.sqrt(-dx);
}

const nodesOf = (s: ReactFlowState) => s.nodes;
const lookupOf = (s: ReactFlowState) => s.nodeLookup;
const transformOf = (s: ReactFlowState) => s.transform;
const widthOf = (s: ReactFlowState) => s.width;
const heightOf = (s: ReactFlowState) => s.height;

export function OverviewEdges({ edges }: { edges: readonly Edge[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const nodes = useStore(nodesOf); // a new array whenever a block moves or is measured
  const lookup = useStore(lookupOf);
  const [x, y, zoom] = useStore(transformOf);
  const width = useStore(widthOf);
  const height = useStore(heightOf);
  const ratio = typeof window === "undefined" ? 1 : window.devicePixelRatio || 1;

  useLayoutEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx || !canvas.current) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.current.width, canvas.current.height);
    ctx.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * x, ratio * y);
    ctx.strokeStyle = getComputedStyle(canvas.current).color;
    ctx.lineWidth = 1.2 / zoom; // 1.2 px on screen at any zoom
    ctx.beginPath();
    for (const e of edges) {
      const s = endpoint(lookup.get(e.source), e.sourceHandle, "source");
      const t = endpoint(lookup.get(e.target), e.targetHandle, "target");
      if (!s || !t) continue;
      const r = reach(t.x - s.x);
      ctx.moveTo(s.x, s.y);
      ctx.bezierCurveTo(s.x + r, s.y, t.x - r, t.y, t.x, t.y);
    }
    ctx.stroke();
  }, [edges, nodes, lookup, x, y, zoom, width, height, ratio]);

  return (
    <canvas
      ref={canvas}
      className="tl-overview-edges"
      data-testid="overview-edges"
      aria-hidden="true"
      width={Math.round(width * ratio)}
      height={Math.round(height * ratio)}
      style={{ width, height }}
    />
  );
}
