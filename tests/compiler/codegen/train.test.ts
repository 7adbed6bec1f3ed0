/**
 * Exported programs train: the GPT, run as `npx tsx model.ts --steps 20`, lowers its loss and
 * prints a sample; the built-in data of the other presets (2-D points, sequence tasks in both
 * formats, the recall task, text) feeds train() in the exported module; and every dataset, optimiser and schedule
 * variant the generator writes typechecks and trains.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitTypeScript } from "@/compiler/codegen";
import { createBuilder } from "@/graph";
import type { GraphDocument } from "@/graph";
import { exportData } from "@/train/data";
import { runCli } from "../../cli/run-cli";
import { presetGraph } from "../build";
import { exportDir, importExported, tsx, typecheck, writeSource } from "./harness";

let dir = "";
let cleanup = () => {};
beforeAll(() => {
  ({ dir, cleanup } = exportDir());
});
afterAll(() => cleanup());

/** `step N  loss X` lines → [N, X]. */
const lossLines = (out: string) => [...out.matchAll(/^step (\d+) {2}loss ([\d.]+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);

describe("the exported GPT, run as a program", () => {
  it("trains for 20 steps with its loss falling, then prints a sample", () => {
    const file = join(dir, "gpt.ts");
    const exported = runCli([
      "export",
      "preset:gpt",
      "--set",
      "nLayer=1",
      "--set",
      "nEmbd=32",
      "--set",
      "nHead=2",
      "--set",
      "blockSize=16",
      "--out",
      file,
    ]);
    expect(exported.stderr).toBe("");
    expect(exported.status).toBe(0);
    const run = spawnSync(tsx, [file, "--steps", "20"], { cwd: dir, encoding: "utf8", timeout: 170_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^GPT: 15,360 parameters, on the cpu backend$/m);
    const losses = lossLines(run.stdout);
    expect(losses.map(([step]) => step)).toEqual([1, 20]);
    expect(losses[1][1]).toBeLessThan(losses[0][1] - 0.1);
    const sample = run.stdout.slice(run.stdout.lastIndexOf("step 20")).split("\n").slice(1).join("\n");
    expect(sample.trim().length).toBeGreaterThan(50);
  }, 180_000);

  it("refuses a --steps that is not a whole number", () => {
    const file = writeSource(dir, "mlp.ts", emitTypeScript(presetGraph("mlp")));
    const run = spawnSync(tsx, [file, "--steps", "many"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("--steps needs a whole number, e.g. --steps 100");
  }, 70_000);
});

/** An MLP of 4 features and 3 classes on the document's own CSV table (60 rows, classes apart on two columns). */
function csvMlp(): GraphDocument {
  const base = presetGraph("mlp", { hidden: 8, layers: 1, classes: 3 });
  const nodes = base.nodes.map((n) => (n.id === "input" ? { ...n, params: { ...n.params, features: 4 } } : n));
  const rows = Array.from(
    { length: 60 },
    (_, i) =>
      `${(i % 3) * 2 + (i % 5) * 0.1},${(i % 7) * 0.1},${(i % 3) - 1},${(i % 4) * 0.2},${["setosa", "versicolor", "virginica"][i % 3]}`,
  );
  const text = ["sepal_length,sepal_width,petal_length,petal_width,species", ...rows].join("\n");
  return training({ ...base, nodes }, { kind: "csv", text, label: "species" });
}

const DATA: [string, GraphDocument, number][] = [
  ["2-D spirals", presetGraph("mlp"), 40],
  ["3 blobs", presetGraph("mlp", { dataset: "blobs", classes: 3 }), 40],
  ["reverse, encoder–decoder", presetGraph("transformer", { nLayer: 1, dModel: 16, nHead: 2, length: 4 }), 15],
  ["sort, one stream with a loss mask", presetGraph("lstm", { task: "sort", units: 16, embd: 8, length: 4 }), 15],
  ["text", presetGraph("lstm", { units: 16, embd: 8, blockSize: 16 }), 15],
  [
    "the recall task, k = 3",
    training(presetGraph("lstm", { units: 16, embd: 8, blockSize: 12 }), {
      kind: "recall",
      distance: 3,
      length: 12,
      vocab: 8,
      samples: 400,
    }),
    15,
  ],
  ["the document's CSV table", csvMlp(), 40],
];

describe.each(DATA)("train() on %s", (_, graph, steps) => {
  beforeAll(async () => {
    expect(await tf.setBackend("cpu")).toBe(true);
  });

  it("returns a finite loss per step, logged at the first and last, lower at the end, leaking nothing", async () => {
    const file = writeSource(dir, `data-${Math.random().toString(36).slice(2)}.ts`, emitTypeScript(graph, exportData(graph)));
    const exported = await importExported(file);
    const logged: string[] = [];
    const tensors: number[] = [];
    const log = (line: string) => {
      logged.push(line);
      tensors.push(tf.memory().numTensors);
    };
    const losses = await exported.train!(exported.buildModel(0), { steps, log });
    expect(losses).toHaveLength(steps);
    expect(tensors[1], "tensors held after the last step vs the first").toBe(tensors[0]);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(lossLines(logged.join("\n")).map(([step]) => step)).toEqual([1, steps]);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)));
  });
});

/** A document trained on `dataset` with `config` overriding its own settings. */
function training(doc: GraphDocument, dataset: Record<string, unknown>, config: Record<string, unknown> = {}): GraphDocument {
  const spec = doc.meta.training as { config: Record<string, unknown> } | undefined;
  return { ...doc, meta: { ...doc.meta, training: { dataset, config: { ...spec?.config, ...config } } } };
}

function decoderLstm(seqLen: number, vocabSize: number): GraphDocument {
  const b = createBuilder("decoder");
  const h = b.node(
    "LSTM",
    { units: 8 },
    { x: b.node("Embedding", { vocabSize, dim: 4 }, { ids: b.node("Input", { kind: "tokens", seqLen, vocabSize }) }) },
  );
  b.node("Output", { kind: "language_model" }, { x: b.node("Linear", { units: vocabSize }, { x: h }) });
  return training(b.build(), { kind: "sequence", task: "add", length: 3, samples: 1000, format: "decoder" }, { steps: 10, batchSize: 8 });
}

const mlp = presetGraph("mlp", { hidden: 8, layers: 1 });
const seq2seq = presetGraph("transformer", { nLayer: 1, dModel: 8, nHead: 2, length: 4 });
const VARIANTS: [string, GraphDocument][] = [
  [
    "circles, SGD, warmup then a constant rate",
    training(
      mlp,
      { kind: "points", name: "circles", samples: 100, noise: 0.1, classes: 2 },
      { optimizer: "sgd", schedule: "constant", warmupSteps: 2 },
    ),
  ],
  [
    "xor, AdamW, constant rate, no clipping",
    training(
      mlp,
      { kind: "points", name: "xor", samples: 100, noise: 0.1, classes: 2 },
      { optimizer: "adamw", schedule: "constant", warmupSteps: 0, clipNorm: 0 },
    ),
  ],
  [
    "moons, cosine without warmup",
    training(mlp, { kind: "points", name: "moons", samples: 100, noise: 0.1, classes: 2 }, { warmupSteps: 0 }),
  ],
  ["add, one stream", decoderLstm(11, 14)],
  ["parity, encoder–decoder", training(seq2seq, { kind: "sequence", task: "parity", length: 4, samples: 1000, format: "seq2seq" })],
  ["copy, encoder–decoder", training(seq2seq, { kind: "sequence", task: "copy", length: 4, samples: 1000, format: "seq2seq" })],
  ["a CSV table", csvMlp()],
  ["recall, k = 2", training(decoderLstm(6, 5), { kind: "recall", distance: 2, length: 6, vocab: 5, samples: 200 })],
];

describe("every dataset, optimiser and schedule the file can generate", () => {
  const variantFiles: string[] = [];
  beforeAll(() => {
    variantFiles.push(...VARIANTS.map(([, graph], i) => writeSource(dir, `variant${i}.ts`, emitTypeScript(graph, exportData(graph)))));
  });

  it("typechecks with tsc --strict, with no unused code", () => {
    expect(typecheck(variantFiles)).toEqual([]);
  });

  it.each(VARIANTS.map(([name], i): [string, number] => [name, i]))("trains on %s", async (_, i) => {
    const exported = await importExported(variantFiles[i]);
    const losses = await exported.train!(exported.buildModel(), { steps: 3, log: () => {} });
    expect(losses).toHaveLength(3);
    expect(losses.every(Number.isFinite)).toBe(true);
  });
});
