"use client";
/** A small inline SVG of a graph: boxes coloured by block category, wires as curves. */
import { useMemo } from "react";
import type { GraphDocument } from "@/graph";
import { thumbnailLayout } from "./thumbnail";

export function GraphThumbnail({ graph }: { graph: GraphDocument }) {
  const layout = useMemo(() => thumbnailLayout(graph), [graph]);
  return (
    <svg
      className="tl-thumb"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={`${layout.nodes.length} blocks in ${layout.columns} columns`}
    >
      {layout.edges.map((e) => {
        const bend = Math.max(6, (e.x2 - e.x1) / 2);
        return (
          <path
            key={e.id}
            className="tl-thumb-edge"
            d={`M${e.x1},${e.y1} C${e.x1 + bend},${e.y1} ${e.x2 - bend},${e.y2} ${e.x2},${e.y2}`}
          />
        );
      })}
      {layout.nodes.map((n) => (
        <rect key={n.id} className={`tl-thumb-node tl-thumb-${n.category}`} x={n.x} y={n.y} width={n.width} height={n.height} rx={3}>
          <title>{n.title}</title>
        </rect>
      ))}
    </svg>
  );
}
