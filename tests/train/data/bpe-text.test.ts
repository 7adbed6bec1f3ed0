/** BPE language-model data: the tokenizer learns from the training part only; windows of ids. */
import { describe, expect, test } from "vitest";
import { createBpeTextDataset, createRng, generateCorpus } from "../../../train/data";

describe("createBpeTextDataset", () => {
  test("the tokenizer never sees the validation text; the two parts decode back to the text", () => {
    // The last tenth repeats a word that appears nowhere before it.
    const text = "the cat sat. ".repeat(200) + "zyzzyva ".repeat(20);
    const ds = createBpeTextDataset(text, { vocabSize: 300 });
    const cut = Math.round(text.length * 0.9);
    expect(ds.tokenizer.decode(ds.train) + ds.tokenizer.decode(ds.val)).toBe(text);
    expect(ds.tokenizer.decode(ds.val)).toBe(text.slice(cut));
    const learned = Array.from({ length: ds.vocabSize - 256 }, (_, i) => ds.tokenizer.tokenText(256 + i));
    expect(learned).toContain(" cat");
    expect(learned.some((t) => t.includes("zy"))).toBe(false);
    expect([ds.trainChars, ds.valChars]).toEqual([cut, text.length - cut]);
  });

  test("windows: y is x shifted by one token, from the split asked for", () => {
    const ds = createBpeTextDataset(generateCorpus({ seed: 1, minChars: 40_000 }), { vocabSize: 400 });
    expect(ds.train.length).toBeLessThan(ds.trainChars / 1.5); // about 1.9 characters a token here
    const b = ds.sampleBatch(createRng(3), 4, 16, "val");
    const row = Array.from(b.x.subarray(0, 16));
    const text = ds.tokenizer.decode(ds.val);
    expect(text).toContain(ds.tokenizer.decode(row));
    expect(Array.from(b.y.subarray(0, 15))).toEqual(row.slice(1));
    expect(() => ds.sampleBatch(createRng(0), 1, ds.maxBlockSize + 1, "val")).toThrow(
      /validation split has \d+ BPE tokens, but block size/,
    );
  });

  test("the cut never splits a surrogate pair", () => {
    const text = "ab" + "😀".repeat(9); // 20 code units; 90% is index 18, between the halves of the last 😀
    const ds = createBpeTextDataset(text, { vocabSize: 260 });
    expect(ds.tokenizer.decode(ds.train) + ds.tokenizer.decode(ds.val)).toBe(text);
    expect(ds.tokenizer.decode(ds.val)).not.toContain("\uFFFD");
  });
});
