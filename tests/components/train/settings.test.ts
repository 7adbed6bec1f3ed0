import { describe, expect, it } from "vitest";
import { activationTargets, targetForSelection } from "@/components/train/activationTargets";
import { alignRuns, hasColumn, tickLabel } from "@/components/train/chartData";
import { appendMetrics, createSeries } from "@/components/train/metricSeries";
import { panelsFor } from "@/components/train/panelsFor";
import {
  changeDatasetKind,
  configFields,
  datasetFields,
  datasetSummary,
  fieldApplies,
  settingsFromDocument,
} from "@/components/train/settings";
import { modelFingerprint } from "@/components/train/staleness";
import { moveNodes, setParams } from "@/graph";
import type { GraphDocument } from "@/graph";
import type { Metrics, RunInfo } from "@/train";
import { buildPreset } from "@/presets";

const preset = (id: string): GraphDocument => {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
};

describe("training settings", () => {
  it("start from the document's meta.training, as each preset sets it", () => {
    const gpt = settingsFromDocument(preset("gpt").meta.training);
    expect(gpt.dataset).toEqual({ kind: "corpus", chars: 250_000 });
    expect(gpt.config).toMatchObject({ optimizer: "adamw", lr: 2e-3, steps: 600, batchSize: 16 });
    expect(settingsFromDocument(preset("mlp").meta.training).dataset).toMatchObject({ kind: "points", name: "spirals" });
    expect(settingsFromDocument(preset("transformer").meta.training).dataset).toMatchObject({ kind: "sequence", format: "seq2seq" });
  });

  it("fall back to defaults for a document without settings, keeping what is valid of broken ones", () => {
    expect(settingsFromDocument(undefined).dataset.kind).toBe("points");
    expect(settingsFromDocument(undefined).config.steps).toBe(500);
    const half = settingsFromDocument({ dataset: { kind: "corpus", chars: 20_000 }, config: { steps: -1 } });
    expect(half.dataset).toEqual({ kind: "corpus", chars: 20_000 });
    expect(half.config.steps).toBe(500);
  });

  it("describe the forms from the zod schemas, with docs for every field", () => {
    expect(datasetFields("points").map((f) => f.key)).toEqual(["name", "samples", "noise", "classes"]);
    expect(datasetFields("points").find((f) => f.key === "name")).toMatchObject({
      kind: "enum",
      options: ["spirals", "moons", "circles", "xor", "blobs"],
    });
    expect(datasetFields("text")).toEqual([]);
    expect(datasetFields("csv").map((f) => f.key)).toEqual(["label"]);
    const config = configFields();
    expect(config[0]).toMatchObject({ key: "optimizer", kind: "enum" });
    expect(config.find((f) => f.key === "lr")).toMatchObject({ kind: "number", min: 0, max: 100, doc: "Peak learning rate" });
    expect(config.every((f) => f.doc)).toBe(true);
    expect(datasetFields("sequence").every((f) => f.doc)).toBe(true);
  });

  it("show optimiser-specific fields only where they apply", () => {
    const c = settingsFromDocument(undefined).config;
    expect(fieldApplies("weightDecay", { ...c, optimizer: "adam" })).toBe(false);
    expect(fieldApplies("weightDecay", { ...c, optimizer: "adamw" })).toBe(true);
    expect(fieldApplies("momentum", { ...c, optimizer: "sgd" })).toBe(true);
    expect(fieldApplies("minLrRatio", { ...c, schedule: "constant" })).toBe(false);
  });

  it("switch dataset kinds keeping the sample count", () => {
    const seq = changeDatasetKind({ kind: "points", name: "moons", samples: 5000, noise: 0.1, classes: 2 }, "sequence");
    expect(seq).toMatchObject({ kind: "sequence", samples: 5000, task: "reverse" });
    // 20 samples is fine for points but below the sequence minimum: the default is used.
    expect(changeDatasetKind({ kind: "points", name: "moons", samples: 20, noise: 0.1, classes: 2 }, "sequence")).toMatchObject({
      samples: 20_000,
    });
    expect(datasetSummary({ kind: "csv", text: "a,b,label\n1,2,x\n3,4,y\n", label: "" })).toBe("2 rows; columns a,b,label");
  });
});

describe("stale runs", () => {
  it("a moved node or renamed document builds the same model; a changed param does not", () => {
    const doc = preset("mlp");
    const fp = modelFingerprint(doc);
    const moved = moveNodes(doc, { positions: { [doc.nodes[1].id]: { x: 999, y: 999 } } });
    expect(moved.nodes[1].position).toEqual({ x: 999, y: 999 });
    expect(modelFingerprint({ ...moved, name: "renamed", meta: {} })).toBe(fp);
    const linear = doc.nodes.find((n) => n.type === "Linear")!;
    const edited = setParams(doc, { id: linear.id, params: { units: 7 } });
    expect(edited.ok).toBe(true);
    if (edited.ok) expect(modelFingerprint(edited.graph)).not.toBe(fp);
  });
});

describe("activation targets", () => {
  it("lists every flat node with an output, and follows the canvas selection into repeated blocks", () => {
    const doc = preset("gpt");
    const targets = activationTargets(doc);
    const refs = targets.map((t) => t.ref);
    expect(refs).toContain("wte");
    expect(refs).toContain("blocks_0_attn");
    expect(refs).not.toContain("loss");
    expect(targets.find((t) => t.ref === "blocks_1_attn")?.label).toBe("attn (blocks 2)");
    expect(targetForSelection(targets, ["ln_f"], undefined)?.ref).toBe("ln_f");
    // The block node itself: what flows out of its last copy.
    expect(targetForSelection(targets, ["blocks"], undefined)?.ref).toMatch(/^blocks_3_/);
    // Inside the block body: the first copy.
    expect(targetForSelection(targets, ["attn"], "block")?.ref).toBe("blocks_0_attn");
    expect(targetForSelection(targets, ["a", "b"], undefined)).toBeUndefined();
  });
});

describe("chart data", () => {
  const m = (step: number, loss: number, extra: Partial<Metrics> = {}): Metrics => ({
    step,
    loss,
    lr: 0.01,
    tokensPerSec: 1,
    msPerStep: 1,
    elapsedMs: 1,
    ...extra,
  });

  it("aligns runs of different lengths on the union of their steps", () => {
    const a = createSeries();
    const b = createSeries();
    for (let i = 1; i <= 3; i++) appendMetrics(a, m(i, i, i === 2 ? { valLoss: 9 } : {}));
    for (let i = 2; i <= 4; i++) appendMetrics(b, m(i, 10 * i));
    expect(alignRuns([a, b], "loss")).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, null],
      [null, 9, null, null],
      [null, 20, 30, 40],
      [null, null, null, null],
    ]);
    expect(alignRuns([a], "lr")).toEqual([
      [1, 2, 3],
      [0.01, 0.01, 0.01],
    ]);
    expect(hasColumn([a, b], "accuracy")).toBe(false);
  });

  it("labels ticks short enough for a 260px dock, a diverging loss included", () => {
    expect(tickLabel("loss", 2.5)).toBe("2.5");
    expect(tickLabel("loss", 1.6e10)).toBe("1.6e10");
    expect(tickLabel("loss", 2e10)).toBe("2e10");
    expect(tickLabel("lr", 0.002)).toBe("2e-3");
    expect(tickLabel("lr", 0.02)).toBe("0.02");
    expect(tickLabel("accuracy", 0.75)).toBe("75%");
  });
});

describe("panels", () => {
  const info = (over: Partial<RunInfo>): RunInfo => ({
    backend: "cpu",
    params: 1,
    kind: "classification",
    preview: [],
    attention: [],
    ...over,
  });

  it("show only what applies to the run's kind", () => {
    expect(panelsFor(undefined)).toEqual(["setup", "curves"]);
    expect(panelsFor(info({ pointsTask: { numClasses: 2 } }))).toEqual(["setup", "curves", "boundary", "activations"]);
    expect(
      panelsFor(
        info({
          kind: "language_model",
          vocabulary: ["a"],
          blockSize: 8,
          attention: [{ nodeId: "attn1", port: "weights", heads: 4, causal: true }],
        }),
      ),
    ).toEqual(["setup", "curves", "generate", "attention", "activations"]);
    expect(panelsFor(info({ sequenceTask: true, attention: [{ nodeId: "a", port: "weights", heads: 2, causal: false }] }))).toEqual([
      "setup",
      "curves",
      "sequences",
      "attention",
      "activations",
    ]);
    // A decoder-only model on a sequence task is a language model, but there is no text to generate.
    expect(panelsFor(info({ kind: "language_model", sequenceTask: true, vocabulary: ["1"] }))).not.toContain("generate");
  });
});
