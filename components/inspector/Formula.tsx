/**
 * A block's formula typeset with KaTeX. It takes the block definition, not a string, so the
 * TeX can only come from the block registry (`BlockDef.formula`), never from a document:
 * the HTML KaTeX returns is ours to trust.
 */
import katex from "katex";
import { useMemo } from "react";
import type { BlockDef } from "@/graph";

export function Formula({ block }: { block: BlockDef }) {
  const html = useMemo(() => katex.renderToString(block.formula, { throwOnError: false, displayMode: true }), [block]);
  return <div className="tl-formula" data-testid="inspector-formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
