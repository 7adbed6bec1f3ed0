/**
 * A block's formula typeset with KaTeX. It takes the block definition, not a string, so the
 * TeX can only come from the block registry (`BlockDef.formula`), never from a document:
 * the HTML KaTeX returns is ours to trust. KaTeX (~75 KB gzipped) loads with the first formula
 * shown, not with the page; until then the TeX source stands in.
 */
import { useEffect, useState } from "react";
import type { BlockDef } from "@/graph";

type Katex = typeof import("katex").default;
let katex: Promise<Katex> | undefined;

function loadKatex(): Promise<Katex> {
  katex ??= import("katex").then(
    (m) => m.default,
    (err: unknown) => {
      katex = undefined;
      throw err;
    },
  );
  return katex;
}

/** The block's formula as KaTeX HTML (loading KaTeX on first use). */
export async function typeset(block: BlockDef): Promise<string> {
  const k = await loadKatex();
  return k.renderToString(block.formula, { throwOnError: false, displayMode: true });
}

export function Formula({ block }: { block: BlockDef }) {
  const [shown, setShown] = useState<{ block: BlockDef; html: string } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    typeset(block).then(
      (html) => live && setShown({ block, html }),
      () => undefined, // offline chunk failure: the TeX source stays on screen
    );
    return () => {
      live = false;
    };
  }, [block]);
  if (shown?.block !== block)
    return (
      <div className="tl-formula tl-formula-source" data-testid="inspector-formula" aria-busy="true">
        <code>{block.formula}</code>
      </div>
    );
  return <div className="tl-formula" data-testid="inspector-formula" dangerouslySetInnerHTML={{ __html: shown.html }} />;
}
