/** `cli compare`: the accuracy-by-k table, its JSON, and bad flags. */
import { describe, expect, test } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { compareTable } from "@/cli/compare";
import { compareModel } from "@/cli/compare-models";
import { runCli } from "./run-cli";

describe("compare", () => {
  test("formats one row per model and one column per k, with chance level", () => {
    const rows = [
      { model: "lstm" as const, k: 2, params: 50952, steps: 1, accuracy: 0.99, loss: 0.1, seconds: 1 },
      { model: "lstm" as const, k: 32, params: 50952, steps: 1, accuracy: 0.2, loss: 2, seconds: 1 },
      { model: "transformer" as const, k: 2, params: 57888, steps: 1, accuracy: 1, loss: 0, seconds: 1 },
    ];
    const lines = compareTable(rows).split("\n");
    expect(lines[0]).toMatch(/^model\s+params\s+k=2\s+k=32$/);
    expect(lines[1]).toMatch(/^lstm\s+50,952\s+99\.0%\s+20\.0%$/);
    expect(lines[2]).toMatch(/^transformer\s+57,888\s+100\.0%\s+—$/);
    expect(lines[3]).toContain("chance 12.5%");
  });

  test.each([
    ["lstm", "TLLSTM"],
    ["gru", "TLGRU"],
  ] as const)("%s compiles to %s, and maps [B, T] ids to [B, T, vocab] logits", async (model, cls) => {
    await tf.setBackend("cpu");
    const net = compareModel(model, 10, 8, 0);
    expect(net.layers.map((l) => l.getClassName())).toContain(cls);
    expect((net.predict(tf.zeros([2, 10], "int32")) as tf.Tensor).shape).toEqual([2, 10, 8]);
    net.dispose();
  });

  test("conv is the TCN preset: eight causal TLConv1D layers (dilations 1 … 128) at the same budget, [B, T] ids to [B, T, vocab] logits", async () => {
    await tf.setBackend("cpu");
    const net = compareModel("conv", 10, 8, 0);
    const convs = net.layers.filter((l) => l.getClassName() === "TLConv1D");
    expect(convs.map((l) => l.getConfig().dilation)).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    expect(convs.every((l) => l.getConfig().causal === true)).toBe(true);
    expect(net.countParams()).toBe(8 * 56 + 8 * (2 * 56 * 56 + 56) + 56 * 8 + 8);
    expect((net.predict(tf.zeros([2, 10], "int32")) as tf.Tensor).shape).toEqual([2, 10, 8]);
    net.dispose();
  });

  test("--json trains every model at every k and reports an accuracy for each", () => {
    const r = runCli(["compare", "--distances", "2,3", "--models", "lstm,gru,transformer", "--steps", "2", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows.map((x: { model: string; k: number }) => `${x.model}@${x.k}`)).toEqual([
      "lstm@2",
      "lstm@3",
      "gru@2",
      "gru@3",
      "transformer@2",
      "transformer@3",
    ]);
    for (const row of out.rows) {
      expect(row.accuracy).toBeGreaterThanOrEqual(0);
      expect(row.accuracy).toBeLessThanOrEqual(1);
      expect(row.params).toBeGreaterThan(40_000);
      expect(row.params).toBeLessThan(65_000);
    }
  });

  test.each([
    [["--distances", "1,8"], /--distances needs whole numbers from 2 to 128/],
    [["--models", "rnn"], /--models: unknown model "rnn"; use lstm, gru, conv, transformer/],
  ])("%o: one error line, non-zero exit", (args, message) => {
    const r = runCli(["compare", ...args]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toMatch(message);
  });
});
