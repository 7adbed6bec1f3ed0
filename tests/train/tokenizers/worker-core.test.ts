/** The BPE worker's core: training with progress, and a cancel that stops it. */
import { describe, expect, test } from "vitest";
import { generateCorpus } from "../../../train/data";
import { BpeTokenizer, createBpeWorkerCore, trainBpe } from "../../../train/tokenizers";

const text = generateCorpus({ seed: 5, minChars: 200_000 });

describe("createBpeWorkerCore", () => {
  test("trains to the saved form of the same tokenizer trainBpe makes, reporting progress", async () => {
    const core = createBpeWorkerCore();
    const seen: number[] = [];
    const json = await core.train(text, { vocabSize: 700, preSplit: false }, (p) => seen.push(p.merges));
    expect(BpeTokenizer.fromJSON(json).merges).toEqual(trainBpe(text, { vocabSize: 700, preSplit: false }).merges);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((m) => m > 0 && m <= 444)).toBe(true);
  });

  test("cancel stops the training under way with a message naming how far it got", async () => {
    const core = createBpeWorkerCore();
    const run = core.train(text, { vocabSize: 5000, preSplit: false }, (p) => {
      if (p.merges > 0) core.cancel();
    });
    await expect(run).rejects.toThrow(/^BPE training was cancelled after \d+ merges\.$/);
  });

  test("a new training cancels the previous one; the new one completes", async () => {
    const core = createBpeWorkerCore();
    const first = core.train(text, { vocabSize: 5000, preSplit: false });
    const second = core.train("abab abab", { vocabSize: 260, preSplit: true });
    await expect(first).rejects.toThrow(/cancelled/);
    expect((await second).merges.length).toBeGreaterThan(0);
  });
});
