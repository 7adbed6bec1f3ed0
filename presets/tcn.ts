/** A temporal convolutional network (WaveNet/TCN-style) language model: causal dilated Conv1D layers. */
import { z } from "zod";
import { createBuilder } from "../graph";
import type { TrainingSpec } from "../graph";
import { definePreset } from "./preset";

const SUMMARY = "A stack of causal dilated convolutions reads the last few dozen characters and predicts the next.";

export const tcn = definePreset({
  id: "tcn",
  title: "TCN (dilated convolution)",
  summary: SUMMARY,
  explanation:
    "Each layer is a causal convolution: step t mixes the steps t, t−d, t−2d … with no recurrence, so every position trains in parallel. The dilation d doubles from layer to layer (1, 2, 4, 8), so four layers of kernel 3 see (3−1)·(1+2+4+8)+1 = 31 characters. Beyond that field it sees nothing at all: compare it with the LSTM, which fades with distance, and the GPT, which looks back over the whole context.",
  params: z.object({
    vocabSize: z.number().int().min(2).max(100_000).default(65).describe("Token ids"),
    blockSize: z.number().int().min(2).max(1024).default(64).describe("Sequence length"),
    channels: z.number().int().min(4).max(1024).default(128).describe("Channels C of the embedding and every convolution"),
    kernelSize: z.number().int().min(2).max(16).default(3).describe("Taps per convolution"),
    layers: z.number().int().min(1).max(10).default(4).describe("Convolution layers; layer i has dilation 2^i"),
  }),
  build(p) {
    const b = createBuilder("TCN language model");
    const ids = b.node("Input", { kind: "tokens", seqLen: p.blockSize, vocabSize: p.vocabSize }, {}, { id: "tokens" });
    let h = b.node("Embedding", { vocabSize: p.vocabSize, dim: p.channels }, { ids }, { id: "embed" });
    // Residual layers h + ReLU(conv_d(h)), d = 1, 2, 4, …: the width stays C, so Add needs no projection.
    for (let i = 0; i < p.layers; i++) {
      const dilation = 2 ** i;
      const conv = b.node(
        "Conv1D",
        { filters: p.channels, kernelSize: p.kernelSize, dilation, causal: true, bias: true },
        { x: h },
        { id: `conv_${i}` },
      );
      const act = b.node("Activation", { fn: "relu" }, { x: conv }, { id: `relu_${i}` });
      h = b.node("Add", {}, { x: [h, act] }, { id: `res_${i}` });
    }
    const head = b.node("Linear", { units: p.vocabSize }, { x: h }, { id: "head" });
    b.node("Output", { kind: "language_model" }, { x: head }, { id: "loss" });
    const training: TrainingSpec = {
      dataset: { kind: "corpus", chars: 250_000 },
      config: {
        steps: 400,
        batchSize: 32,
        lr: 3e-3,
        optimizer: "adam",
        warmupSteps: 20,
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
    return b.build({ preset: "tcn", description: SUMMARY, training });
  },
});
