/**
 * `quantize`: post-training weight-only quantization of trained weights (a tfjs model.json and
 * its weights file, as the app's Weights download or `train --save` writes them). Writes the
 * quantized file (manifest + payload) and prints the comparison: bytes at fp32 / int8 / int4,
 * validation loss and perplexity (or accuracy) on the same batches for fp32 and each
 * dequantized model, a per-layer error table with each layer's own cost in loss, and samples
 * side by side with the same seed.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  createRng,
  createSession,
  drawValidationBatches,
  evaluateOn,
  generate,
  initBackend,
  modelWeights,
  quantizeWeights,
  readQuantized,
  schemeName,
  setModelWeights,
  weightFilePaths,
  weightsFromModelJson,
  writeQuantized,
} from "../train";
import type { Evaluation, QuantScheme, QuantizedModel, WeightTensor } from "../train";
import { CliError, loadGraph } from "./args";
import { int, table } from "./format";

export interface QuantizeOptions {
  weights?: string;
  bits?: string;
  group?: string;
  out?: string;
  batches?: string;
  seed?: string;
  json: boolean;
}

function wholeOption(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new CliError(`--${name} needs a whole number of at least ${min}, got "${raw}"`, 2);
  return n;
}

function readFile(path: string, hint = ""): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new CliError(
      `cannot read ${path}${hint}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`,
      2,
    );
  }
}

/** The weights of a model.json and the files its manifest names, beside it. */
function readWeights(modelJsonPath: string): WeightTensor[] {
  const text = new TextDecoder().decode(readFile(modelJsonPath));
  try {
    const files = weightFilePaths(text).map((p) =>
      readFile(join(dirname(modelJsonPath), p), ` (named by ${modelJsonPath}; keep it beside that file)`),
    );
    return weightsFromModelJson(text, files);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${modelJsonPath}: ${(err as Error).message}`, 2);
  }
}

const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)}%`;
const num = (x: number, d = 4) => x.toFixed(d);

export async function runQuantize(source: string | undefined, sets: string[], opts: QuantizeOptions): Promise<number> {
  if (!opts.weights) throw new CliError("quantize needs --weights model.json (from the app's Weights download or `train --save DIR`)", 2);
  if (!opts.out) throw new CliError("quantize needs --out DIR for the quantized weights", 2);
  if (opts.bits !== "8" && opts.bits !== "4") throw new CliError(`--bits must be 8 or 4, got "${opts.bits ?? ""}"`, 2);
  const group = wholeOption("group", opts.group, 32, 2);
  const batches = wholeOption("batches", opts.batches, 16, 1);
  const seed = wholeOption("seed", opts.seed, 0, 0);
  const chosen: QuantScheme = opts.bits === "8" ? { bits: 8 } : { bits: 4, group };
  const graph = loadGraph(source, sets);
  const backend = await initBackend(["wasm", "cpu"]);
  const fp32 = readWeights(opts.weights);
  const r = createSession(graph, { config: { seed } });
  if (!r.ok) throw new CliError(r.message, 1);
  const { session } = r;
  const model = session.compiled.model;
  try {
    setModelWeights(model, fp32, opts.weights);
  } catch (err) {
    session.dispose();
    throw new CliError((err as Error).message, 1);
  }
  // Read back from the model: the same weights, in the model's order.
  const weights = modelWeights(model);
  const fixed = drawValidationBatches(session.bundle.task, batches, session.config.batchSize);
  const evaluate = async (w: WeightTensor[]): Promise<Evaluation> => {
    setModelWeights(model, w, opts.weights!);
    return evaluateOn(model, fixed);
  };

  const base = await evaluate(weights);
  const schemes: QuantScheme[] = [{ bits: 8 }, { bits: 4, group }];
  const results: { q: QuantizedModel; ev: Evaluation }[] = [];
  for (const s of schemes) {
    const q = quantizeWeights(weights, s);
    results.push({ q, ev: await evaluate(q.dequantized) });
  }
  const mine = results[chosen.bits === 8 ? 0 : 1];

  // Each quantized layer alone, the rest float32: which layer costs most.
  const layerLoss = new Map<string, number>();
  for (const [i, l] of mine.q.layers.entries()) {
    if (l.storage.startsWith("float32")) continue;
    const alone = weights.map((w, j) => (j === i ? mine.q.dequantized[i] : w));
    layerLoss.set(l.name, (await evaluate(alone)).loss - base.loss);
  }
  const costliest = [...layerLoss].sort((a, b) => b[1] - a[1])[0];

  const samples: { weights: string; text: string }[] = [];
  const tok = session.bundle.tokenizer;
  if (tok) {
    const T = session.compiled.inputs[0].shape[0];
    const prompt = tok.chars.includes("\n") ? Array.from(tok.encode("\n")) : [0];
    for (const [name, w] of [
      ["fp32", weights],
      [schemeName(chosen), mine.q.dequantized],
    ] as const) {
      setModelWeights(model, w, opts.weights);
      const ids = await generate(
        model,
        prompt,
        { maxTokens: 160, temperature: 0.8, topK: 10, blockSize: T, vocabLimit: tok.vocabSize },
        createRng(seed),
      );
      samples.push({ weights: name, text: tok.decode(ids) });
    }
  }
  fixed.dispose();
  const params = model.countParams();
  const batchShape = fixed.batches[0]?.inputs[0].shape.join(" × ") ?? "";
  session.dispose();

  const stem = `model.${schemeName(chosen)}`;
  const { manifest, payload } = writeQuantized(mine.q.stored, `${stem}.bin`);
  mkdirSync(opts.out, { recursive: true });
  writeFileSync(join(opts.out, `${stem}.json`), JSON.stringify(manifest, null, 1) + "\n");
  writeFileSync(join(opts.out, `${stem}.bin`), payload);
  // Read the files back through the loader: they must give the weights that were evaluated.
  const back = readQuantized(readFileSync(join(opts.out, `${stem}.json`), "utf8"), readFileSync(join(opts.out, `${stem}.bin`)));
  const identical = mine.q.dequantized.every((w) => {
    const got = back.get(w.name)?.values;
    return got !== undefined && got.length === w.values.length && got.every((v, i) => Object.is(v, w.values[i]));
  });
  if (!identical) throw new CliError(`the file written to ${opts.out} does not read back to the weights evaluated; this is a bug`, 1);

  const rows = [
    { name: "fp32", bytes: mine.q.fp32Bytes, ev: base },
    ...results.map((x) => ({ name: schemeName(x.q.scheme), bytes: x.q.bytes, ev: x.ev })),
  ];
  const comparison = rows.map((x) => ({
    weights: x.name,
    bytes: x.bytes,
    ratio: mine.q.fp32Bytes / x.bytes,
    ...x.ev,
    lossChange: x.ev.loss / base.loss - 1,
    ...(x.ev.perplexity !== undefined ? { perplexityChange: x.ev.perplexity / base.perplexity! - 1 } : {}),
  }));
  const layers = mine.q.layers.map((l) => ({ ...l, lossAlone: layerLoss.get(l.name) }));
  const files = { manifest: join(opts.out, `${stem}.json`), payload: join(opts.out, `${stem}.bin`), payloadBytes: payload.byteLength };

  if (opts.json) {
    console.log(
      JSON.stringify({
        graph: graph.name,
        backend,
        params,
        batches,
        batchShape,
        scheme: schemeName(chosen),
        comparison,
        layers,
        costliest: costliest ? { name: costliest[0], lossAlone: costliest[1] } : null,
        files,
        samples,
      }),
    );
    return 0;
  }
  const lm = base.perplexity !== undefined;
  console.log(
    `quantized ${graph.name} (${int(params)} parameters) on ${backend}; the same ${batches} validation batches of ${batchShape} for every row\n`,
  );
  console.log(
    table(
      ["weights", "bytes", "smaller", "val loss", lm ? "perplexity" : "accuracy", lm ? "Δ perplexity" : "Δ loss"],
      comparison.map((c, i) => [
        c.weights,
        int(c.bytes),
        `${c.ratio.toFixed(2)}×`,
        num(c.loss),
        lm ? num(c.perplexity!, 3) : c.accuracy !== undefined ? `${(c.accuracy * 100).toFixed(2)}%` : "—",
        i === 0 ? "—" : pct(lm ? c.perplexityChange! : c.lossChange),
      ]),
      [1, 2, 3, 4, 5],
    ),
  );
  console.log(`\nper layer, ${schemeName(chosen)} (Δ loss alone: only that layer quantized, the rest fp32)\n`);
  console.log(
    table(
      ["weight", "shape", "stored as", "bytes", "max |w−ŵ|", "RMS", "relative", "Δ loss alone"],
      layers.map((l) => [
        l.name,
        l.shape.join("×"),
        l.storage,
        int(l.bytes),
        l.maxAbs.toExponential(2),
        l.rms.toExponential(2),
        `${(l.relative * 100).toFixed(2)}%`,
        l.lossAlone === undefined ? "—" : `${l.lossAlone >= 0 ? "+" : ""}${l.lossAlone.toExponential(2)}`,
      ]),
      [3, 4, 5, 6, 7],
    ),
  );
  if (costliest)
    console.log(`\ncostliest layer: ${costliest[0]} (Δ loss ${costliest[1] >= 0 ? "+" : ""}${costliest[1].toExponential(2)} alone)`);
  console.log(`\nwrote ${files.manifest} and ${files.payload} (${int(files.payloadBytes)} bytes); read back: identical`);
  for (const s of samples) console.log(`\nsample, ${s.weights} weights (seed ${seed}):\n${s.text}`);
  return 0;
}
