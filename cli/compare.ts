/**
 * `compare`: trains one config per model on the recall task (train/data/recall.ts) at several
 * dependency distances k and prints validation accuracy by k, as a table or --json.
 */
import { initBackend, makeRecallTask, RECALL_MAX_DISTANCE, RECALL_MIN_DISTANCE, recallTask, Trainer } from "../train";
import { CliError } from "./args";
import { COMPARE_MODELS, compareModel } from "./compare-models";
import type { CompareModel } from "./compare-models";

export interface CompareOptions {
  distances?: string;
  models?: string;
  steps?: string;
  seed?: string;
  json?: boolean;
}

export interface CompareRow {
  model: CompareModel;
  k: number;
  params: number;
  steps: number;
  accuracy: number;
  loss: number;
  seconds: number;
}

const ALPHABET = 8;
const SAMPLES = 8_000;
const BATCH = 32;

function wholeNumbers(flag: string, raw: string, lo: number, hi: number): number[] {
  const xs = raw.split(",").map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((v) => !Number.isInteger(v) || v < lo || v > hi))
    throw new CliError(`--${flag} needs whole numbers from ${lo} to ${hi} separated by commas, got "${raw}"`, 2);
  return xs;
}

/** The accuracy table: one row per model, one column per k, chance level beside it. */
export function compareTable(rows: CompareRow[]): string {
  const ks = [...new Set(rows.map((r) => r.k))].sort((a, b) => a - b);
  const models = [...new Set(rows.map((r) => r.model))];
  const cell = (s: string, w: number) => s.padStart(w);
  const head = ["model".padEnd(12), "params".padStart(8), ...ks.map((k) => cell(`k=${k}`, 7))].join(" ");
  const lines = models.map((m) => {
    const mine = rows.filter((r) => r.model === m);
    const acc = ks.map((k) => {
      const r = mine.find((x) => x.k === k);
      return cell(r ? `${(100 * r.accuracy).toFixed(1)}%` : "—", 7);
    });
    return [m.padEnd(12), cell(mine[0].params.toLocaleString("en-US"), 8), ...acc].join(" ");
  });
  return [head, ...lines, `(validation accuracy on the recalled symbols; chance ${(100 / ALPHABET).toFixed(1)}%)`].join("\n");
}

export async function runCompare(o: CompareOptions): Promise<number> {
  const ks = wholeNumbers("distances", o.distances ?? "2,8,32,128", RECALL_MIN_DISTANCE, RECALL_MAX_DISTANCE);
  const names = (o.models ?? COMPARE_MODELS.join(",")).split(",").map((s) => s.trim());
  const bad = names.find((m) => !(COMPARE_MODELS as readonly string[]).includes(m));
  if (bad) throw new CliError(`--models: unknown model "${bad}"; use ${COMPARE_MODELS.join(", ")}`, 2);
  const [steps] = wholeNumbers("steps", o.steps ?? "300", 1, 1_000_000);
  const [seed] = wholeNumbers("seed", o.seed ?? "0", 0, 2_147_483_647);
  const backend = await initBackend(["wasm", "cpu"]);
  if (!o.json)
    console.log(`compare on ${backend}: ${names.join(", ")} × k = ${ks.join(", ")}; ${steps} steps of batch ${BATCH}, ${ALPHABET} symbols`);
  const rows: CompareRow[] = [];
  for (const model of names as CompareModel[]) {
    for (const k of ks) {
      const t0 = performance.now();
      const data = makeRecallTask({ n: SAMPLES, distance: k, alphabet: ALPHABET, seed });
      const net = compareModel(model, data.seqLen, data.vocabSize, seed);
      const trainer = new Trainer(net, recallTask(data, seed), {
        steps,
        batchSize: BATCH,
        lr: 3e-3,
        optimizer: "adam",
        schedule: "cosine",
        warmupSteps: 0,
        minLrRatio: 0.1,
        weightDecay: 0,
        clipNorm: 1,
        evalBatches: 8,
        seed,
      });
      for (let s = 0; s < steps; s++) await trainer.trainStep();
      const v = await trainer.evaluate(8);
      const row = {
        model,
        k,
        params: net.countParams(),
        steps,
        accuracy: v.accuracy ?? NaN,
        loss: v.loss,
        seconds: (performance.now() - t0) / 1000,
      };
      rows.push(row);
      trainer.dispose();
      net.dispose();
      if (!o.json)
        console.log(
          `  ${model} k=${k}: accuracy ${(100 * row.accuracy).toFixed(1)}%, loss ${row.loss.toFixed(3)} (${row.params.toLocaleString("en-US")} params, ${row.seconds.toFixed(0)} s)`,
        );
    }
  }
  console.log(o.json ? JSON.stringify({ backend, alphabet: ALPHABET, batch: BATCH, rows }, null, 2) : `\n${compareTable(rows)}`);
  return 0;
}
