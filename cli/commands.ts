/** summary, validate and preset: answers from analysis alone, with no weights allocated. */
import { writeFileSync } from "node:fs";
import { analyse, formatShape, serializeGraph } from "../graph";
import type { Diagnostic } from "../graph";
import { buildPreset, presets } from "../presets";
import { CliError, loadGraph, parseSets } from "./args";
import { int, si, table } from "./format";

function diagnosticLine(d: Diagnostic): string {
  const where = [d.groupId && `in ${d.groupId}`, d.nodeId && `node ${d.nodeId}`, d.port && `port ${d.port}`].filter(Boolean).join(", ");
  return `${d.severity}: ${d.code}${where ? ` (${where})` : ""}: ${d.message}`;
}

export function runSummary(source: string | undefined, sets: string[], json: boolean): number {
  const graph = loadGraph(source, sets);
  const a = analyse(graph);
  const nodes = graph.nodes.map((n) => {
    const info = a.nodes[n.id];
    const out = info && Object.values(info.outputs)[0];
    return {
      id: n.id,
      type: n.type,
      outputShape: out ? formatShape(out.shape) : null,
      params: info?.cost.params ?? 0,
      flops: info?.cost.flops ?? 0,
      summary: info?.summary ?? n.type,
    };
  });
  if (json) {
    console.log(
      JSON.stringify({
        name: graph.name,
        params: a.totals.params,
        paramsNonEmbedding: a.totals.paramsNonEmbedding,
        flopsPerToken: a.totals.flopsPerToken,
        nodes: nodes.map(({ id, type, outputShape, params }) => ({ id, type, outputShape, params })),
        diagnostics: a.diagnostics,
      }),
    );
  } else {
    console.log(`${graph.name}\n`);
    console.log(
      table(
        ["node", "block", "output", "params", "FLOPs"],
        nodes.map((n) => [n.id, n.summary, n.outputShape ?? "—", int(n.params), si(n.flops)]),
        [3, 4],
      ),
    );
    console.log(`\nparameters: ${int(a.totals.params)} (${int(a.totals.paramsNonEmbedding)} without embeddings)`);
    console.log(
      `forward FLOPs: ${si(a.totals.flopsPerSample)} per sample, ${si(a.totals.flopsPerToken)} per token${a.totals.seqLen ? ` (T = ${a.totals.seqLen})` : ""}`,
    );
    if (a.diagnostics.length) console.log(`\n${a.diagnostics.map(diagnosticLine).join("\n")}`);
  }
  return a.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

export function runValidate(source: string | undefined): number {
  const graph = loadGraph(source, []);
  const a = analyse(graph);
  const errors = a.diagnostics.filter((d) => d.severity === "error");
  for (const d of a.diagnostics) console.log(diagnosticLine(d));
  if (errors.length === 0) console.log(`valid: ${graph.name}, ${int(a.totals.params)} parameters`);
  return errors.length ? 1 : 0;
}

export function runPreset(args: string[], sets: string[], out: string | undefined): number {
  const [sub, name] = args;
  if (sub === "list") {
    console.log(
      table(
        ["preset", "params", "what it is"],
        presets.map((p) => {
          const r = buildPreset(p.id);
          return [p.id, r.ok ? int(analyse(r.graph).totals.params) : "?", p.summary];
        }),
        [1],
      ),
    );
    return 0;
  }
  if (sub === "save") {
    if (!name) throw new CliError("preset save needs a NAME", 2);
    if (!out) throw new CliError("preset save needs --out file.json", 2);
    const r = buildPreset(name, parseSets(sets));
    if (!r.ok) throw new CliError(r.message, 2);
    writeFileSync(out, serializeGraph(r.graph) + "\n");
    console.log(`wrote ${out}`);
    return 0;
  }
  throw new CliError(`preset needs list or save, got "${sub ?? ""}"`, 2);
}
