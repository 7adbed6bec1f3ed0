/** `export`: writes a graph as one standalone TypeScript program (compiler/codegen). */
import { writeFileSync } from "node:fs";
import { CodegenError, emitTypeScript } from "../compiler";
import { TrainingSpecSchema } from "../graph";
import type { GraphDocument } from "../graph";
import { generateCorpus } from "../train/data";
import { CliError, loadGraph } from "./args";

/** Characters of the built-in corpus embedded in the program: a few KB, not the 250 KB it trains on. */
const SAMPLE_CHARS = 4_000;

/** A sample of the built-in corpus when the document trains on it (generated as training does). */
function corpusSample(graph: GraphDocument): string | undefined {
  const spec = TrainingSpecSchema.safeParse(graph.meta.training ?? {});
  if (!spec.success || spec.data.dataset.kind !== "corpus") return undefined;
  return generateCorpus({ seed: spec.data.config.seed, minChars: SAMPLE_CHARS });
}

export function runExport(source: string | undefined, sets: string[], opts: { out?: string; train: boolean }): number {
  if (!opts.out) throw new CliError("export needs --out model.ts", 2);
  const graph = loadGraph(source, sets);
  let code: string;
  try {
    code = emitTypeScript(graph, { train: opts.train, sampleText: corpusSample(graph) });
  } catch (err) {
    if (err instanceof CodegenError) throw new CliError(`cannot export ${graph.name}: ${err.message}`, 1);
    throw err;
  }
  writeFileSync(opts.out, code);
  console.log(`wrote ${opts.out}: ${code.split("\n").length} lines; run it with npx tsx ${opts.out}`);
  return 0;
}
