"use client";
/** A wire with its tensor shape on it; hovering the label shows the full type. */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, Position } from "@xyflow/react";
import type { Edge, EdgeProps } from "@xyflow/react";
import { memo } from "react";
import type { ShapeEdgeData } from "./toFlow";

/**
 * A wire between two handles on the same side (where a wrapped row turns: out of the right
 * side of a row's last block, into the right side of the next row's first block below it): a
 * C-shaped curve that bulges out beside the blocks, deeper the further it goes, with its label
 * at its outermost point. (React Flow's bezier draws a straight line along the blocks' edges
 * there, over the handles of any block in between.)
 */
export function turnPath(sx: number, sy: number, tx: number, ty: number, side: "left" | "right"): [string, number, number] {
  const bulge = (side === "right" ? 1 : -1) * (32 + 0.3 * Math.abs(ty - sy));
  const x = Math.max(sx, tx) * (side === "right" ? 1 : 0) + Math.min(sx, tx) * (side === "right" ? 0 : 1) + bulge;
  return [`M${sx},${sy} C${x},${sy} ${x},${ty} ${tx},${ty}`, (sx + tx) / 8 + (3 * x) / 4, (sy + ty) / 2];
}

function ShapeEdgeView({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  selected,
  markerEnd,
}: EdgeProps<Edge<ShapeEdgeData>>) {
  const [path, labelX, labelY] =
    sourcePosition === targetPosition && (sourcePosition === Position.Left || sourcePosition === Position.Right)
      ? turnPath(sourceX, sourceY, targetX, targetY, sourcePosition === Position.Right ? "right" : "left")
      : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? "tl-edge-selected" : undefined} />
      {data?.label && (
        <EdgeLabelRenderer>
          {/* Placed by left/top on a zero-size anchor that centres the label, not by a CSS
              transform: hundreds of transformed labels each become a paint chunk of their own,
              and the browser re-layerizes all of them on every frame of a drag. */}
          <div className="tl-edge-anchor" style={{ left: labelX, top: labelY }}>
            <div className="tl-edge-label nodrag nopan" title={data.full} data-testid={`edge-label-${id}`}>
              {data.label}
            </div>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
