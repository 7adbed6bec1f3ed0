"use client";
import dynamic from "next/dynamic";

// The editor lives in the browser only (canvas, IndexedDB, workers).
const EditorPage = dynamic(() => import("@/components/shell/EditorPage"), {
  ssr: false,
  loading: () => <div className="tl-loading">Loading Tensorloom…</div>,
});

export default function Home() {
  return <EditorPage />;
}
