import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../../compiler";
import type { TorchTrainConfig } from "../../../compiler";
import { buildPreset } from "../../../presets";
import { createTask, torchTrainingFiles } from "../../../train";

describe("torchTrainingFiles", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("gives the MLP preset's project its settings, loss and the app's spiral rows", () => {
    const built = buildPreset("mlp");
    if (!built.ok) throw new Error(built.message);
    const result = compile(built.graph);
    if (!result.ok) throw new Error(result.diagnostics[0].message);
    const r = torchTrainingFiles(built.graph, result.compiled);
    if (!r.ok) throw new Error(r.message);
    const config = JSON.parse(r.files["config.json"] as string) as TorchTrainConfig;
    expect(config.loss).toBe("classification");
    expect(config.train).toEqual((built.graph.meta.training as { config: unknown }).config);
    expect(r.files["train.py"]).toMatch(/^"""Trains model\.Model/);
    // The train rows are the rows the app's batches are drawn from, in the same order.
    const task = createTask((built.graph.meta.training as { dataset: never }).dataset, result.compiled, config.train.seed);
    if (!task.ok || !task.bundle.points) throw new Error("no points");
    const { x, valStart } = task.bundle.points;
    const bin = r.files["data/train_input_0.bin"] as Uint8Array;
    const rows = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    expect(config.data.train).toMatchObject({ kind: "rows", inputs: [{ dtype: "float32", shape: [valStart, 2] }] });
    expect(Array.from(rows)).toEqual(Array.from(x.subarray(0, valStart * 2)));
    result.compiled.model.dispose();
  });
});
