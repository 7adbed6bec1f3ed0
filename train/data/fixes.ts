/**
 * Makes the fixes `checkTraining` proposes: all of a fix's param edits (and its dataset, if it
 * changes the data) as one new document, so the editor records them as one undo step.
 */
import { setParams } from "../../graph";
import type { DatasetSpec, EditResult, GraphDocument, TrainConfig } from "../../graph";
import type { DataFix } from "./check";

/**
 * The document with every edit of `fixes` made; `training` is the settings in force (written to
 * `meta.training` with the new dataset when a fix changes the data). Refused as a whole when
 * one edit is refused.
 * @example applyDataFixes(gpt, [vocabFix], settings) // { ok: true, graph } with tokens, wte and lmHead at 126
 */
export function applyDataFixes(
  doc: GraphDocument,
  fixes: readonly DataFix[],
  training: { dataset: DatasetSpec; config: TrainConfig },
): EditResult {
  let graph = doc;
  let dataset: DatasetSpec | undefined;
  for (const fix of fixes) {
    for (const edit of fix.edits) {
      const r = setParams(graph, { id: edit.nodeId, params: edit.params, scope: edit.scope });
      if (!r.ok) return r;
      graph = r.graph;
    }
    if (fix.dataset) dataset = fix.dataset;
  }
  if (dataset) graph = { ...graph, meta: { ...graph.meta, training: { dataset, config: training.config } } };
  return { ok: true, graph };
}
