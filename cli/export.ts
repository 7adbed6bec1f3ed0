/**
 * `export`: writes a graph as one standalone TypeScript program (compiler/codegen), or with
 * `--target pytorch` as a PyTorch project folder (compiler/pytorch).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CodegenError, emitPyTorch, emitTypeScript } from "../compiler";
import { exportData, withDefaultTraining } from "../train/data";
import { CliError, loadGraph } from "./args";

export function runExport(source: string | undefined, sets: string[], opts: { out?: string; train: boolean; target?: string }): number {
  const target = opts.target ?? "typescript";
  if (target !== "typescript" && target !== "pytorch") throw new CliError(`unknown --target "${target}"; use typescript or pytorch`, 2);
  if (target === "pytorch") return exportPyTorch(source, sets, opts.out);
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

/** Writes the PyTorch project (model.py, convert.py, requirements.txt, README.md) into the folder `out`. */
function exportPyTorch(source: string | undefined, sets: string[], out: string | undefined): number {
  if (!out) throw new CliError("export --target pytorch needs --out dir/", 2);
  const graph = withDefaultTraining(loadGraph(source, sets));
  let files: Record<string, string>;
  try {
    files = emitPyTorch(graph);
  } catch (err) {
    if (err instanceof CodegenError) throw new CliError(`cannot export ${graph.name}: ${err.message}`, 1);
    throw err;
  }
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  console.log(
    `wrote ${Object.keys(files).join(", ")} to ${out}; pip install -r ${join(out, "requirements.txt")}, then see ${join(out, "README.md")}`,
  );
  return 0;
}
