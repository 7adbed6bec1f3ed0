/** `export`: writes a graph as one standalone TypeScript program (compiler/codegen). */
import { writeFileSync } from "node:fs";
import { CodegenError, emitTypeScript } from "../compiler";
import { exportData, withDefaultTraining } from "../train/data";
import { CliError, loadGraph } from "./args";

export function runExport(source: string | undefined, sets: string[], opts: { out?: string; train: boolean }): number {
  if (!opts.out) throw new CliError("export needs --out model.ts", 2);
  // A graph that names no training trains on the defaults that fit it, as in the app.
  const graph = withDefaultTraining(loadGraph(source, sets));
  let code: string;
  try {
    code = emitTypeScript(graph, { train: opts.train, ...exportData(graph) });
  } catch (err) {
    if (err instanceof CodegenError) throw new CliError(`cannot export ${graph.name}: ${err.message}`, 1);
    throw err;
  }
  writeFileSync(opts.out, code);
  console.log(`wrote ${opts.out}: ${code.split("\n").length} lines; run it with npx tsx ${opts.out}`);
  return 0;
}
