/**
 * Analysis of the current document, recomputed only when its structure changes: moving a
 * node creates new node objects but keeps their params, so a drag never re-analyses.
 */
import { useRef } from "react";
import { analyse } from "@/graph";
import type { Analysis, GraphDocument } from "@/graph";

function sameStructure(a: GraphDocument, b: GraphDocument): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.groups !== b.groups || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return n.id === m.id && n.type === m.type && n.params === m.params && n.label === m.label;
  });
}

export function useAnalysis(doc: GraphDocument): Analysis {
  const cache = useRef<{ doc: GraphDocument; analysis: Analysis } | undefined>(undefined);
  if (!cache.current || !sameStructure(cache.current.doc, doc)) {
    cache.current = { doc, analysis: analyse(doc, { batch: 1 }) };
  }
  return cache.current.analysis;
}
