"use client";
/** Client entry: builds the starting document (the MLP preset, laid out) and mounts the editor. */
import { useEffect, useState } from "react";
import type { GraphDocument } from "@/graph";
import { buildPreset } from "@/presets";
import { layoutDocument } from "../layout/autoLayout";
import { Editor } from "./Editor";

export default function EditorPage() {
  const [initial, setInitial] = useState<GraphDocument | undefined>(undefined);
  useEffect(() => {
    const r = buildPreset("mlp");
    if (!r.ok) return;
    layoutDocument(r.graph).then(setInitial, () => setInitial(r.graph));
  }, []);
  if (!initial) return <div className="tl-loading">Loading Tensorloom…</div>;
  return <Editor initial={initial} />;
}
