/**
 * The data an exported program embeds beside its model, for the document's dataset: a few KB
 * of the built-in corpus, or the rows of its CSV table parsed as training reads them. The CLI's
 * `export` and the app's Code tab both call this, so they write the same file.
 */
import { TrainingSpecSchema } from "../../graph";
import type { GraphDocument } from "../../graph";
import { corpusSample } from "./corpus-sample";
import { parseCsv } from "./csv";

/** What `emitTypeScript`'s options take for the data. */
export interface ExportData {
  sampleText?: string;
  table?: { x: Float32Array; y: Int32Array; featureNames: string[]; classes: string[] };
}

/**
 * @example emitTypeScript(graph, exportData(graph)) // trains on the document's table or a corpus sample
 */
export function exportData(graph: GraphDocument): ExportData {
  const spec = TrainingSpecSchema.safeParse(graph.meta.training ?? {});
  if (spec.success && spec.data.dataset.kind === "csv" && spec.data.dataset.text !== "") {
    const t = parseCsv(spec.data.dataset.text, { label: spec.data.dataset.label || undefined });
    return { table: { x: t.x, y: t.y, featureNames: t.featureNames, classes: t.classes } };
  }
  return { sampleText: corpusSample(graph) };
}
