"use client";
/**
 * The Code tab as the dock mounts it. The panel, the generator and Monaco load only when the
 * tab is first opened, so none of them weighs on the editor's first load; after that the
 * panel stays mounted (hidden behind other tabs), so the editor keeps its place and Monaco
 * starts once.
 */
import dynamic from "next/dynamic";
import { useState } from "react";

const CodePanel = dynamic(() => import("./CodePanel").then((m) => m.CodePanel), {
  ssr: false,
  loading: () => <p className="tl-muted tl-pad">Loading the code view…</p>,
});

export function CodeTab({ visible }: { visible: boolean }) {
  const [opened, setOpened] = useState(visible);
  if (visible && !opened) setOpened(true);
  if (!opened) return null;
  return (
    <div className="tl-code-host" hidden={!visible}>
      <CodePanel />
    </div>
  );
}
