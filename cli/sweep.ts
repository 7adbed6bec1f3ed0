/** `sweep`: trains a model family over token budgets in Node and writes every run and the fit. */
import { writeFileSync } from "node:fs";
import { DEFAULT_SWEEP, initBackend, runSweep, SweepError } from "../train";
import type { SweepResult, SweepSpec } from "../train";
import { CliError, loadGraph } from "./args";

export interface SweepOptions {
  widths?: string;
  depths?: string;
  tokens?: string;
  seed?: string;
  out?: string;
}

function list(name: string, raw: string | undefined, fallback: number[]): number[] {
  if (raw === undefined) return fallback;
  const values = raw.split(",").map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1))
    throw new CliError(`--${name} needs whole numbers separated by commas, got "${raw}"`, 2);
  return values;
}

const RUN_COLUMNS = [
  "width",
  "depth",
  "heads",
  "params",
  "paramsNonEmbedding",
  "tokens",
  "steps",
  "flops",
  "loss",
  "trainLoss",
  "seconds",
] as const;

/** Runs as CSV rows, then the fit as a second table after a blank line. */
export function sweepCsv(r: SweepResult): string {
  const lines = [RUN_COLUMNS.join(","), ...r.runs.map((run) => RUN_COLUMNS.map((c) => String(run[c])).join(","))];
  lines.push("", "source,E,A,B,alpha,beta,tokensPerParam");
  if (r.fit && r.optimal)
    lines.push(["fit", r.fit.E, r.fit.A, r.fit.B, r.fit.alpha, r.fit.beta, r.optimal.fitted.tokensPerParam].join(","));
  const c = r.chinchilla;
  lines.push(["chinchilla", c.E, c.A, c.B, c.alpha, c.beta, r.optimal?.chinchilla.tokensPerParam ?? ""].join(","));
  return lines.join("\n") + "\n";
}

export async function runSweepCommand(source: string | undefined, sets: string[], o: SweepOptions): Promise<number> {
  if (!o.out || !/\.(json|csv)$/.test(o.out)) throw new CliError("sweep needs --out results.json or --out results.csv", 2);
  const graph = loadGraph(source, sets);
  const seed = o.seed === undefined ? DEFAULT_SWEEP.seed : Number(o.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new CliError(`--seed needs a whole number, got "${o.seed}"`, 2);
  const spec: SweepSpec = {
    ...DEFAULT_SWEEP,
    widths: list("widths", o.widths, DEFAULT_SWEEP.widths),
    depths: list("depths", o.depths, DEFAULT_SWEEP.depths),
    tokens: list("tokens", o.tokens, DEFAULT_SWEEP.tokens),
    seed,
  };
  const backend = await initBackend(["wasm", "cpu"]);
  console.log(
    `sweep of ${graph.name} on ${backend}: widths ${spec.widths.join(", ")} × depths ${spec.depths.join(", ")} × tokens ${spec.tokens.join(", ")}`,
  );
  const t0 = performance.now();
  let result: SweepResult;
  try {
    result = await runSweep(graph, spec, {
      onRun: (r, i, n) =>
        console.log(
          `run ${i + 1}/${n}: width ${r.width} depth ${r.depth} (${r.params.toLocaleString("en-US")} params) on ${r.tokens.toLocaleString("en-US")} tokens: loss ${r.loss.toFixed(4)} in ${r.seconds.toFixed(1)} s`,
        ),
    });
  } catch (err) {
    if (err instanceof SweepError) throw new CliError(err.message, 1);
    throw err;
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  writeFileSync(
    o.out,
    o.out.endsWith(".csv")
      ? sweepCsv(result)
      : JSON.stringify({ graph: graph.name, spec, backend, wallSeconds, ...result }, null, 2) + "\n",
  );
  if (result.fit && result.optimal) {
    const f = result.fit;
    console.log(
      `fit: L(N, D) = ${f.E.toFixed(3)} + ${f.A.toPrecision(4)}/N^${f.alpha.toFixed(3)} + ${f.B.toPrecision(4)}/D^${f.beta.toFixed(3)}  (Chinchilla: 1.69 + 406.4/N^0.34 + 410.7/D^0.28)`,
    );
    console.log(
      `at C = ${result.optimal.flops.toExponential(2)} FLOPs: ${result.optimal.fitted.tokensPerParam.toFixed(1)} tokens per parameter (Chinchilla's law: ${result.optimal.chinchilla.tokensPerParam.toFixed(1)})`,
    );
    console.log(`${result.paramConvention}.\n${result.caveat}`);
  } else console.log(`no fit: ${result.fitProblem}`);
  console.log(`wrote ${o.out}: ${result.runs.length} runs in ${wallSeconds.toFixed(1)} s`);
  return 0;
}
