"use client";
/**
 * The right-hand panel: the selected block's settings, shapes, cost and explanation. With
 * nothing selected it says how to start; with several blocks it shows their totals.
 */
import { getBlock } from "@/graph";
import type { GraphDocument, GraphNode, ScopeAnalysis } from "@/graph";
import { diagnosticsIn, scopeAnalysis, scopeOf } from "../canvas/toFlow";
import { useEditor } from "../editor/context";
import { useAnalysis } from "../editor/useAnalysis";
import { formatBytes, formatExact, formatFlops, formatParams } from "../dock/format";
import { NodeInspector } from "./NodeInspector";

function titleOf(doc: GraphDocument, n: GraphNode): string {
  const group = n.type === "Group" ? doc.groups.find((g) => g.id === n.params.group) : undefined;
  return n.label || group?.name || getBlock(n.type)?.label || n.type;
}

function EmptyState({ blocks, params }: { blocks: number; params: number }) {
  return (
    <div className="tl-inspector-body tl-inspector-empty">
      <h2>No block selected</h2>
      <p>Click a block on the canvas to see its settings, the shapes on its wires, its cost and the formula behind it.</p>
      <ul className="tl-tips">
        <li>Drag a block in from the palette to add one.</li>
        <li>Shift-click, or Shift-drag a box, to select several and see their totals.</li>
        <li>Double-click a repeated block to edit its body.</li>
      </ul>
      <p className="tl-muted tl-small">
        Here: {blocks} block{blocks === 1 ? "" : "s"}, {formatParams(params)} parameters.
      </p>
    </div>
  );
}

function MultiSelection({
  doc,
  nodes,
  sa,
  onPick,
}: {
  doc: GraphDocument;
  nodes: GraphNode[];
  sa: ScopeAnalysis | undefined;
  onPick(id: string): void;
}) {
  const cost = (n: GraphNode) => sa?.nodes[n.id]?.cost;
  const sum = (pick: (c: NonNullable<ReturnType<typeof cost>>) => number) => nodes.reduce((a, n) => a + (cost(n) ? pick(cost(n)!) : 0), 0);
  const params = sum((c) => c.params);
  const flops = sum((c) => c.flops);
  const bytes = sum((c) => c.activationBytes);
  return (
    <div className="tl-inspector-body">
      <header className="tl-inspector-head">
        <div className="tl-inspector-title">
          <h2 data-testid="inspector-multi">{nodes.length} blocks selected</h2>
          <p>Totals of the selection</p>
        </div>
      </header>
      <section className="tl-inspector-section" aria-label="Totals">
        <dl className="tl-kv tl-kv-num">
          <div>
            <dt>Parameters</dt>
            <dd title={`${formatExact(params)} parameters`}>{formatParams(params)}</dd>
          </div>
          <div>
            <dt>Forward FLOPs</dt>
            <dd title={`${formatExact(flops)} FLOPs for one sample`}>
              {formatFlops(flops)} <span className="tl-muted">/ sample</span>
            </dd>
          </div>
          <div>
            <dt>Activations</dt>
            <dd title={`${formatExact(bytes)} bytes at batch 1`}>
              {formatBytes(bytes)} <span className="tl-muted">at B=1</span>
            </dd>
          </div>
        </dl>
      </section>
      <section className="tl-inspector-section" aria-label="Selected blocks">
        <h3>Selected</h3>
        <ul className="tl-pick-list">
          {nodes.map((n) => (
            <li key={n.id}>
              <button type="button" className="tl-pick" onClick={() => onPick(n.id)} title={`Inspect ${n.id} alone`}>
                <span className={`tl-cat-dot tl-cat-${getBlock(n.type)?.category ?? "core"}`} aria-hidden />
                <span className="tl-pick-name">
                  {titleOf(doc, n)} <span className="tl-muted tl-mono">{n.id}</span>
                </span>
                <span className="tl-pick-num">{formatParams(cost(n)?.params ?? 0)}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export function Inspector() {
  const doc = useEditor((s) => s.doc);
  const scope = useEditor((s) => s.scope);
  const selection = useEditor((s) => s.selection);
  const select = useEditor((s) => s.select);
  const analysis = useAnalysis(doc);
  const sa = scopeAnalysis(analysis, scope);
  const here = scopeOf(doc, scope).nodes;
  // The selection also holds wires; the inspector shows nodes of the scope being edited.
  const chosen = new Set(selection);
  const nodes = here.filter((n) => chosen.has(n.id));

  let body;
  if (nodes.length === 0) {
    const params = here.reduce((a, n) => a + (sa?.nodes[n.id]?.cost.params ?? 0), 0);
    body = <EmptyState blocks={here.length} params={params} />;
  } else if (nodes.length === 1) {
    const node = nodes[0];
    const diagnostics = diagnosticsIn(analysis, scope).filter((d) => d.nodeId === node.id);
    body = <NodeInspector key={`${scope ?? ""}/${node.id}`} node={node} info={sa?.nodes[node.id]} diagnostics={diagnostics} />;
  } else {
    body = <MultiSelection doc={doc} nodes={nodes} sa={sa} onPick={(id) => select([id])} />;
  }

  return (
    <aside className="tl-inspector" data-testid="inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}
