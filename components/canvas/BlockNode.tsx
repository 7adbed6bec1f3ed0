"use client";
/**
 * One block on the canvas: name, key params, output shape, parameter count, ports, problems.
 * A side with several ports lists them as named rows under the title (each handle beside its
 * name), so the names never sit over the title or the shape; a single port sits mid-height.
 */
import { Handle, Position, useUpdateNodeInternals } from "@xyflow/react";
import type { Node, NodeProps } from "@xyflow/react";
import { memo, useEffect, useRef } from "react";
import type { BlockData, PortView } from "./toFlow";

function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return n.toLocaleString("en-US");
}

type Side = "in" | "out";

function PortHandle({ port, side, flipped }: { port: PortView; side: Side; flipped: boolean }) {
  const right = (side === "out") !== flipped;
  return (
    <Handle
      id={port.name}
      type={side === "in" ? "target" : "source"}
      position={right ? Position.Right : Position.Left}
      className="tl-handle"
      data-testid={`handle-${side}-${port.name}`}
    />
  );
}

/** Named ports, one row each: inputs on the block's input side, outputs on the other. */
function PortRows({ inputs, outputs, flipped }: { inputs: PortView[]; outputs: PortView[]; flipped: boolean }) {
  const ins = inputs.length > 1 ? inputs : [];
  const outs = outputs.length > 1 ? outputs : [];
  const rows = Math.max(ins.length, outs.length);
  if (rows === 0) return null;
  return (
    <div className={flipped ? "tl-port-rows tl-flipped" : "tl-port-rows"}>
      {Array.from({ length: rows }, (_, i) => (
        <div className="tl-port-row" key={i}>
          {ins[i] && <PortHandle port={ins[i]} side="in" flipped={flipped} />}
          <span className="tl-port-label tl-port-in">{ins[i]?.label}</span>
          <span className="tl-port-label tl-port-out">{outs[i]?.label}</span>
          {outs[i] && <PortHandle port={outs[i]} side="out" flipped={flipped} />}
        </div>
      ))}
    </div>
  );
}

function BlockNodeView({ id, data, selected }: NodeProps<Node<BlockData>>) {
  const flipped = data.flipped === true;
  const updateInternals = useUpdateNodeInternals();
  // Handles that move (the block turned round, ports added or removed) must be measured again;
  // React Flow measures them itself when the block first appears.
  const handles = `${flipped}|${data.inputs.map((p) => p.name).join(",")}|${data.outputs.map((p) => p.name).join(",")}`;
  const measured = useRef(handles);
  useEffect(() => {
    if (measured.current === handles) return;
    measured.current = handles;
    updateInternals(id);
  }, [id, handles, updateInternals]);
  const cls = [
    "tl-node",
    `tl-cat-${data.category}`,
    data.severity ? `tl-${data.severity}` : "",
    selected ? "tl-selected" : "",
    data.type === "Group" ? "tl-group" : "",
  ].join(" ");
  return (
    <div
      className={cls}
      data-testid={`node-${id}`}
      data-title={data.title}
      data-flipped={flipped || undefined}
      title={data.messages.join("\n") || undefined}
    >
      {data.inputs.length === 1 && <PortHandle port={data.inputs[0]} side="in" flipped={flipped} />}
      <div className="tl-node-head">
        <span className="tl-node-title">{data.title}</span>
        {data.repeat !== undefined && <span className="tl-repeat">×{data.repeat}</span>}
        {data.severity && (
          <span className={`tl-badge tl-badge-${data.severity}`} aria-label={data.severity}>
            {data.severity === "error" ? "!" : "?"}
          </span>
        )}
      </div>
      <PortRows inputs={data.inputs} outputs={data.outputs} flipped={flipped} />
      <div className="tl-node-summary">{data.summary}</div>
      <div className="tl-node-foot">
        <span className="tl-node-shape" data-testid={`shape-${id}`}>
          {data.shape ?? "—"}
        </span>
        {data.params > 0 && <span className="tl-node-params">{formatCount(data.params)} params</span>}
      </div>
      {data.outputs.length === 1 && <PortHandle port={data.outputs[0]} side="out" flipped={flipped} />}
    </div>
  );
}

export const BlockNode = memo(BlockNodeView);
