"use client";
/** One block on the canvas: name, key params, output shape, parameter count, ports, problems. */
import { Handle, Position } from "@xyflow/react";
import type { Node, NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { BlockData, PortView } from "./toFlow";

function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return n.toLocaleString("en-US");
}

function Ports({ ports, side }: { ports: PortView[]; side: "in" | "out" }) {
  return (
    <>
      {ports.map((p, i) => {
        const top = `${((i + 1) / (ports.length + 1)) * 100}%`;
        return (
          <Handle
            key={p.name}
            id={p.name}
            type={side === "in" ? "target" : "source"}
            position={side === "in" ? Position.Left : Position.Right}
            style={{ top }}
            className="tl-handle"
            data-testid={`handle-${side}-${p.name}`}
          >
            {p.label && <span className={`tl-port-label tl-port-${side}`}>{p.label}</span>}
          </Handle>
        );
      })}
    </>
  );
}

function BlockNodeView({ id, data, selected }: NodeProps<Node<BlockData>>) {
  const cls = ["tl-node", `tl-cat-${data.category}`, data.severity ? `tl-${data.severity}` : "", selected ? "tl-selected" : "", data.type === "Group" ? "tl-group" : ""].join(" ");
  return (
    <div className={cls} data-testid={`node-${id}`} data-title={data.title} title={data.messages.join("\n") || undefined}>
      <Ports ports={data.inputs} side="in" />
      <div className="tl-node-head">
        <span className="tl-node-title">{data.title}</span>
        {data.repeat !== undefined && <span className="tl-repeat">×{data.repeat}</span>}
        {data.severity && (
          <span className={`tl-badge tl-badge-${data.severity}`} aria-label={data.severity}>
            {data.severity === "error" ? "!" : "?"}
          </span>
        )}
      </div>
      <div className="tl-node-summary">{data.summary}</div>
      <div className="tl-node-foot">
        <span className="tl-node-shape" data-testid={`shape-${id}`}>{data.shape ?? "—"}</span>
        {data.params > 0 && <span className="tl-node-params">{formatCount(data.params)} params</span>}
      </div>
      <Ports ports={data.outputs} side="out" />
    </div>
  );
}

export const BlockNode = memo(BlockNodeView);
