/** The planner on a GPT-2-small-sized graph: which strategies fit 8 × 16 GB, and why. */
import { describe, expect, test } from "vitest";
import { analyse, DEFAULT_CLUSTER, modelFigures, planParallelism } from "@/graph";
import type { Cluster, StrategyPlan } from "@/graph";
import { buildPreset } from "@/presets";

const gpt2 = (() => {
  const r = buildPreset("gpt", { nLayer: 12, nEmbd: 768, nHead: 12, blockSize: 1024, vocabSize: 50257 });
  if (!r.ok) throw new Error(r.message);
  return r.graph;
})();
const figures = modelFigures(gpt2, analyse(gpt2));
const plan = (c: Partial<Cluster> = {}) => planParallelism(figures, { ...DEFAULT_CLUSTER, ...c });
const byId = (rows: StrategyPlan[]) => Object.fromEntries(rows.map((r) => [r.strategy, r]));

describe("planParallelism for GPT-2 small (124M) on 8 GPUs", () => {
  test("every row has the JSON fields and a total equal to model states + activations", () => {
    for (const s of plan().strategies) {
      expect(s).toMatchObject({
        strategy: expect.any(String),
        modelStateBytes: expect.any(Number),
        activationBytes: expect.any(Number),
        totalBytes: expect.any(Number),
        fits: expect.any(Boolean),
        commBytesPerStep: expect.any(Number),
      });
      expect(s.totalBytes).toBeCloseTo(s.modelStateBytes + s.activationBytes, 0);
      expect(s.citations.some((c) => c.startsWith("Rajbhandari et al. 2020"))).toBe(true);
    }
  });

  test("plain data parallel keeps 16Ψ = 1.99 GB of model states on each GPU; ZeRO-3 keeps 16Ψ/8", () => {
    const rows = byId(plan().strategies);
    expect(rows.dp.modelStateBytes).toBe(16 * 124_439_808);
    expect(rows.zero3.modelStateBytes).toBe((16 * 124_439_808) / 8);
    expect(rows.zero1.modelStateBytes).toBe(4 * 124_439_808 + (12 * 124_439_808) / 8);
  });

  test("with micro-batch 16, plain DP and ZeRO do not fit 16 GB (activations ~20 GB), recompute and tensor parallel do", () => {
    const rows = byId(plan({ microBatch: 16 }).strategies);
    // 12 layers · 1024·16·768 · (34 + 80) bytes + the fp32 logits 4·1024·16·50257.
    const act = 12 * 1024 * 16 * 768 * 114 + 4 * 1024 * 16 * 50257;
    expect(rows.dp.activationBytes).toBe(act);
    expect(rows.dp.fits).toBe(false);
    expect(rows.zero3.fits).toBe(false);
    expect(rows["dp-recompute"].fits).toBe(true);
    expect(rows["zero3-recompute"].fits).toBe(true);
    expect(rows["tp4-sp-sel"].fits).toBe(true);
  });

  test("12 heads on 8 GPUs: tensor parallel picks 4 (it must divide the heads), the rest is data parallel", () => {
    const rows = byId(plan().strategies);
    expect(rows.tp4).toMatchObject({ tp: 4, dp: 2, pp: 1, applicable: true });
    expect(rows.pp4).toMatchObject({ pp: 4, dp: 2 });
    expect(rows["tp4-pp2-dp1"]).toMatchObject({ tp: 4, pp: 2, dp: 1 });
  });

  test("the pipeline's bubble is (p − 1)/(m + p − 1) with m = globalBatch / (dp · microBatch)", () => {
    const pp = byId(plan({ microBatch: 8, globalBatch: 64 }).strategies).pp4;
    expect(pp.microBatches).toBe(4); // 64 / (2 · 8)
    expect(pp.bubbleFraction).toBeCloseTo(3 / 7, 12);
  });

  test("data-parallel traffic is the ring all-reduce of the fp16 gradients, ×1.5 for ZeRO-3", () => {
    const rows = byId(plan().strategies);
    expect(rows.dp.comm.dataParallel).toBeCloseTo(2 * (7 / 8) * 2 * 124_439_808, 0);
    expect(rows.zero3.commBytesPerStep).toBeCloseTo(1.5 * rows.dp.commBytesPerStep, 0);
    expect(rows.tp4.comm.tensorParallel).toBeGreaterThan(rows.tp4.comm.dataParallel);
  });

  test("fp32 SGD needs 4 + 4 + 4 bytes per parameter; more GPUs than fit a node need whole nodes", () => {
    expect(byId(plan({ precision: "fp32", optimizer: "sgd" }).strategies).dp.modelStateBytes).toBe(12 * 124_439_808);
    expect(plan({ gpus: 12, gpusPerNode: 8 }).problems[0]).toMatch(/gpus \(12\) must fill whole nodes of 8/);
  });

  test("a torchrun command per strategy: FSDP full shard for ZeRO-3, a rendezvous across nodes", () => {
    expect(byId(plan().strategies).zero3.torchrun).toMatch(/^torchrun --standalone --nproc_per_node=8 train\.py --engine=fsdp-full-shard/);
    expect(byId(plan({ gpus: 16 }).strategies).dp.torchrun).toMatch(/^torchrun --nnodes=2 --nproc_per_node=8 --rdzv_backend=c10d/);
  });
});

describe("planParallelism for a graph that is not a Transformer", () => {
  test("an MLP gets data parallel and ZeRO; recompute, tensor and pipeline parallel say what they need", () => {
    const r = buildPreset("mlp");
    if (!r.ok) throw new Error(r.message);
    const p = planParallelism(modelFigures(r.graph, analyse(r.graph)), DEFAULT_CLUSTER);
    const rows = byId(p.strategies);
    expect(rows.dp.applicable).toBe(true);
    expect(rows.dp.fits).toBe(true);
    const tp = p.strategies.find((s) => s.strategy.startsWith("tp"))!;
    expect(tp.applicable).toBe(false);
    expect(tp.fits).toBe(false);
    expect(tp.reason).toMatch(/needs a Transformer's layers, width and heads/);
    expect(p.notes.join(" ")).toMatch(/Not a decoder-only Transformer/);
    expect(p.strategies.filter((s) => s.applicable).map((s) => s.strategy)).toEqual(["dp", "zero1", "zero2", "zero3"]);
    // 16Ψ of model states; activations from the analysis at micro-batch 8, halved for 16-bit.
    const a = analyse(r.graph);
    expect(rows.dp.modelStateBytes).toBe(16 * a.totals.params);
    expect(rows.dp.activationBytes).toBe(a.totals.activationBytes * 0.5 * 8);
  });
});
