"use client";
/** A wire with its tensor shape on it; hovering the label shows the full type. */
import { BaseEdge, EdgeLabelRenderer, getBezierPath } from "@xyflow/react";
import type { Edge, EdgeProps } from "@xyflow/react";
import { memo } from "react";
import type { ShapeEdgeData } from "./toFlow";

function ShapeEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd }: EdgeProps<Edge<ShapeEdgeData>>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
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
