"use client";
/**
 * The React Flow canvas over the document scope being edited. Node positions live in local
 * state while dragging and reach the document once, at drag stop (one undo step).
 */
import { Background, Controls, MiniMap, ReactFlow, applyNodeChanges, useReactFlow, useStore } from "@xyflow/react";
import type { Connection, Edge, EdgeChange, InternalNode, Node, NodeChange, ReactFlowState } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { DragEvent, MouseEvent as ReactMouseEvent } from "react";
import { addNode, canConnect, connect, disconnect, moveNodes, newNodeId, removeNodes } from "@/graph";
import { openFromFile } from "../documents/openDocument";
import { useEditor, useEditorStore } from "../editor/context";
import type { EditorStore } from "../editor/store";
import { useAnalysis } from "../editor/useAnalysis";
import { BlockNode } from "./BlockNode";
import { ATTRIBUTION_ROOM, minimapCorner } from "./minimapPlace";
import type { MinimapCorner, Rect } from "./minimapPlace";
import { OverviewEdges } from "./OverviewEdges";
import { FAR_ZOOM, FIT_VIEW } from "./zoom";
import { QuickAdd } from "./QuickAdd";
import { ShapeEdge } from "./ShapeEdge";
import { reuseEdges, reuseNodes, scopeOf, toFlowEdges, toFlowNodes } from "./toFlow";
import type { BlockData, ShapeEdgeData } from "./toFlow";

// Props handed to <ReactFlow> keep one identity: React Flow copies each changed prop into its
// store with a separate update, which re-runs every node's and wire's selectors (a drag
// re-renders this component on every mouse move).
const nodeTypes = { block: BlockNode };
const edgeTypes = { shape: ShapeEdge };
const minimapColor = (n: Node) => `var(--cat-${(n.data as BlockData).category})`;
const MINIMAP_STYLE = { width: 168, height: 110 };
const MINIMAP_STYLE_BELOW_ATTRIBUTION = { ...MINIMAP_STYLE, marginTop: 15 + ATTRIBUTION_ROOM };
const DELETE_KEYS = ["Delete", "Backspace"];
const NO_EDGES: Edge<ShapeEdgeData>[] = [];
export const BLOCK_MIME = "application/x-tensorloom-block";

/**
 * Where the minimap goes, or "" for nowhere. Only while some block lies (partly) outside the
 * view is a minimap worth a corner (with the whole graph on screen it would only cover blocks),
 * and only a corner with no block under it (minimapPlace.ts): it never takes a block's clicks.
 * A string, so the canvas re-renders only when the answer changes.
 */
function minimapPlace(s: ReactFlowState): MinimapCorner | "" {
  const [tx, ty, zoom] = s.transform;
  const onScreen = (n: InternalNode): Rect => {
    const { x, y } = n.internals.positionAbsolute;
    return { x: x * zoom + tx, y: y * zoom + ty, width: (n.measured.width ?? 0) * zoom, height: (n.measured.height ?? 0) * zoom };
  };
  // Runs on every frame of a drag: no allocation until a block is found out of view.
  let hidden = false;
  for (const n of s.nodeLookup.values()) {
    const r = onScreen(n);
    if (r.x < 0 || r.y < 0 || r.x + r.width > s.width || r.y + r.height > s.height) {
      hidden = true;
      break;
    }
  }
  return hidden ? (minimapCorner(Array.from(s.nodeLookup.values(), onScreen), s, MINIMAP_STYLE) ?? "") : "";
}

/** Folds React Flow's select changes (nodes or edges) into the store's selection. */
function applySelection(store: EditorStore, changes: (NodeChange<Node<BlockData>> | EdgeChange<Edge>)[]) {
  const sel = changes.filter((c) => c.type === "select");
  if (!sel.length) return;
  const next = new Set(store.getState().selection);
  for (const c of sel) {
    if (c.selected) next.add(c.id);
    else next.delete(c.id);
  }
  store.getState().select([...next]);
}

interface Hint {
  x: number;
  y: number;
  text: string;
}

export function Canvas() {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const scope = useEditor((s) => s.scope);
  const selection = useEditor((s) => s.selection);
  const edit = useEditor((s) => s.edit);
  const analysis = useAnalysis(doc);
  const flow = useReactFlow();
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const minimap = useStore(minimapPlace);
  const selected = useMemo(() => new Set(selection), [selection]);

  const [nodes, setNodes] = useState<Node<BlockData>[]>([]);
  useEffect(() => {
    setNodes((prev) => reuseNodes(prev, toFlowNodes(doc, scope, analysis, selected)));
  }, [doc, scope, analysis, selected]);
  const shownEdges = useRef<Edge<ShapeEdgeData>[]>([]);
  const edges = useMemo(
    () =>
      (shownEdges.current = reuseEdges(
        shownEdges.current,
        toFlowEdges(doc, scope, analysis).map((e) => ({ ...e, selected: selected.has(e.id) })),
      )),
    [doc, scope, analysis, selected],
  );

  // React Flow's fitView prop fits once, when the first nodes appear: only wanted when the page
  // starts with a document, never when the first block is dropped onto an empty canvas.
  // If the document is replaced by an empty one before that fit ran (a quick New after the page
  // opened), the queued fit is dropped: React Flow would otherwise zoom onto the first dropped block.
  const [fitOnStart, setFitOnStart] = useState(() => scopeOf(doc, scope).nodes.length > 0);
  if (fitOnStart && scopeOf(doc, scope).nodes.length === 0) setFitOnStart(false);
  const [hint, setHint] = useState<Hint | undefined>(undefined);
  const pointer = useRef({ x: 0, y: 0 });
  const [quickAdd, setQuickAdd] = useState<{ x: number; y: number } | undefined>(undefined);

  const onNodesChange = useCallback(
    (changes: NodeChange<Node<BlockData>>[]) => {
      setNodes((ns) =>
        applyNodeChanges(
          changes.filter((c) => c.type !== "remove"),
          ns,
        ),
      );
      applySelection(store, changes);
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<Edge>[]) => {
      applySelection(store, changes);
    },
    [store],
  );

  const onNodeDragStop = useCallback(
    (_: MouseEvent | TouchEvent, _node: Node<BlockData>, dragged: Node<BlockData>[]) => {
      const positions = Object.fromEntries(dragged.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]));
      edit((d) => moveNodes(d, { positions, scope }));
    },
    [edit, scope],
  );

  const onDelete = useCallback(
    ({ nodes: ns, edges: es }: { nodes: Node[]; edges: Edge[] }) => {
      edit((d) => removeNodes(disconnect(d, { ids: es.map((e) => e.id), scope }), { ids: ns.map((n) => n.id), scope }));
      store.getState().select([]);
    },
    [edit, scope, store],
  );

  const wire = (c: Connection | Edge) => ({
    source: c.source,
    sourcePort: c.sourceHandle ?? "",
    target: c.target,
    targetPort: c.targetHandle ?? "",
    scope,
  });

  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      const check = canConnect(store.getState().doc, wire(c));
      setHint(check.ok ? undefined : { ...pointer.current, text: check.reason });
      return check.ok;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store, scope],
  );

  const onConnectEnd = useCallback(() => setHint(undefined), []);

  const onConnect = useCallback(
    (c: Connection) => {
      setHint(undefined);
      edit((d) => connect(d, wire(c)));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [edit, scope],
  );

  const addAt = useCallback(
    (type: string, screen: { x: number; y: number }) => {
      const position = flow.screenToFlowPosition(screen);
      const d0 = store.getState().doc;
      const id = newNodeId(d0, type, scope);
      if (edit((d) => addNode(d, { type, id, position: { x: Math.round(position.x), y: Math.round(position.y) }, scope })))
        store.getState().select([id]);
    },
    [edit, flow, scope, store],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      if (e.dataTransfer.files.length) {
        e.preventDefault();
        void openFromFile(e.dataTransfer.files[0], store);
        return;
      }
      const type = e.dataTransfer.getData(BLOCK_MIME);
      if (!type) return;
      e.preventDefault();
      addAt(type, { x: e.clientX, y: e.clientY });
    },
    [addAt, store],
  );

  const onNodeDoubleClick = useCallback(
    (_: ReactMouseEvent, node: Node) => {
      const n = (
        store.getState().scope ? store.getState().doc.groups.find((g) => g.id === scope)?.nodes : store.getState().doc.nodes
      )?.find((x) => x.id === node.id);
      if (n?.type === "Group") store.getState().enterScope(String(n.params.group));
    },
    [store, scope],
  );

  return (
    <div
      className={far ? "tl-canvas tl-canvas-far" : "tl-canvas"}
      data-testid="canvas"
      onMouseMove={(e) => {
        pointer.current = { x: e.clientX, y: e.clientY };
        if (hint) setHint({ ...hint, x: e.clientX, y: e.clientY });
      }}
      onDoubleClick={(e) => {
        if ((e.target as HTMLElement).classList.contains("react-flow__pane")) setQuickAdd({ x: e.clientX, y: e.clientY });
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(BLOCK_MIME) || e.dataTransfer.types.includes("Files")) {
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
        }
      }}
      onDrop={onDrop}
    >
      <ReactFlow
        nodes={nodes}
        edges={far ? NO_EDGES : edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onDelete={onDelete}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={onNodeDoubleClick}
        zoomOnDoubleClick={false}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode="Shift"
        selectionKeyCode="Shift"
        minZoom={0.1}
        maxZoom={2.5}
        onlyRenderVisibleElements={nodes.length > 300}
        // React Flow's maintainers ask that its small attribution link stays unless one has a
        // Pro subscription; top right keeps it clear of the controls and the minimap.
        attributionPosition="top-right"
        fitView={fitOnStart}
        fitViewOptions={FIT_VIEW}
      >
        <Background gap={20} size={1} />
        {far && <OverviewEdges edges={edges} />}
        {/* Only while part of the graph is out of view, in a corner free of blocks, and not in
            the overview (it would re-draw every block on each frame of a drag there). */}
        {minimap && !far && (
          <MiniMap
            pannable
            zoomable
            className="tl-minimap"
            position={minimap}
            style={minimap === "top-right" ? MINIMAP_STYLE_BELOW_ATTRIBUTION : MINIMAP_STYLE}
            nodeColor={minimapColor}
            nodeStrokeWidth={0}
            data-testid="minimap"
          />
        )}
        <Controls showInteractive={false} fitViewOptions={FIT_VIEW} />
      </ReactFlow>
      {hint && (
        <div className="tl-connect-hint" style={{ left: hint.x + 14, top: hint.y + 14 }} data-testid="connect-hint">
          {hint.text}
        </div>
      )}
      {quickAdd && (
        <QuickAdd
          at={quickAdd}
          onPick={(type) => {
            addAt(type, quickAdd);
            setQuickAdd(undefined);
          }}
          onClose={() => setQuickAdd(undefined)}
        />
      )}
    </div>
  );
}
