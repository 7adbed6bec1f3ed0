/**
 * The training worker's core, driven as the page drives it (without the worker): runs stream
 * events, pause/resume/stop hold, faults end with a message, and every look inside the model
 * (text, boundary, attention, activations, export) returns what a panel would draw.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "@/compiler";
import { TrainingSpecSchema } from "@/graph";
import type { DatasetSpec, TrainConfig } from "@/graph";
import { buildPreset } from "@/presets";
import { createRng, createTrainerCore, generate } from "@/train";
import type { RunInfo, TrainerCore, TrainRequest, WorkerEvent } from "@/train";
import { setWeightsFrom } from "@/train/weights";

function request(id: string, params: Record<string, unknown>, config: Partial<TrainConfig> = {}, dataset?: DatasetSpec): TrainRequest {
  const built = buildPreset(id, params);
  if (!built.ok) throw new Error(built.message);
  const spec = TrainingSpecSchema.parse(built.graph.meta.training);
  return { doc: built.graph, dataset: dataset ?? spec.dataset, config: { ...spec.config, ...config } };
}

const TINY_GPT = { nLayer: 1, nEmbd: 32, nHead: 2, blockSize: 16 };
const SMALL_CORPUS: DatasetSpec = { kind: "corpus", chars: 20_000 };
const gptRequest = (config: Partial<TrainConfig> = {}) =>
  request("gpt", TINY_GPT, { steps: 30, batchSize: 8, evalEvery: 10, evalBatches: 1, ...config }, SMALL_CORPUS);
const mlpRequest = (config: Partial<TrainConfig> = {}, params: Record<string, unknown> = {}) =>
  request("mlp", params, { steps: 300, evalEvery: 100, ...config });

/** Starts a run and records its events; `done` resolves when start() does. */
function startRun(core: TrainerCore, req: TrainRequest) {
  const events: WorkerEvent[] = [];
  const done = core.start(req, (e) => void events.push(e));
  const metrics = () => events.flatMap((e) => (e.type === "metrics" ? [e.metrics] : []));
  return { events, done, metrics };
}

async function until(done: () => boolean, what: string, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!done()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function infoOf(events: WorkerEvent[]): RunInfo {
  const started = events.find((e) => e.type === "started");
  if (started?.type !== "started") throw new Error("no started event");
  return started.info;
}

let core: TrainerCore;

beforeAll(async () => {
  core = createTrainerCore();
  expect(await core.init("auto")).toBe("wasm");
});

describe("a run", () => {
  it("streams started, throttled metrics (every evaluation and the last step kept) and end", async () => {
    const t0 = performance.now();
    const run = startRun(core, mlpRequest());
    await run.done;
    const wallMs = performance.now() - t0;
    const info = infoOf(run.events);
    expect(info).toMatchObject({ backend: "wasm", kind: "classification", pointsTask: { numClasses: 2 }, attention: [] });
    expect(info.params).toBe(2 * 32 + 32 + 2 * (32 * 32 + 32) + 32 * 2 + 2);
    expect(info.preview.length).toBeGreaterThan(0);
    expect(run.events[0].type).toBe("started");
    expect(run.events[run.events.length - 1]).toEqual({ type: "end", status: "done", step: 300 });

    const steps = run.metrics().map((m) => m.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(
      run
        .metrics()
        .filter((m) => m.valLoss !== undefined)
        .map((m) => m.step),
    ).toEqual([100, 200, 300]);
    expect(steps[steps.length - 1]).toBe(300);
    // At most ~10 a second, plus the evaluations and the first and last steps.
    expect(steps.length).toBeLessThan(300);
    expect(steps.length).toBeLessThanOrEqual(Math.ceil(wallMs / 100) + 5);
    expect(run.metrics().every((m) => Number.isFinite(m.loss) && m.tokensPerSec > 0)).toBe(true);
  });

  it("pauses at a step until resumed, then stops with status stopped", async () => {
    const run = startRun(core, mlpRequest({ steps: 100_000, evalEvery: 100_000 }));
    await until(() => run.metrics().length > 0, "the first metrics");
    await core.pause();
    await until(() => run.events.some((e) => e.type === "paused"), "paused");
    const paused = run.events.find((e) => e.type === "paused") as { step: number };
    const seen = run.events.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(run.events.length).toBe(seen); // nothing moves while paused
    expect(run.metrics().at(-1)!.step).toBe(paused.step); // the last step before the pause was sent

    await core.resume();
    await until(() => run.metrics().some((m) => m.step > paused.step + 5), "steps after resume");
    expect(run.events[seen]).toEqual({ type: "resumed", step: paused.step });

    await core.stop();
    await run.done;
    const end = run.events.at(-1)!;
    expect(end).toMatchObject({ type: "end", status: "stopped" });
    expect((end as { step: number }).step).toBe(run.metrics().at(-1)!.step);
    expect((end as { step: number }).step).toBeLessThan(100_000);
  });

  it("a stop while paused ends the run without another step or a resumed event", async () => {
    const run = startRun(core, mlpRequest({ steps: 100_000, evalEvery: 100_000 }));
    await until(() => run.metrics().length > 0, "the first metrics");
    await core.pause();
    await until(() => run.events.some((e) => e.type === "paused"), "paused");
    const step = (run.events.find((e) => e.type === "paused") as { step: number }).step;
    await core.stop();
    await run.done;
    expect(run.events.at(-1)).toEqual({ type: "end", status: "stopped", step });
    expect(run.events.some((e) => e.type === "resumed")).toBe(false);
  });

  it("a new start stops the run in progress first", async () => {
    const first = startRun(core, mlpRequest({ steps: 100_000, evalEvery: 100_000 }));
    await until(() => first.metrics().length > 0, "the first run's metrics");
    const second = startRun(core, mlpRequest({ steps: 20 }));
    await Promise.all([first.done, second.done]);
    expect(first.events.at(-1)).toMatchObject({ type: "end", status: "stopped" });
    expect(second.events.at(-1)).toEqual({ type: "end", status: "done", step: 20 });
  });

  it("an absurd learning rate ends with diverged, naming the step and the learning rate", async () => {
    const run = startRun(
      core,
      mlpRequest({ lr: 100, optimizer: "sgd", clipNorm: 0, schedule: "constant", warmupSteps: 0, steps: 200 }, { hidden: 256 }),
    );
    await run.done;
    const last = run.events.at(-1)!;
    expect(last.type).toBe("diverged");
    if (last.type !== "diverged") return;
    expect(last.step).toBeLessThan(200);
    expect(last.message).toContain(`at step ${last.step} with learning rate 100;`);
    expect(last.message).toMatch(/the loss became (NaN|Infinity|-Infinity)/);
  });

  it("a graph with problems fails with its diagnostics and says why it cannot start", async () => {
    const run = startRun(core, request("gpt", { nHead: 6, nEmbd: 128 }));
    await run.done;
    expect(run.events.map((e) => e.type)).toEqual(["failed"]);
    const failed = run.events[0] as Extract<WorkerEvent, { type: "failed" }>;
    expect(failed.message).toMatch(/^cannot start training: the graph has \d+ problems?: .*heads \(6\) must divide/);
    expect(failed.diagnostics?.length).toBeGreaterThan(0);
    expect(failed.diagnostics?.[0].severity).toBe("error");
  });

  it("a lost backend restarts the run on the next one with a notice", async () => {
    const run = startRun(core, mlpRequest({ steps: 400, evalEvery: 400 }));
    await until(() => run.metrics().length > 0, "the first metrics");
    core.backendLost("the WebGL context was lost");
    await run.done;
    const types = run.events.map((e) => e.type);
    expect(types.filter((t) => t === "started")).toHaveLength(2);
    const notice = run.events.find((e) => e.type === "notice") as { message: string };
    expect(notice.message).toMatch(/^the WebGL context was lost at step \d+: the run restarted from step 0 on cpu$/);
    expect(infoOf(run.events.slice(types.indexOf("notice"))).backend).toBe("cpu");
    expect(run.events.at(-1)).toEqual({ type: "end", status: "done", step: 400 });
    expect(await core.init("wasm")).toBe("wasm");
  });
});

describe("without a model", () => {
  it("every look inside fails at once with a clear message", async () => {
    const fresh = createTrainerCore();
    const calls: Array<() => Promise<unknown>> = [
      () => fresh.generate({ prompt: "", maxTokens: 5, temperature: 1, topK: 0 }, () => {}),
      () => fresh.boundary(10),
      () => fresh.sequenceExamples(4),
      () => fresh.attention("blocks_0_attn", 0),
      () => fresh.activationStats("ln_f"),
      () => fresh.exportWeights(),
      () => fresh.resetWeights(),
    ];
    for (const call of calls) await expect(call()).rejects.toThrow("no model yet: train or load a model first");
    expect(await fresh.ping()).toBeGreaterThan(0);
  });

  it("weights cannot go to IndexedDB in Node, and say so", async () => {
    await startRun(core, mlpRequest({ steps: 2 })).done;
    await expect(core.saveWeights("k")).rejects.toThrow("needs IndexedDB");
    await expect(core.loadWeights("k")).rejects.toThrow("needs IndexedDB");
  });
});

describe("a tiny GPT after training", () => {
  let info: RunInfo;
  beforeAll(async () => {
    const run = startRun(core, gptRequest());
    await run.done;
    expect(run.events.at(-1)).toEqual({ type: "end", status: "done", step: 30 });
    info = infoOf(run.events);
  });

  it("reports its vocabulary, context and attention layers", () => {
    expect(info.kind).toBe("language_model");
    expect(info.blockSize).toBe(16);
    expect(info.vocabulary!.length).toBeGreaterThan(20);
    expect(info.attention).toEqual([{ nodeId: "blocks_0_attn", port: "weights", heads: 2, causal: true }]);
  });

  it("generates text of the requested length from known characters only, streamed in chunks", async () => {
    const chunks: string[] = [];
    const text = await core.generate({ prompt: "Once upon", maxTokens: 60, temperature: 1, topK: 0, seed: 3 }, (c) => void chunks.push(c));
    expect(Array.from(text)).toHaveLength(60);
    expect(Array.from(text).every((c) => info.vocabulary!.includes(c))).toBe(true);
    expect(chunks.join("")).toBe(text);
    // The same seed gives the same text.
    expect(await core.generate({ prompt: "Once upon", maxTokens: 60, temperature: 1, topK: 0, seed: 3 }, () => {})).toBe(text);
  });

  it("drops prompt characters the tokenizer does not know instead of failing", async () => {
    const text = await core.generate({ prompt: "☃ Once € upon 😀", maxTokens: 20, temperature: 0.8, topK: 5, seed: 1 }, () => {});
    expect(Array.from(text)).toHaveLength(20);
    expect(await core.generate({ prompt: "☃€😀", maxTokens: 10, temperature: 0, topK: 0 }, () => {})).toHaveLength(10);
    await expect(core.generate({ prompt: "", maxTokens: -1, temperature: 1, topK: 0 }, () => {})).rejects.toThrow(
      "maxTokens must be a whole number",
    );
  });

  it("shows a causal attention map on a validation example: rows sum to 1, the upper triangle is 0", async () => {
    const map = await core.attention("blocks_0_attn", 2);
    expect(map).toMatchObject({ layer: "blocks_0_attn", heads: 2, causal: true });
    const T = 16;
    expect(map.weights.length).toBe(2 * T * T);
    expect(map.queryTokens).toEqual(map.keyTokens);
    expect(map.queryTokens).toHaveLength(T);
    expect(map.queryTokens.every((c) => info.vocabulary!.includes(c))).toBe(true);
    for (let h = 0; h < 2; h++) {
      for (let i = 0; i < T; i++) {
        const row = map.weights.subarray((h * T + i) * T, (h * T + i + 1) * T);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(Array.from(row.subarray(i + 1)).every((w) => w === 0)).toBe(true);
      }
    }
    await expect(core.attention("nope", 0)).rejects.toThrow('no attention layer "nope" in this model; it has blocks_0_attn');
  });

  it("shows the attention map of a typed text, cropped to its length, unknown characters dropped", async () => {
    const map = await core.attention("blocks_0_attn", 0, "Once€ upon");
    expect(map.queryTokens).toEqual(Array.from("Once upon"));
    expect(map.keyTokens).toEqual(Array.from("Once upon"));
    expect(map.weights.length).toBe(2 * 9 * 9);
  });

  it("exports tfjs artifacts that tf.loadLayersModel reads back with the same predictions", async () => {
    const { modelJson, weights } = await core.exportWeights();
    const json = JSON.parse(modelJson);
    expect(json.format).toBe("layers-model");
    expect(json.weightsManifest[0].paths).toEqual(["./model.weights.bin"]);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights }),
    );
    try {
      expect(loaded.countParams()).toBe(info.params);
      // Greedy sampling is a function of the logits alone: the same text from both models.
      const prompt = "Once upon a time";
      const mine = await core.generate({ prompt, maxTokens: 30, temperature: 0, topK: 0 }, () => {});
      const vocab = info.vocabulary!;
      const ids = await generate(
        loaded,
        Array.from(prompt, (c) => vocab.indexOf(c)),
        { maxTokens: 30, temperature: 0, topK: 0, blockSize: 16, vocabLimit: vocab.length },
        createRng(0),
      );
      expect(ids.map((i) => vocab[i]).join("")).toBe(mine);
    } finally {
      loaded.dispose();
    }
  });

  it("refuses what only other tasks have", async () => {
    await expect(core.boundary(10)).rejects.toThrow("2-D points");
    await expect(core.sequenceExamples(4)).rejects.toThrow("sequence task");
  });
});

describe("an MLP on spirals after training", () => {
  let reluRef: string;
  beforeAll(async () => {
    const req = mlpRequest({ steps: 600, evalEvery: 600 });
    reluRef = req.doc.nodes.find((n) => n.type === "Activation")!.id;
    await startRun(core, req).done;
  });

  it("draws the decision boundary on resolution² cells, with accuracy and a confusion matrix over the validation split", async () => {
    const b = await core.boundary(24);
    expect(b.classes).toHaveLength(24 * 24);
    expect(b.confidence).toHaveLength(24 * 24);
    expect(Array.from(b.classes).every((c) => c === 0 || c === 1)).toBe(true);
    expect(Array.from(b.confidence).every((p) => p >= 0.5 && p <= 1)).toBe(true);
    expect(new Set(b.classes).size).toBe(2);
    // 2,000 points, the last tenth held out.
    expect(b.labels).toHaveLength(200);
    expect(b.points).toHaveLength(400);
    expect(b.confusion.flat().reduce((a, c) => a + c, 0)).toBe(200);
    expect(b.accuracy).toBeCloseTo((b.confusion[0][0] + b.confusion[1][1]) / 200, 10);
    expect(b.accuracy).toBeGreaterThan(0.6);
    for (let i = 0; i < b.points.length; i += 2) {
      expect(b.points[i]).toBeGreaterThan(b.xMin);
      expect(b.points[i]).toBeLessThan(b.xMax);
      expect(b.points[i + 1]).toBeGreaterThan(b.yMin);
      expect(b.points[i + 1]).toBeLessThan(b.yMax);
    }
  });

  it("summarises a ReLU output: zeros fraction in [0, 1], no negatives, a 30-bin histogram of every element", async () => {
    const s = await core.activationStats(reluRef);
    expect(s.ref).toBe(reluRef);
    expect(s.shape).toEqual([32, 32]);
    expect(s.zeros).toBeGreaterThan(0);
    expect(s.zeros).toBeLessThanOrEqual(1);
    expect(s.min).toBe(0);
    expect(s.max).toBeGreaterThan(0);
    expect(s.std).toBeGreaterThan(0);
    expect(s.histogram.counts).toHaveLength(30);
    expect(s.histogram.edges).toHaveLength(31);
    expect(s.histogram.counts.reduce((a, c) => a + c, 0)).toBe(32 * 32);
    expect(s.histogram.counts[0]).toBeGreaterThanOrEqual(Math.round(s.zeros * 32 * 32));
    expect(s.nonFinite).toBe(0);
    await expect(core.activationStats("nope")).rejects.toThrow("no tensor nope:out in this model");
  });

  it("reset gives fresh weights, the same ones for the same seed", async () => {
    const trained = await core.boundary(12);
    await core.resetWeights();
    const fresh = await core.boundary(12);
    await core.resetWeights();
    const again = await core.boundary(12);
    expect(Array.from(again.confidence)).toEqual(Array.from(fresh.confidence));
    expect(Array.from(fresh.confidence)).not.toEqual(Array.from(trained.confidence));
  });

  it("exports weights a loaded model predicts the boundary with", async () => {
    const b = await core.boundary(8);
    const { modelJson, weights } = await core.exportWeights();
    const json = JSON.parse(modelJson);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights }),
    );
    const cell = (i: number) => [
      b.xMin + ((i % 8) + 0.5) * ((b.xMax - b.xMin) / 8),
      b.yMax - (Math.floor(i / 8) + 0.5) * ((b.yMax - b.yMin) / 8),
    ];
    const probs = tf.tidy(() =>
      tf
        .softmax(loaded.predict(tf.tensor2d(Array.from({ length: 64 }, (_, i) => cell(i)))) as tf.Tensor)
        .max(-1)
        .dataSync(),
    );
    loaded.dispose();
    Array.from(probs).forEach((p, i) => expect(p).toBeCloseTo(b.confidence[i], 5));
  });
});

describe("weights", () => {
  it("export during a run waits for the step in progress and holds the next; the run goes on", async () => {
    const run = startRun(core, mlpRequest({ steps: 100_000, evalEvery: 100_000 }));
    await until(() => run.metrics().length > 0, "the first metrics");
    const exports = await Promise.all([core.exportWeights(), core.exportWeights()]);
    expect(exports[0].weights.byteLength).toBe(4 * (2 * 32 + 32 + 2 * (32 * 32 + 32) + 32 * 2 + 2));
    const step = run.metrics().at(-1)!.step;
    await until(() => run.metrics().at(-1)!.step > step + 5, "steps after the export");
    await core.stop();
    await run.done;
    expect(run.events.at(-1)).toMatchObject({ type: "end", status: "stopped" });
  });

  it("loading weights into a graph they do not fit names the first weight that differs", async () => {
    await startRun(core, mlpRequest({ steps: 5 })).done;
    const { modelJson, weights } = await core.exportWeights();
    const artifacts = { weightSpecs: JSON.parse(modelJson).weightsManifest[0].weights, weightData: weights };
    const narrow = compile(mlpRequest({}, { hidden: 16 }).doc);
    const same = compile(mlpRequest().doc, { seed: 5 });
    if (!narrow.ok || !same.ok) throw new Error("compile failed");
    try {
      expect(() => setWeightsFrom(narrow.compiled.model, artifacts, "run 1")).toThrow(
        /^the weights saved as "run 1" do not fit this graph: \S+ is \[2, 16\] here but \[2, 32\] in the file$/,
      );
      const before = tf.memory().numTensors;
      setWeightsFrom(same.compiled.model, artifacts, "run 1");
      expect(tf.memory().numTensors).toBe(before);
      const b = await core.boundary(4);
      const probs = tf.tidy(() =>
        tf
          .softmax(
            same.compiled.model.predict(tf.tensor2d([[b.xMin + (b.xMax - b.xMin) / 8, b.yMax - (b.yMax - b.yMin) / 8]])) as tf.Tensor,
          )
          .max(-1)
          .dataSync(),
      );
      expect(probs[0]).toBeCloseTo(b.confidence[0], 5);
    } finally {
      narrow.compiled.model.dispose();
      same.compiled.model.dispose();
    }
  });
});

describe("sequence tasks", () => {
  it("an encoder–decoder shows examples, and cross-attention runs from target tokens to source tokens", async () => {
    const req = request("transformer", { nLayer: 1, dModel: 16, nHead: 2, length: 4 }, { steps: 20, evalEvery: 20, batchSize: 16 });
    const run = startRun(core, req);
    await run.done;
    expect(run.events.at(-1)).toEqual({ type: "end", status: "done", step: 20 });
    expect(infoOf(run.events).sequenceTask).toBe(true);

    const ev = await core.sequenceExamples(50);
    expect(ev.examples.length).toBeGreaterThan(0);
    expect(ev.examples[0].input).toMatch(/^\d{4}$/);
    expect(ev.exactAccuracy).toBeGreaterThanOrEqual(0);
    expect(ev.exactAccuracy).toBeLessThanOrEqual(1);

    const cross = await core.attention("decoder_0_attn3", 1);
    expect(cross.causal).toBe(false);
    expect(cross.queryTokens[0]).toBe("<bos>");
    expect(cross.keyTokens.every((t) => /^\d$/.test(t))).toBe(true);
    const encoder = await core.attention("encoder_0_attn1", 1);
    expect(encoder.queryTokens).toEqual(cross.keyTokens);
    expect(encoder.keyTokens).toEqual(cross.keyTokens);
    const decoder = await core.attention("decoder_0_attn2", 1);
    expect(decoder.queryTokens).toEqual(cross.queryTokens);
  });
});

describe("memory", () => {
  it("tf.memory().numTensors is the same after a second run of the same graph and after every look inside", async () => {
    const req = gptRequest({ steps: 12, evalEvery: 6 });
    await startRun(core, req).done;
    const afterFirst = tf.memory().numTensors;
    await startRun(core, req).done;
    expect(tf.memory().numTensors).toBe(afterFirst);
    await core.generate({ prompt: "The", maxTokens: 10, temperature: 1, topK: 0 }, () => {});
    await core.attention("blocks_0_attn", 0);
    await core.attention("blocks_0_attn", 0, "hello");
    await core.activationStats("blocks_0_mlp_c_fc");
    await core.exportWeights();
    expect(tf.memory().numTensors).toBe(afterFirst);
    // A graph that cannot start keeps the model there was.
    await startRun(core, request("gpt", { nHead: 6, nEmbd: 128 })).done;
    expect(tf.memory().numTensors).toBe(afterFirst);
    // A reset model has no optimiser state yet; a second reset frees the first.
    await core.resetWeights();
    const afterReset = tf.memory().numTensors;
    expect(afterReset).toBeLessThan(afterFirst);
    await core.resetWeights();
    expect(tf.memory().numTensors).toBe(afterReset);
  });
});
