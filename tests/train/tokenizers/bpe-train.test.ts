/** Training byte-level BPE: the same merges as a naive reference, the tie rule, progress and cancel. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { generateCorpus } from "../../../train/data";
import { BpeCancelledError, trainBpe } from "../../../train/tokenizers";
import { naiveBpeMerges } from "./naive-bpe";

const merges = (text: string, vocabSize: number, preSplit: boolean) =>
  trainBpe(text, { vocabSize, preSplit }).merges.map(([a, b]) => [a, b]);

describe("trainBpe", () => {
  test("Wikipedia's example aaabdaaabac: aa, then ab (the tie with Za goes to the smaller pair), then ZY", () => {
    // aaabdaaabac → ZabdZabac (Z = aa) → ZYdZYac (Y = ab) → XdXac (X = ZY), as in the article.
    expect(merges("aaabdaaabac", 259, false)).toEqual([
      [97, 97],
      [97, 98],
      [256, 257],
    ]);
  });

  test("overlapping pairs count every position but merge left to right: aaaa → XX, then one merge XX", () => {
    const tok = trainBpe("aaaa", { vocabSize: 1000, preSplit: false });
    expect(tok.merges).toEqual([
      [97, 97],
      [256, 256],
    ]);
    expect(Array.from(tok.encode("aaaa"))).toEqual([257]);
    expect(Array.from(tok.encode("aaa"))).toEqual([256, 97]);
  });

  test("stops early when no pair is left, and never merges across pre-split pieces", () => {
    expect(trainBpe("ab", { vocabSize: 300, preSplit: false }).vocabSize).toBe(257);
    const tok = trainBpe("a b", { vocabSize: 300, preSplit: true });
    expect(tok.merges).toEqual([[32, 98]]); // " b" only: "a" and " b" are separate pieces
  });

  test.each([
    ["prose", "The cat sat on the mat. The cat ate the rat! 12 cats, 345 rats; isn't it?\n\nYes.  Really.", 330],
    ["CJK and emoji", "日本語のテキスト、日本語の文。😀😀 👩‍👩‍👧 café café naïve", 300],
    ["digits and punctuation", "3.14159 2.71828 1,000,000 -- ... !!! ??? 42 42 42", 290],
  ])("the same merges as the naive reference on %s, with and without the pre-split", (_name, text, vocab) => {
    for (const preSplit of [true, false]) expect(merges(text, vocab, preSplit)).toEqual(naiveBpeMerges(text, vocab, preSplit));
  });

  test("the same merges as the naive reference on random small-alphabet texts (many ties and overlaps)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", "c", " ", "é", "\n", "1"), maxLength: 120 }),
        fc.integer({ min: 256, max: 330 }),
        fc.boolean(),
        (text, vocab, preSplit) => {
          expect(merges(text, vocab, preSplit)).toEqual(naiveBpeMerges(text, vocab, preSplit));
        },
      ),
      { numRuns: 150 },
    );
  });

  test("the same merges as the naive reference on 20,000 characters of the corpus at vocab 400", () => {
    const text = generateCorpus({ seed: 3, minChars: 20_000 });
    expect(merges(text, 400, true)).toEqual(naiveBpeMerges(text, 400, true));
  });

  test("reaches the vocabulary size asked for, reports progress, and a cancel stops it", () => {
    const text = generateCorpus({ seed: 1, minChars: 50_000 });
    const seen: number[] = [];
    const tok = trainBpe(text, { vocabSize: 512, preSplit: true }, (p) => seen.push(p.merges));
    expect(tok.vocabSize).toBe(512);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(256);
    let asked = 0;
    expect(() => trainBpe(text, { vocabSize: 2048, preSplit: true }, undefined, () => ++asked >= 2)).toThrow(BpeCancelledError);
    expect(asked).toBe(2);
  });

  test("a vocabulary size below 256 or not whole is refused with the allowed range", () => {
    expect(() => trainBpe("abc", { vocabSize: 100, preSplit: true })).toThrow(/from 256 \(the bytes alone\).*got 100/);
    expect(() => trainBpe("abc", { vocabSize: 300.5, preSplit: true })).toThrow(RangeError);
  });

  test("empty text trains to the 256 bytes alone", () => {
    const tok = trainBpe("", { vocabSize: 512, preSplit: true });
    expect(tok.vocabSize).toBe(256);
    expect(tok.decode(tok.encode("any text"))).toBe("any text");
  });
});
