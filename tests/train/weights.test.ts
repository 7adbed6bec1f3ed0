/**
 * Weights saved before the LSTM and GRU blocks lowered to TLLSTM / TLGRU (tfjs's cells: kernel,
 * recurrent_kernel, one bias) do not load into today's graph, with a message that says why and
 * what to do; weights saved from today's graph load back exactly.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "@/compiler";
import type { CompiledModel } from "@/compiler";
import { createBuilder } from "@/graph";
import { setWeightsFrom } from "@/train/weights";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const [T, V, C, H] = [8, 13, 4, 6];

/** Input → Embedding → the cell → Linear head, the layers named as the app names them. */
function compiledGraph(cell: "LSTM" | "GRU", seed = 3): CompiledModel {
  const b = createBuilder(`${cell} weights`);
  const ids = b.node("Input", { kind: "tokens", seqLen: T, vocabSize: V }, {}, { id: "tokens" });
  const h = b.node("Embedding", { vocabSize: V, dim: C }, { ids }, { id: "embed" });
  const r = b.node(cell, { units: H, returnSequences: true }, { x: h }, { id: "cell" });
  const head = b.node("Linear", { units: V }, { x: r }, { id: "head" });
  b.node("Output", { kind: "language_model" }, { x: head }, { id: "loss" });
  const c = compile(b.build({}), { seed });
  if (!c.ok) throw new Error(c.diagnostics.map((d) => d.message).join("; "));
  return c.compiled;
}

/** The artifacts tfjs saves for a model, in memory. */
async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  return saved!;
}

/** The same graph as the block compiled before issue 13: tfjs's own LSTM/GRU layer named "cell". */
function oldModel(cell: "LSTM" | "GRU"): tf.LayersModel {
  const rnn = { units: H, returnSequences: true, name: "cell" };
  return tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: V, outputDim: C, inputLength: T, name: "embed" }),
      cell === "LSTM" ? tf.layers.lstm(rnn) : tf.layers.gru(rnn),
      tf.layers.dense({ units: V, name: "head" }),
    ],
  });
}

describe.each(["LSTM", "GRU"] as const)("%s", (cell) => {
  it("weights of tfjs's old cell fail to load, naming the layer, the change and the fix", async () => {
    const old = oldModel(cell);
    const artifacts = await artifactsOf(old);
    expect(artifacts.weightSpecs!.map((s) => s.name)).toContain("cell/recurrent_kernel");
    const now = compiledGraph(cell);
    const before = now.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(() => setWeightsFrom(now.model, artifacts, "run 1")).toThrow(
      /^the weights saved as "run 1" do not fit this graph: cell was saved as tfjs's LSTM\/GRU \(one bias, hard-sigmoid gates\); .* two biases, .* train the graph again$/,
    );
    expect(now.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    old.dispose();
    now.model.dispose();
  });

  it("weights saved from today's graph load back into a fresh copy exactly", async () => {
    const a = compiledGraph(cell);
    expect(a.model.weights.map((w) => w.originalName)).toEqual([
      "embed/embeddings",
      "cell/kernel",
      "cell/recurrentKernel",
      "cell/biasIh",
      "cell/biasHh",
      "head/kernel",
      "head/bias",
    ]);
    a.model.setWeights(a.model.getWeights().map((w, i) => tf.add(w, (i + 1) * 0.01)));
    const b = compiledGraph(cell, 9);
    const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(values(b.model)).not.toEqual(values(a.model));
    setWeightsFrom(b.model, await artifactsOf(a.model), "run 1");
    expect(values(b.model)).toEqual(values(a.model));
    a.model.dispose();
    b.model.dispose();
  });
});
