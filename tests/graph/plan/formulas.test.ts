/** The planner's formulas against the figures the papers publish, to 3 significant digits. */
import { describe, expect, test } from "vitest";
import {
  bubbleFraction,
  dataParallelBytes,
  layerActivationBytes,
  optimizerBytesPerParam,
  ringAllReduceBytes,
  tensorParallelLayerBytes,
  zeroModelStates,
} from "@/graph";

/** `x` rounded to 3 significant digits, as a paper's table prints it. */
const sig3 = (x: number) => Number(x.toPrecision(3));
const GB = 1e9;

describe("ZeRO model states (Rajbhandari et al. 2020, Figure 1 and Table 1: Ψ = 7.5B, K = 12)", () => {
  const psi = 7.5e9;
  const k = optimizerBytesPerParam("adam", "mixed");
  const row = (nd: number) => [0, 1, 2, 3].map((z) => sig3(zeroModelStates(psi, nd, z as 0 | 1 | 2 | 3, 2, 2, k).total / GB));

  test("mixed-precision Adam keeps K = 12 bytes of optimizer state per parameter", () => {
    expect(k).toBe(12);
  });
  test("Figure 1, N_d = 64: baseline 120 GB, P_os 31.4 GB, P_os+g 16.6 GB, P_os+g+p 1.88 GB", () => {
    expect(row(64)).toEqual([120, 31.4, 16.6, 1.88]);
  });
  // Hand computation of the same formulas (30 + 90/4, 15 + 105/4, 120/4 GB, …), not a quoted table.
  test("N_d = 4 and N_d = 1024 for the 7.5B model, by hand", () => {
    expect(row(4)).toEqual([120, 52.5, 41.3, 30]);
    expect(row(1024)).toEqual([120, 30.1, 15.1, 0.117]);
  });
  test("each stage splits only its own part: gradients and weights stay whole below their stage", () => {
    const s1 = zeroModelStates(psi, 64, 1, 2, 2, 12);
    expect(s1.weights).toBe(2 * psi);
    expect(s1.gradients).toBe(2 * psi);
    expect(s1.optimizer).toBe((12 * psi) / 64);
  });
});

describe("Activation memory per layer (Korthikanti et al. 2022, Table 2)", () => {
  // GPT-3 175B as in their Table 3: a = 96, h = 12288, s = 2048, micro-batch 1, t = 8.
  const gpt3 = { s: 2048, b: 1, h: 12288, a: 96 };
  const sbh = 2048 * 12288;

  test("no parallelism: sbh(34 + 5as/h); for GPT-3 5as/h = 80", () => {
    expect((5 * gpt3.a * gpt3.s) / gpt3.h).toBe(80);
    expect(layerActivationBytes(gpt3, 1, false, "none")).toBe(sbh * 114);
  });
  test("tensor parallel: sbh(10 + 24/t + 5as/(ht)); with sequence parallel sbh/t·(34 + 5as/h)", () => {
    expect(layerActivationBytes(gpt3, 8, false, "none")).toBe(sbh * (10 + 3 + 10));
    expect(layerActivationBytes(gpt3, 8, true, "none")).toBe((sbh / 8) * 114);
  });
  test("selective recompute: sbh(10 + 24/t), with sequence parallel 34·sbh/t; full recompute 2sbh", () => {
    expect(layerActivationBytes(gpt3, 8, false, "selective")).toBe(sbh * 13);
    expect(layerActivationBytes(gpt3, 8, true, "selective")).toBe((34 * sbh) / 8);
    expect(layerActivationBytes(gpt3, 8, false, "full")).toBe(2 * sbh);
  });
  test("sequence parallel + selective recompute cuts GPT-3's activations more than 5× against tensor parallel alone (the abstract's 5×)", () => {
    const ratio = layerActivationBytes(gpt3, 8, false, "none") / layerActivationBytes(gpt3, 8, true, "selective");
    expect(ratio).toBeGreaterThan(5);
    expect(sig3(ratio)).toBe(5.41);
  });
  test("one GPT-3 layer at t = 8 with SP + selective is 34·sbh/8 = 107 MB (hand computation)", () => {
    expect(sig3(layerActivationBytes(gpt3, 8, true, "selective") / 1e6)).toBe(107);
  });
});

describe("communication and the pipeline bubble", () => {
  test("ring all-reduce sends 2(n − 1)/n of the buffer; one rank sends nothing", () => {
    expect(ringAllReduceBytes(1000, 4)).toBe(1500);
    expect(ringAllReduceBytes(1000, 1)).toBe(0);
  });
  test("ZeRO-3 moves 1.5× the data-parallel volume (ZeRO §7: 3Ψ vs 2Ψ)", () => {
    expect(dataParallelBytes(2e9, 64, 3) / dataParallelBytes(2e9, 64, 0)).toBe(1.5);
    expect(dataParallelBytes(2e9, 64, 2)).toBe(dataParallelBytes(2e9, 64, 0));
  });
  test("Megatron: four all-reduces of s·b·h per layer and micro-batch", () => {
    const shape = { s: 1024, b: 1, h: 768, a: 12 };
    expect(tensorParallelLayerBytes(shape, 2, 2)).toBe(4 * 1024 * 768 * 2);
  });
  test("bubble (p − 1)/(m + p − 1): 4 stages, 4 micro-batches idle 3/7; more micro-batches shrink it", () => {
    expect(bubbleFraction(4, 4)).toBeCloseTo(3 / 7, 12);
    expect(bubbleFraction(4, 32)).toBeCloseTo(3 / 35, 12);
    expect(bubbleFraction(1, 8)).toBe(0);
  });
});
