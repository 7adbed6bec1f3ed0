import { describe, expect, it } from "vitest";
import { CharTokenizer, corpusTextDataset, createRng, createTextDataset, generateCorpus } from "@/train/data";

const text = "It was a bright cold day in April, and the clocks were striking thirteen.\n".repeat(20);

describe("createTextDataset", () => {
  it("splits 90/10 by position: validation is the end of the text", () => {
    const ds = createTextDataset(text);
    expect(ds.train.length + ds.val.length).toBe(text.length);
    expect(ds.train.length).toBe(Math.round(text.length * 0.9));
    expect(ds.tokenizer.decode(ds.val)).toBe(text.slice(ds.train.length));
    expect(ds.vocabSize).toBe(new Set(text).size);
  });

  it("batches have shape B×T and y is x shifted by one character", () => {
    const ds = createTextDataset(text);
    const { x, y, batchSize, blockSize } = ds.sampleBatch(createRng(1), 8, 16);
    expect([batchSize, blockSize]).toEqual([8, 16]);
    expect(x).toBeInstanceOf(Int32Array);
    expect(x.length).toBe(8 * 16);
    expect(y.length).toBe(8 * 16);
    const train = ds.tokenizer.decode(ds.train);
    for (let b = 0; b < 8; b++) {
      const xs = ds.tokenizer.decode(x.subarray(b * 16, (b + 1) * 16));
      const ys = ds.tokenizer.decode(y.subarray(b * 16, (b + 1) * 16));
      expect(xs.slice(1)).toBe(ys.slice(0, -1));
      expect(train).toContain(xs + ys.slice(-1)); // one contiguous window of the training text
    }
  });

  it("validation batches come only from the validation text", () => {
    const marked = "a".repeat(900) + "b".repeat(100);
    const ds = createTextDataset(marked);
    const { x, y } = ds.sampleBatch(createRng(2), 32, 20, "val");
    expect(ds.tokenizer.decode(x)).toMatch(/^b+$/);
    expect(ds.tokenizer.decode(y)).toMatch(/^b+$/);
    expect(ds.tokenizer.decode(ds.sampleBatch(createRng(2), 32, 20).x)).toMatch(/^a+$/);
  });

  it("same rng seed → same batch; another seed → another batch", () => {
    const ds = createTextDataset(text);
    expect(ds.sampleBatch(createRng(3), 4, 8).x).toEqual(ds.sampleBatch(createRng(3), 4, 8).x);
    expect(ds.sampleBatch(createRng(3), 4, 8).x).not.toEqual(ds.sampleBatch(createRng(4), 4, 8).x);
  });

  it("can reach the very last character of a split", () => {
    const ds = createTextDataset("abcdefghij".repeat(10)); // train = 90 chars
    const rng = createRng(0);
    const lastY = new Set<number>();
    for (let i = 0; i < 200; i++) lastY.add(ds.sampleBatch(rng, 1, 88).y[87]);
    expect(lastY.has(ds.train[89])).toBe(true);
  });

  it("explains clearly when the text is empty or too short for the block size", () => {
    expect(() => createTextDataset("")).toThrow(/text is empty/);
    const ds = createTextDataset("x".repeat(100)); // 90 train, 10 val
    expect(ds.maxBlockSize).toBe(9);
    expect(() => ds.sampleBatch(createRng(0), 2, 90)).toThrow(/training split has 90 characters, but block size 90 needs at least 91/);
    expect(() => ds.sampleBatch(createRng(0), 2, 10, "val")).toThrow(/validation split has 10 characters/);
    expect(ds.sampleBatch(createRng(0), 2, 9, "val").x).toHaveLength(18);
  });

  it("reuses a saved tokenizer and reports characters it does not know", () => {
    const tok = CharTokenizer.fromText("abc ");
    expect(createTextDataset("abc cab ".repeat(5), { tokenizer: tok }).tokenizer).toBe(tok);
    expect(() => createTextDataset("abcd", { tokenizer: tok })).toThrow(/"d"/);
  });
});

describe("corpusTextDataset", () => {
  it("wraps the built-in corpus with its own small vocabulary", () => {
    const ds = corpusTextDataset({ seed: 1 });
    const corpus = generateCorpus({ seed: 1 });
    expect(ds.train.length + ds.val.length).toBe(corpus.length);
    expect(ds.vocabSize).toBe(new Set(corpus).size);
    expect(ds.vocabSize).toBeLessThanOrEqual(65);
    const { x, y } = ds.sampleBatch(createRng(0), 4, 128);
    expect(Array.from(x.subarray(1, 128))).toEqual(Array.from(y.subarray(0, 127)));
  });
});
