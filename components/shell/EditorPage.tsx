"use client";
/**
 * Client entry: builds the starting document (the MLP preset, laid out) and mounts the editor.
 * The MLP is a chain, laid out without elk so that elkjs stays out of the page's first load.
 */
import { useEffect, useState } from "react";
import { moveNodes } from "@/graph";
import type { GraphDocument } from "@/graph";
import { buildPreset } from "@/presets";
import { chainLayout } from "../layout/chainLayout";
import { Editor } from "./Editor";

async function startingDocument(): Promise<GraphDocument | undefined> {
  const r = buildPreset("mlp");
  if (!r.ok) return undefined;
  const positions = chainLayout(r.graph.nodes, r.graph.edges);
  if (positions && r.graph.groups.length === 0) return moveNodes(r.graph, { positions });
  const { layoutDocument } = await import("../layout/autoLayout");
  return layoutDocument(r.graph).catch(() => r.graph);
}

export default function EditorPage() {
  const [initial, setInitial] = useState<GraphDocument | undefined>(undefined);
  useEffect(() => {
    void startingDocument().then(setInitial);
  }, []);
  if (!initial) return <div className="tl-loading">Loading Tensorloom…</div>;
  return <Editor initial={initial} />;
}
