/**
 * Every preset learns its task: a fixed seed, a fixed number of steps, through the real path
 * (buildPreset → createSession → trainer.run). Sizes are cut down where the default budget is
 * too slow for CI on two CPU cores; each test says what it changed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createRng, evaluateSequences, generate, generateCorpus, initBackend, unigramEntropy } from "@/train";
import type { RunEnd, Session } from "@/train";
import { pointsValAccuracy, presetSession } from "./sessions";

beforeAll(async () => {
  expect(await initBackend(["wasm", "cpu"])).toBe("wasm");
});

async function train(session: Session): Promise<RunEnd> {
  const end = await session.trainer.run();
  expect(end).toEqual({ status: "done", step: session.config.steps });
  return end;
}

describe("presets learn", () => {
  it("MLP (default config: 3×32 ReLU, 2,000 Adam steps) separates the spirals: validation accuracy ≥ 97%", async () => {
    const session = presetSession("mlp");
    try {
      expect(session.config).toMatchObject({ steps: 2000, batchSize: 64, lr: 0.01, seed: 0 });
      await train(session);
      // 16 validation batches of 64 points, drawn from the 200 held-out points.
      const v = await session.trainer.evaluate(16);
      expect(v.accuracy).toBeGreaterThanOrEqual(0.97);
      expect(pointsValAccuracy(session)).toBeGreaterThanOrEqual(0.97);
    } finally {
      session.dispose();
    }
  });

  it("LSTM on the corpus (64 units, context 16, 200 steps) brings the loss from ln 65 ≈ 4.17 to below 3.0", async () => {
    // Default is 192 units, context 64, 400 steps: ~2 s a step on wasm here, too slow for CI.
    const session = presetSession("lstm", { units: 64, embd: 32, blockSize: 16 }, { steps: 200 });
    try {
      const before = await session.trainer.evaluate(4);
      expect(before.loss).toBeCloseTo(Math.log(65), 1);
      await train(session);
      const after = await session.trainer.evaluate(8);
      expect(after.loss).toBeLessThan(3.0);
    } finally {
      session.dispose();
    }
  });

  it("TCN on the corpus (64 channels, context 32, 200 steps) brings the loss from ln 65 ≈ 4.17 to below 2.7", async () => {
    // Default is 128 channels, context 64, 400 steps; cut down for CI on two cores.
    const session = presetSession("tcn", { channels: 64, blockSize: 32 }, { steps: 200 });
    try {
      const before = await session.trainer.evaluate(4);
      expect(before.loss).toBeCloseTo(Math.log(65), 1);
      await train(session);
      const after = await session.trainer.evaluate(8);
      expect(after.loss).toBeLessThan(2.7);
    } finally {
      session.dispose();
    }
  });

  it("LSTM on reverse (64 units, length 4, 200 steps) gets answer tokens right well above chance (10%)", async () => {
    const session = presetSession("lstm", { task: "reverse", units: 64, embd: 32, length: 4 }, { steps: 200 });
    try {
      await train(session);
      // Teacher-forced accuracy on the answer positions (the loss mask), and greedy decoding.
      const v = await session.trainer.evaluate(8);
      expect(v.accuracy).toBeGreaterThan(0.2);
      const seq = await evaluateSequences(session.compiled.model, session.bundle, 256);
      expect(seq.tokenAccuracy).toBeGreaterThan(0.2);
      expect(seq.examples[0].prediction).toMatch(/^\d{4}$/);
    } finally {
      session.dispose();
    }
  });

  it("Transformer on reverse (1 layer, length 6, 250 steps) decodes ≥ 95% of validation sequences exactly", async () => {
    // Default is 2 layers, length 8, 800 steps (~3 min here); 1 layer and length 6 is the same lesson in ~15 s.
    const session = presetSession("transformer", { nLayer: 1, length: 6 }, { steps: 250 });
    try {
      await train(session);
      const sourceFirst = session.compiled.inputs[0].lengthName === "S";
      const seq = await evaluateSequences(session.compiled.model, session.bundle, 500, sourceFirst);
      expect(seq.exactAccuracy).toBeGreaterThanOrEqual(0.95);
      for (const e of seq.examples.filter((x) => x.correct)) expect(e.prediction).toBe([...e.input].reverse().join(""));
    } finally {
      session.dispose();
    }
  });

  it("GPT (2 layers, width 64, context 32, 200 steps) beats the corpus's unigram entropy and samples corpus text", async () => {
    const session = presetSession("gpt", { nLayer: 2, nEmbd: 64, nHead: 4, blockSize: 32 }, { steps: 200 });
    try {
      const dataset = session.dataset;
      if (dataset.kind !== "corpus") throw new Error("the GPT preset trains on the corpus");
      const corpus = generateCorpus({ seed: session.config.seed, minChars: dataset.chars });
      const unigram = unigramEntropy(corpus);
      expect(unigram).toBeGreaterThan(2.9);
      expect(unigram).toBeLessThan(3.3);
      await train(session);
      const after = await session.trainer.evaluate(8);
      // Below what any context-free model can reach, by a clear margin.
      expect(after.loss).toBeLessThan(unigram - 0.5);

      const tok = session.bundle.tokenizer!;
      const ids = await generate(
        session.compiled.model,
        Array.from(tok.encode("\n")),
        { maxTokens: 120, temperature: 0.8, topK: 10, blockSize: 32 },
        createRng(0),
      );
      expect(ids).toHaveLength(120);
      const text = tok.decode(ids);
      const alphabet = new Set(corpus);
      for (const ch of text) expect(alphabet.has(ch), JSON.stringify(ch)).toBe(true);
      // It has learned that words are separated by spaces.
      expect(text.split(" ").length).toBeGreaterThan(8);
    } finally {
      session.dispose();
    }
  });
});
