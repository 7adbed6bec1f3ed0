/** MLP on 2-D spirals: the first network, and why depth and non-linearity matter. */
import { z } from "zod";
import { createBuilder, TRAIN_RECIPES } from "../graph";
import type { TrainingSpec } from "../graph";
import { definePreset } from "./preset";

const SUMMARY = "A multi-layer perceptron separates two interleaved spirals.";

export const mlp = definePreset({
  id: "mlp",
  title: "MLP",
  summary: SUMMARY,
  explanation:
    "Two spirals cannot be split by a straight line, so a single Linear layer fails. Stacking Linear layers with a non-linearity between them bends the decision boundary until it follows the arms. Try one hidden layer, or remove the activation, and watch accuracy drop.",
  params: z.object({
    hidden: z.number().int().min(1).max(1024).default(32).describe("Units per hidden layer"),
    layers: z.number().int().min(1).max(8).default(3).describe("Hidden layers"),
    activation: z.enum(["relu", "tanh", "gelu", "silu", "sigmoid"]).default("relu").describe("Non-linearity between layers"),
    dataset: z.enum(["spirals", "moons", "circles", "xor", "blobs"]).default("spirals").describe("2-D dataset"),
    classes: z.number().int().min(2).max(10).default(2).describe("Classes (spirals and blobs)"),
    noise: z.number().min(0).max(1).default(0.05).describe("Label noise of the data"),
  }),
  build(p) {
    const b = createBuilder("MLP on spirals");
    let h = b.node("Input", { kind: "features", features: 2 }, {}, { id: "input" });
    for (let i = 0; i < p.layers; i++) {
      h = b.node("Linear", { units: p.hidden }, { x: h });
      h = b.node("Activation", { fn: p.activation }, { x: h });
    }
    const logits = b.node("Linear", { units: p.classes }, { x: h }, { id: "logits" });
    b.node("Output", { kind: "classification" }, { x: logits }, { id: "loss" });
    const training: TrainingSpec = {
      dataset: { kind: "points", name: p.dataset, samples: 2000, noise: p.noise, classes: p.classes },
      config: { ...TRAIN_RECIPES.rows },
    };
    return b.build({ preset: "mlp", description: SUMMARY, training });
  },
});
