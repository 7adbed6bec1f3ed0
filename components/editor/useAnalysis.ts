/**
 * Analysis of the current document, recomputed only when its structure changes: moving a
 * node creates new node objects but keeps their params, so a drag never re-analyses.
 * Every view of one document (canvas, inspector, cost, problems) shares one analysis.
 */
import { useRef } from "react";
import { analyse } from "@/graph";
import type { Analysis, GraphDocument } from "@/graph";

/** Analyses by document object: documents are immutable, so an entry never goes stale. */
const byDocument = new WeakMap<GraphDocument, Analysis>();

function analysisOf(doc: GraphDocument): Analysis {
  let analysis = byDocument.get(doc);
  if (!analysis) {
    analysis = analyse(doc, { batch: 1 });
    byDocument.set(doc, analysis);
  }
  return analysis;
}

function sameStructure(a: GraphDocument, b: GraphDocument): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.groups !== b.groups || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return n.id === m.id && n.type === m.type && n.params === m.params && n.label === m.label;
  });
}

/**
 * `doc`, or the last document this hook returned when only positions differ: a stable key for
 * work that ignores where blocks sit (analysis, cost tables, charts).
 */
export function useStructure(doc: GraphDocument): GraphDocument {
  const last = useRef(doc);
  if (!sameStructure(last.current, doc)) last.current = doc;
  return last.current;
}

export function useAnalysis(doc: GraphDocument): Analysis {
  return analysisOf(useStructure(doc));
}
