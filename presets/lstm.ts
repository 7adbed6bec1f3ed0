/** LSTM language model (or sequence task): recurrence, and where it struggles. */
import { z } from "zod";
import { createBuilder } from "../graph";
import type { TrainingSpec } from "../graph";
import { definePreset } from "./preset";

const SUMMARY = "A recurrent network reads text one character at a time and predicts the next.";

export const lstm = definePreset({
  id: "lstm",
  title: "LSTM",
  summary: SUMMARY,
  explanation:
    "An LSTM carries a fixed-size state along the sequence, updated by gates at every step. It learns local patterns — spelling, short words — quickly, but everything it knows about the past must squeeze through that one state, and gradients fade over long distances. Compare its loss with the GPT preset on the same corpus, or switch the task to reversing a sequence and make it longer.",
  params: z.object({
    task: z.enum(["corpus", "reverse", "copy", "sort"]).default("corpus").describe("Built-in text corpus, or a sequence task"),
    vocabSize: z.number().int().min(2).max(100_000).default(65).describe("Token ids"),
    blockSize: z.number().int().min(2).max(1024).default(64).describe("Sequence length (text)"),
    length: z.number().int().min(2).max(32).default(6).describe("Sequence task length"),
    embd: z.number().int().min(4).max(1024).default(64).describe("Embedding size"),
    units: z.number().int().min(4).max(2048).default(192).describe("LSTM state size"),
    layers: z.number().int().min(1).max(4).default(1).describe("Stacked LSTM layers"),
  }),
  build(p) {
    const b = createBuilder(p.task === "corpus" ? "LSTM language model" : `LSTM on ${p.task}`);
    const text = p.task === "corpus";
    // A sequence task is one stream: question, separator, answer (13 tokens for digits).
    const seqLen = text ? p.blockSize : 2 * p.length;
    const vocab = text ? p.vocabSize : 13;
    const ids = b.node("Input", { kind: "tokens", seqLen, vocabSize: vocab }, {}, { id: "tokens" });
    let h = b.node("Embedding", { vocabSize: vocab, dim: p.embd }, { ids }, { id: "embed" });
    for (let i = 0; i < p.layers; i++) h = b.node("LSTM", { units: p.units, returnSequences: true }, { x: h });
    const head = b.node("Linear", { units: vocab }, { x: h }, { id: "head" });
    b.node("Output", { kind: "language_model" }, { x: head }, { id: "loss" });
    const training: TrainingSpec = {
      dataset: text
        ? { kind: "corpus", chars: 250_000 }
        : { kind: "sequence", task: p.task as "reverse", length: p.length, samples: 20_000, format: "decoder" },
      config: {
        steps: 400,
        batchSize: 32,
        lr: 5e-3,
        optimizer: "adam",
        warmupSteps: 0,
        schedule: "cosine",
        minLrRatio: 0.1,
        weightDecay: 0,
        momentum: 0.9,
        clipNorm: 1,
        evalEvery: 50,
        evalBatches: 4,
        seed: 0,
      },
    };
    return b.build({ preset: "lstm", description: SUMMARY, training });
  },
});
