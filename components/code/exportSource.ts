/**
 * The model.ts of a document, exactly as `export` (cli) writes it: the same generator with
 * the same embedded data (a corpus sample, the document's table) and, for a graph that names no training, the Train tab's defaults. A
 * graph the generator refuses gives the reason instead.
 */
// Imported directly, not through "@/compiler" or "@/train", whose indexes load tfjs; codegen
// and the corpus need only graph/.
import { CodegenError, emitTypeScript } from "@/compiler/codegen";
import type { GraphDocument } from "@/graph";
import { exportData, withDefaultTraining } from "@/train/data";

export type ExportedSource = { ok: true; code: string } | { ok: false; message: string };

/**
 * @example exportSource(doc) // { ok: true, code: "/**\n * A neural network exported from Tensorloom…" }
 */
export function exportSource(document: GraphDocument): ExportedSource {
  try {
    const doc = withDefaultTraining(document);
    return { ok: true, code: emitTypeScript(doc, exportData(doc)) };
  } catch (err) {
    if (err instanceof CodegenError) return { ok: false, message: err.message };
    // A generator bug: say so here rather than take the whole page down.
    return {
      ok: false,
      message: `the code generator failed (${err instanceof Error ? err.message : String(err)}); please report it with the document`,
    };
  }
}

/** Lines in a source text, as an editor numbers them. */
export function lineCount(code: string): number {
  return code.split("\n").length;
}
