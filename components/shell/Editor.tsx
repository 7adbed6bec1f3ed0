"use client";
/**
 * The whole editor page: top bar, palette, canvas, inspector and the bottom dock
 * (Cost, Train, Code, Problems). Owns the one editor store of the page.
 */
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { getScope } from "@/graph";
import type { GraphDocument } from "@/graph";
import { Canvas } from "../canvas/Canvas";
import { FIT_VIEW } from "../canvas/zoom";
import { CodeTab } from "../code/CodeTab";
import { CostTab } from "../dock/CostTab";
import { ProblemsCount, ProblemsTab } from "../dock/ProblemsTab";
import { DocumentActions } from "../documents/DocumentActions";
import { StorageBanner } from "../documents/StorageBanner";
import { useAutosave } from "../documents/useAutosave";
import { EditorContext, useEditor, useEditorStore } from "../editor/context";
import { createEditorStore } from "../editor/store";
import type { DockTab } from "../editor/store";
import { Inspector } from "../inspector/Inspector";
import { Palette } from "../palette/Palette";
import { TrainTab } from "../train/TrainTab";
import { Breadcrumb } from "./Breadcrumb";
import { DockResizer } from "./DockResizer";
import { detectBackend } from "./backend";
import { TopBar } from "./TopBar";
import { useDockSize } from "./useDockSize";
import { useShortcuts } from "./useShortcuts";

export function Editor({ initial }: { initial: GraphDocument }) {
  const [store] = useState(() => createEditorStore(initial));
  return (
    <EditorContext.Provider value={store}>
      <ReactFlowProvider>
        <Shell />
      </ReactFlowProvider>
    </EditorContext.Provider>
  );
}

const TABS: { id: DockTab; label: string }[] = [
  { id: "cost", label: "Cost" },
  { id: "train", label: "Train" },
  { id: "code", label: "Code" },
  { id: "problems", label: "Problems" },
];

function Shell() {
  const store = useEditorStore();
  const theme = useEditor((s) => s.theme);
  const tab = useEditor((s) => s.dockTab);
  const setTab = useEditor((s) => s.setDockTab);
  const notice = useEditor((s) => s.notice);
  const scope = useEditor((s) => s.scope);
  const loads = useEditor((s) => s.loads);
  const flow = useReactFlow();
  const dock = useDockSize();
  const [backend, setBackend] = useState("…");
  // useReactFlow's functions change identity as nodes come and go; effects must not re-run then.
  const flowRef = useRef(flow);
  flowRef.current = flow;
  const fitView = useCallback(() => void flowRef.current.fitView({ ...FIT_VIEW, duration: 200 }), []);
  useShortcuts(store, fitView);
  const autosave = useAutosave();
  useEffect(() => setBackend(detectBackend()), []);
  // Entering or leaving a block, or opening a document, shows all of it.
  // (React Flow queues a fit asked for on an empty canvas until the first node appears, which
  // would zoom onto the first dropped block: so only fit when there is something to show.)
  useEffect(() => {
    const { doc, scope: current } = store.getState();
    if (!getScope(doc, current)?.nodes.length) return;
    const t = setTimeout(fitView, 80);
    return () => clearTimeout(t);
  }, [scope, loads, fitView, store]);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => store.getState().notify(undefined), notice.kind === "error" ? 6000 : 3000);
    return () => clearTimeout(t);
  }, [notice, store]);

  const focusNode = useCallback((id: string) => {
    setTimeout(() => void flowRef.current.fitView({ nodes: [{ id }], padding: 0.8, duration: 250, maxZoom: 1.2 }), 60);
  }, []);

  return (
    <div
      className={dock.maximised ? "tl-app tl-dock-max" : "tl-app"}
      data-theme={theme}
      data-testid="editor"
      style={{ ["--dock-height" as string]: `${dock.height}px` }}
    >
      <TopBar actions={<DocumentActions />} backend={backend} onLayoutDone={fitView} />
      <StorageBanner status={autosave} />
      <div className="tl-main" inert={dock.maximised}>
        <Palette />
        <div className="tl-center">
          <Breadcrumb />
          <Canvas />
          {notice && (
            <div className={`tl-notice tl-notice-${notice.kind}`} role="status" data-testid="notice">
              {notice.text}
            </div>
          )}
        </div>
        <Inspector />
      </div>
      <section className="tl-dock" data-testid="dock" data-maximised={dock.maximised || undefined}>
        <DockResizer dock={dock} />
        <div className="tl-dock-head">
          <div className="tl-tabs" role="tablist">
            {TABS.map((t) => (
              <button
                key={t.id}
                role="tab"
                type="button"
                aria-selected={tab === t.id}
                className={tab === t.id ? "tl-tab tl-tab-active" : "tl-tab"}
                onClick={() => setTab(t.id)}
                data-testid={`tab-${t.id}`}
              >
                {t.label}
                {t.id === "problems" && <ProblemsCount />}
              </button>
            ))}
          </div>
          <button
            type="button"
            className="tl-dock-max-button"
            aria-pressed={dock.maximised}
            onClick={dock.toggleMaximised}
            title={dock.maximised ? "Give the canvas its room back" : "Give the dock the whole window below the top bar"}
            data-testid="dock-maximise"
          >
            {dock.maximised ? "Restore" : "Maximise"}
          </button>
        </div>
        <div className="tl-tab-body">
          {tab === "cost" && <CostTab />}
          {tab === "problems" && <ProblemsTab onFocusNode={focusNode} />}
          <TrainTab visible={tab === "train"} />
          <CodeTab visible={tab === "code"} />
        </div>
      </section>
    </div>
  );
}
