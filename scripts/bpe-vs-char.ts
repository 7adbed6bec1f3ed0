/**
 * `npx tsx scripts/bpe-vs-char.ts`: the GPT preset trained on the built-in corpus with
 * characters and with byte-level BPE (vocab 512, trained on the training part only), at the
 * same compute per step (same width, depth, context T, batch and steps; the BPE model's
 * embedding and tied head are larger). A loss per token is not comparable across tokenizers,
 * so the validation loss is also given per character: loss/token × tokens/character.
 * Env: BVC_STEPS (300), BVC_LAYERS (2), BVC_WIDTH (64), BVC_T (64), BVC_VOCAB (512), BVC_EVAL (32 batches).
 */
import { compile } from "../compiler";
import { TrainingSpecSchema } from "../graph";
import { buildPreset } from "../presets";
import { createBpeTextDataset, createRng, createTextDataset, generateCorpus, initBackend, Trainer } from "../train";
import type { Task } from "../train";
import * as tf from "@tensorflow/tfjs";

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const STEPS = env("BVC_STEPS", 300);
const params = { nLayer: env("BVC_LAYERS", 2), nEmbd: env("BVC_WIDTH", 64), blockSize: env("BVC_T", 64) };
const BPE_VOCAB = env("BVC_VOCAB", 512);
const EVAL_BATCHES = env("BVC_EVAL", 32);

interface Data {
  name: string;
  vocabSize: number;
  /** Tokens per character of the validation text. */
  tokensPerChar: number;
  sample(rng: ReturnType<typeof createRng>, batch: number, T: number, split: "train" | "val"): { x: Int32Array; y: Int32Array };
}

async function run(data: Data) {
  const built = buildPreset("gpt", { ...params, vocabSize: Math.max(data.vocabSize, 65) });
  if (!built.ok) throw new Error(built.message);
  const config = { ...TrainingSpecSchema.parse(built.graph.meta.training).config, steps: STEPS, evalEvery: STEPS + 1 };
  const compiled = compile(built.graph, { seed: 0 });
  if (!compiled.ok) throw new Error(compiled.diagnostics[0]?.message);
  const { model } = compiled.compiled;
  const T = params.blockSize;
  const rng = createRng(7);
  const task: Task = {
    kind: "language_model",
    batch(split, batchSize) {
      const b = data.sample(rng, batchSize, T, split);
      return {
        inputs: [tf.tensor2d(b.x, [batchSize, T], "int32")],
        target: tf.tensor2d(b.y, [batchSize, T], "int32"),
        tokens: batchSize * T,
      };
    },
  };
  const trainer = new Trainer(model, task, config);
  const t0 = performance.now();
  await trainer.run();
  const seconds = (performance.now() - t0) / 1000;
  const ev = await trainer.evaluate(EVAL_BATCHES);
  const out = {
    name: data.name,
    vocab: data.vocabSize,
    params: model.countParams(),
    tokens: STEPS * config.batchSize * T,
    charsSeen: (STEPS * config.batchSize * T) / data.tokensPerChar,
    perToken: ev.loss,
    perChar: ev.loss * data.tokensPerChar,
    seconds,
  };
  trainer.dispose();
  model.dispose();
  return out;
}

const backend = await initBackend(["wasm", "cpu"]);
const text = generateCorpus({ seed: 0, minChars: 250_000 });
const chars = createTextDataset(text);
const bpe = createBpeTextDataset(text, { vocabSize: BPE_VOCAB });
const rows = [
  await run({ name: "characters", vocabSize: chars.vocabSize, tokensPerChar: 1, sample: (r, b, T, s) => chars.sampleBatch(r, b, T, s) }),
  await run({
    name: `BPE ${BPE_VOCAB}`,
    vocabSize: bpe.vocabSize,
    tokensPerChar: bpe.val.length / bpe.valChars,
    sample: (r, b, T, s) => bpe.sampleBatch(r, b, T, s),
  }),
];
console.log(
  `GPT (${params.nLayer} layers, width ${params.nEmbd}, T ${params.blockSize}), ${STEPS} steps on ${backend}; BPE: ${(bpe.valChars / bpe.val.length).toFixed(2)} validation characters per token\n`,
);
console.log("tokenizer   vocab   params    tokens  chars seen  val loss/token  val loss/char  bits/char  seconds");
for (const r of rows) {
  console.log(
    `${r.name.padEnd(10)}  ${String(r.vocab).padStart(5)}  ${r.params.toLocaleString("en-US").padStart(7)}  ${r.tokens.toLocaleString("en-US").padStart(8)}  ${Math.round(r.charsSeen).toLocaleString("en-US").padStart(10)}  ${r.perToken.toFixed(4).padStart(14)}  ${r.perChar.toFixed(4).padStart(13)}  ${(r.perChar / Math.LN2).toFixed(3).padStart(9)}  ${r.seconds.toFixed(0).padStart(7)}`,
  );
}
