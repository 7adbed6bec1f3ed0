/**
 * The piece of the built-in corpus that an exported program embeds. The corpus it trains on
 * here is ~250 KB, too big to paste into a file, so `emitTypeScript` takes a few KB of it as
 * `sampleText`. The CLI's `export` and the app's Code tab both call this, so they write the
 * same file for the same document.
 */
import { TrainingSpecSchema } from "../../graph";
import type { GraphDocument } from "../../graph";
import { generateCorpus } from "./corpus";

/** Characters of the built-in corpus embedded in the program: a few KB, not the 250 KB it trains on. */
export const CORPUS_SAMPLE_CHARS = 4_000;

/**
 * A sample of the built-in corpus when the document trains on it (generated with the document's
 * seed, as training does); undefined for any other dataset.
 * @example emitTypeScript(graph, { sampleText: corpusSample(graph) })
 */
export function corpusSample(graph: GraphDocument): string | undefined {
  const spec = TrainingSpecSchema.safeParse(graph.meta.training ?? {});
  if (!spec.success || spec.data.dataset.kind !== "corpus") return undefined;
  return generateCorpus({ seed: spec.data.config.seed, minChars: CORPUS_SAMPLE_CHARS });
}
