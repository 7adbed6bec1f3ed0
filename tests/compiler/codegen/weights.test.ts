/**
 * The exported program loads the weights the app downloads: saved from a compiled model as the
 * Code tab's Weights button saves them (`<slug>.model.json` naming `./<slug>.weights.bin`),
 * `loadWeights()` gives the app's predictions (within 1e-5) for the tiny GPT with a tied head,
 * the MLP and the encoder–decoder transformer; a weight the file lacks, has extra or has in
 * another shape, and a missing weights file, are errors that name it; and `npx tsx model.ts
 * --weights … --steps 0` loads them and prints the sample those weights give, without training.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitTypeScript } from "@/compiler/codegen";
import type { GraphDocument } from "@/graph";
import { weightsDownload } from "@/components/train/weightsFiles";
import { exportArtifacts } from "@/train/weights";
import { compiled, perturbWeights, predictAll, presetGraph, sampleInputs } from "../build";
import { expectClose } from "../layers/close";
import { exportDir, importExported, tsx, writeSource } from "./harness";
import type { ExportedModule } from "./harness";

const SEED = 5;
const TINY_GPT = { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 };

let dir = "";
let cleanup = () => {};
beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
  ({ dir, cleanup } = exportDir());
});
afterAll(() => cleanup());

/**
 * Compiles `graph` in the app, moves its weights off their initial values and saves them under
 * `folder` as the app's download does; returns the app's model and the model.json's path.
 */
async function trainedInApp(graph: GraphDocument, folder: string) {
  const app = compiled(graph, { seed: SEED });
  perturbWeights(app.model, 11, 0.2);
  const { modelJson, weights } = await exportArtifacts(app.model);
  const files = weightsDownload(graph.name, modelJson);
  mkdirSync(join(dir, folder), { recursive: true });
  writeFileSync(join(dir, folder, files.jsonName), files.json);
  writeFileSync(join(dir, folder, files.binName), new Uint8Array(weights));
  return { app, jsonPath: join(dir, folder, files.jsonName) };
}

const CASES: [string, GraphDocument][] = [
  ["tiny gpt, tied head", presetGraph("gpt", TINY_GPT)],
  ["mlp", presetGraph("mlp")],
  ["transformer, two inputs", presetGraph("transformer", { nLayer: 1, dModel: 16, nHead: 2, length: 5 })],
];

describe.each(CASES.map(([name], i): [string, number] => [name, i]))("%s", (_, i) => {
  it("loads the app's weights by name and gives the app's predictions", async () => {
    const graph = CASES[i][1];
    const { app, jsonPath } = await trainedInApp(graph, `case${i}`);
    const exported = await importExported(writeSource(dir, `case${i}.ts`, emitTypeScript(graph)));
    const model = exported.buildModel(SEED);
    const inputs = sampleInputs(app, 2, 3);
    const expected = predictAll(app.model, inputs);
    // Before loading, the exported model has the initial weights: its outputs differ.
    const before = predictAll(model, inputs)[0];
    expect(tf.max(tf.abs(tf.sub(before, expected[0]))).dataSync()[0]).toBeGreaterThan(1e-3);

    const tensors = tf.memory().numTensors;
    await exported.loadWeights(model, jsonPath);
    expect(tf.memory().numTensors, "tensors held after loading").toBe(tensors);
    predictAll(model, inputs).forEach((out, k) => expectClose(out, expected[k], 1e-5));
  });
});

describe("weights that do not fit", () => {
  let mlp: ExportedModule;
  let jsonPath = "";
  beforeAll(async () => {
    ({ jsonPath } = await trainedInApp(presetGraph("mlp"), "misfit"));
    mlp = await importExported(writeSource(dir, "misfit.ts", emitTypeScript(presetGraph("mlp"))));
  });

  /** The saved model.json with its weight specs edited, written beside the original. */
  function edited(name: string, edit: (specs: tf.io.WeightsManifestEntry[]) => void): string {
    const json = JSON.parse(readFileSync(jsonPath, "utf8")) as tf.io.ModelJSON;
    edit(json.weightsManifest[0].weights);
    const path = join(dir, "misfit", name);
    writeFileSync(path, JSON.stringify(json));
    return path;
  }

  it("names a weight the file lacks, with its shape", async () => {
    const path = edited("lacks.model.json", (specs) =>
      specs.splice(
        specs.findIndex((s) => s.name === "linear2/bias"),
        1,
      ),
    );
    await expect(mlp.loadWeights(mlp.buildModel(), path)).rejects.toThrow(
      `the weights in ${path} do not fit this model: linear2/bias [32] is missing from the file`,
    );
  });

  it("names a weight whose shape differs, with both shapes", async () => {
    const { jsonPath: narrow } = await trainedInApp(presetGraph("mlp", { hidden: 8 }), "narrow");
    await expect(mlp.loadWeights(mlp.buildModel(), narrow)).rejects.toThrow(
      "linear1/kernel is [2, 32] here but [2, 8] in the file; linear1/bias is [32] here but [8] in the file; linear2/kernel is [32, 32] here but [8, 8]",
    );
  });

  it("names weights the model does not have", async () => {
    const path = edited("extra.model.json", (specs) => specs.push({ name: "linear9/kernel", shape: [2, 2], dtype: "float32" }));
    await expect(mlp.loadWeights(mlp.buildModel(), path)).rejects.toThrow("the file has weights the model does not: linear9/kernel");
  });

  it("names a weights file that is not beside the model.json", async () => {
    const { jsonPath: path } = await trainedInApp(presetGraph("mlp"), "alone");
    rmSync(join(dir, "alone", "mlp-on-spirals.weights.bin"));
    await expect(mlp.loadWeights(mlp.buildModel(), path)).rejects.toThrow(
      `cannot read ${join(dir, "alone")}/mlp-on-spirals.weights.bin (named by ${path}; keep it beside that file): ENOENT`,
    );
  });

  it("names a model.json that is not there", async () => {
    const path = join(dir, "misfit", "none.model.json");
    await expect(mlp.loadWeights(mlp.buildModel(), path)).rejects.toThrow(`cannot read ${path}: ENOENT`);
  });
});

describe("npx tsx model.ts --weights … --steps 0", () => {
  it("loads the weights into the GPT and prints the sample they give, without training", async () => {
    // Small, and with the corpus's characters as its vocabulary, so that it can generate text.
    const graph = presetGraph("gpt", { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 8 });
    await trainedInApp(graph, "run/weights");
    const file = writeSource(join(dir, "run"), "model.ts", emitTypeScript(graph));
    const run = spawnSync(tsx, [file, "--weights", "weights/gpt.model.json", "--steps", "0"], {
      cwd: join(dir, "run"),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const [summary, loaded, ...sample] = run.stdout.split("\n");
    expect(summary).toBe("GPT: 4,480 parameters, on the cpu backend");
    expect(loaded).toBe("Loaded the weights of weights/gpt.model.json");
    expect(run.stdout).not.toMatch(/^step /m);

    // The same sample as generate() from the same weights in this process.
    const exported = await importExported(file);
    const model = exported.buildModel();
    await exported.loadWeights(model, join(dir, "run", "weights", "gpt.model.json"));
    expect(sample.join("\n")).toBe(`${await exported.generate!(model, "\n", 200)}\n`);
  }, 70_000);

  it("loads the weights into the MLP and says so; --steps 0 needs weights", () => {
    const cwd = join(dir, "misfit");
    const file = writeSource(cwd, "mlp.ts", emitTypeScript(presetGraph("mlp")));
    const run = spawnSync(tsx, [file, "--weights", "mlp-on-spirals.model.json", "--steps", "0"], {
      cwd,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe("MLP on spirals: 2,274 parameters, on the cpu backend\nLoaded the weights of mlp-on-spirals.model.json\n");
    const refused = spawnSync(tsx, [file, "--steps", "0"], { cwd, encoding: "utf8", timeout: 60_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("--steps needs a whole number, e.g. --steps 100 (or --steps 0 with --weights: no training)");
  }, 70_000);
});
