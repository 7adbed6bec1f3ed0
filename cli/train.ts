/** `train`: trains in Node on the WASM backend (CPU fallback) and reports as it goes. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { createRng, createSession, evaluateSequences, exportArtifacts, generate, initBackend, WEIGHTS_FILE } from "../train";
import type { Metrics } from "../train";
import { CliError, loadGraph } from "./args";

function intOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} needs a whole number, got "${raw}"`, 2);
  return n;
}

function metricsLine(m: Metrics): string {
  const parts = [`step ${m.step}`, `loss ${m.loss.toFixed(4)}`];
  if (m.valLoss !== undefined) parts.push(`val ${m.valLoss.toFixed(4)}`);
  if (m.valPerplexity !== undefined) parts.push(`ppl ${m.valPerplexity.toFixed(2)}`);
  else if (m.valAccuracy !== undefined) parts.push(`val acc ${(m.valAccuracy * 100).toFixed(1)}%`);
  parts.push(`lr ${m.lr.toExponential(2)}`, `${Math.round(m.tokensPerSec)} tok/s`, `${m.msPerStep.toFixed(0)} ms/step`);
  return parts.join("  ");
}

export async function runTrain(
  source: string | undefined,
  sets: string[],
  opts: { steps?: string; seed?: string; save?: string; json: boolean },
): Promise<number> {
  const graph = loadGraph(source, sets);
  const steps = intOption("steps", opts.steps);
  const seed = intOption("seed", opts.seed);
  const backend = await initBackend(["wasm", "cpu"]);
  const r = createSession(graph, { config: { ...(steps !== undefined ? { steps } : {}), ...(seed !== undefined ? { seed } : {}) } });
  if (!r.ok) throw new CliError(r.message, 1);
  const { session } = r;
  const log = (obj: Record<string, unknown>, text: string) => console.log(opts.json ? JSON.stringify(obj) : text);
  log(
    { event: "start", backend, params: session.compiled.model.countParams(), steps: session.config.steps },
    `training ${graph.name} on ${backend}: ${session.compiled.model.countParams().toLocaleString("en-US")} parameters, ${session.config.steps} steps`,
  );
  const end = await session.trainer.run({
    onMetrics: (m) => {
      if (m.valLoss !== undefined || m.step === 1) log({ event: "metrics", ...m }, metricsLine(m));
    },
  });
  if (end.status === "diverged") {
    log({ event: "diverged", ...end }, end.message);
    session.dispose();
    return 1;
  }
  if (opts.save) {
    // The same two files as the app's Weights download: model.json and the file its manifest names.
    const { modelJson, weights } = await exportArtifacts(session.compiled.model);
    mkdirSync(opts.save, { recursive: true });
    writeFileSync(join(opts.save, "model.json"), modelJson);
    writeFileSync(join(opts.save, WEIGHTS_FILE), new Uint8Array(weights));
    log(
      { event: "saved", dir: opts.save, bytes: weights.byteLength },
      `saved the weights to ${join(opts.save, "model.json")} and ${WEIGHTS_FILE} (${weights.byteLength.toLocaleString("en-US")} bytes)`,
    );
  }
  if (session.bundle.tokenizer) {
    const tok = session.bundle.tokenizer;
    const T = session.compiled.inputs[0].shape[0];
    const prompt = tok.chars.includes("\n") ? Array.from(tok.encode("\n")) : [0];
    // The Input's vocabulary may be larger than the text's (GPT's 65 vs the corpus's 60):
    // sampling is limited to ids that have a character.
    const ids = await generate(
      session.compiled.model,
      prompt,
      { maxTokens: 200, temperature: 0.8, topK: 10, blockSize: T, vocabLimit: tok.vocabSize },
      createRng(seed ?? 0),
    );
    const text = tok.decode(ids);
    log({ event: "sample", text }, `\nsample:\n${text}`);
  } else if (session.bundle.sequence) {
    const ev = await evaluateSequences(
      session.compiled.model,
      session.bundle,
      200,
      session.compiled.inputs[0].lengthName !== "T" || session.compiled.inputs.length === 1,
    );
    log(
      { event: "evaluation", exactAccuracy: ev.exactAccuracy, tokenAccuracy: ev.tokenAccuracy, examples: ev.examples.slice(0, 3) },
      `exact-sequence accuracy ${(ev.exactAccuracy * 100).toFixed(1)}%\n${ev.examples
        .slice(0, 3)
        .map((e) => `${e.input} → ${e.prediction} ${e.correct ? "✓" : `✗ (want ${e.target})`}`)
        .join("\n")}`,
    );
  } else {
    const v = await session.trainer.evaluate(8);
    log(
      { event: "evaluation", valLoss: v.loss, valAccuracy: v.accuracy },
      `validation loss ${v.loss.toFixed(4)}${v.accuracy !== undefined ? `, accuracy ${(v.accuracy * 100).toFixed(1)}%` : ""}`,
    );
  }
  session.dispose();
  log({ event: "end", numTensors: tf.memory().numTensors }, "");
  return 0;
}
