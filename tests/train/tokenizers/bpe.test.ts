/** Encoding and decoding with byte-level BPE: exact round trips on any Unicode, the saved form. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { generateCorpus } from "../../../train/data";
import { BpeTokenizer, byteSymbols, splitPieces, toWellFormed, trainBpe } from "../../../train/tokenizers";
import { naiveEncode } from "./naive-bpe";

const corpus = generateCorpus({ seed: 2, minChars: 30_000 });
const mixed = `${corpus.slice(0, 3000)} 日本語の文章と中文句子。 😀👩‍👩‍👧‍👦🏳️‍🌈 e\u0301 a\u0308\u0323 Ωμέγα Привет 123,456.78`;
const toks = {
  presplit: trainBpe(mixed + corpus, { vocabSize: 600, preSplit: true }),
  whole: trainBpe(mixed + corpus.slice(0, 8000), { vocabSize: 400, preSplit: false }),
};
/** Any UTF-16 code units, so lone surrogates too. */
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 60 }).map((u) => String.fromCharCode(...u));

describe.each(Object.entries(toks))("BpeTokenizer (%s)", (_name, tok) => {
  test("round-trips arbitrary Unicode strings exactly (code points, graphemes, corpus-like words)", () => {
    const strings = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({ unit: "grapheme" }),
      fc.string({ unit: "grapheme-composite" }),
      fc.string({ unit: fc.constantFrom("the", " cat", "é", "😀", "\u200d", "\u0301", "日", "\n", " ", "7") }),
    );
    fc.assert(
      fc.property(strings, (s) => {
        expect(tok.decode(tok.encode(s))).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  test("lone surrogates become U+FFFD: decode(encode(s)) === toWellFormed(s)", () => {
    fc.assert(
      fc.property(codeUnits, (s) => {
        expect(tok.decode(tok.encode(s))).toBe(toWellFormed(s));
      }),
      { numRuns: 300 },
    );
    expect(tok.decode(tok.encode("a\uD800b\uDC00"))).toBe("a\uFFFDb\uFFFD");
    expect(tok.decode(tok.encode("😀"))).toBe("😀"); // a surrogate pair is one character, kept
  });

  test("CJK, emoji with zero-width joiners, combining marks, empty and long text", () => {
    const long = Array.from({ length: 400 }, (_, i) => String.fromCodePoint(0x20 + ((i * 7919) % 0x2fff)) + mixed.slice(i, i + 300)).join(
      "",
    );
    expect(long.length).toBeGreaterThan(100_000);
    for (const s of ["", "日本語の文章と中文句子。", "👩‍👩‍👧‍👦 🏳️‍🌈", "e\u0301 a\u0308\u0323", mixed, corpus, long])
      expect(tok.decode(tok.encode(s))).toBe(s);
    expect(tok.encode("").length).toBe(0);
    expect(tok.decode([])).toBe("");
  });

  test("encodes exactly as applying every merge in order does (the naive encoder)", () => {
    const preSplit = tok.preSplit;
    const merges = tok.merges.map(([a, b]) => [a, b] as [number, number]);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("the", " cat", "e", "é", "😀", " ", "日", "a", "aa", "."), maxLength: 40 }), (s) => {
        expect(Array.from(tok.encode(s))).toEqual(naiveEncode(s, merges, preSplit));
      }),
      { numRuns: 200 },
    );
    expect(Array.from(tok.encode(mixed.slice(0, 1500)))).toEqual(naiveEncode(mixed.slice(0, 1500), merges, preSplit));
  });

  test("saved as JSON and restored, it encodes the same ids", () => {
    const copy = BpeTokenizer.fromJSON(JSON.stringify(tok));
    expect(copy.vocabSize).toBe(tok.vocabSize);
    expect(Array.from(copy.encode(mixed))).toEqual(Array.from(tok.encode(mixed)));
  });
});

describe("BpeTokenizer", () => {
  test("compresses the corpus: fewer tokens than characters, with whole words as tokens", () => {
    const tok = toks.presplit;
    const ids = tok.encode(corpus);
    expect(corpus.length / ids.length).toBeGreaterThan(2.5);
    const words = Array.from({ length: tok.vocabSize - 256 }, (_, i) => tok.tokenText(256 + i));
    expect(words).toContain(" the");
  });

  test("the saved vocabulary uses GPT-2's byte symbols (space Ġ, newline Ċ)", () => {
    const symbols = byteSymbols();
    expect([symbols[32], symbols[10], symbols[65], new Set(symbols).size]).toEqual(["Ġ", "Ċ", "A", 256]);
    const tok = BpeTokenizer.fromMerges(
      [
        [32, 116],
        [256, 104],
      ],
      true,
    ); // " t", " th"
    expect(tok.toJSON().vocab.slice(256)).toEqual(["Ġt", "Ġth"]);
    expect(Array.from(tok.encode(" the"))).toEqual([257, 101]);
  });

  test("a damaged saved tokenizer is refused naming the field", () => {
    const good = BpeTokenizer.fromMerges(
      [
        [32, 116],
        [256, 104],
      ],
      true,
    ).toJSON();
    expect(() => BpeTokenizer.fromJSON({ ...good, version: 2 })).toThrow(/version/);
    expect(() =>
      BpeTokenizer.fromJSON({
        ...good,
        merges: [
          [32, 116],
          [300, 104],
        ],
      }),
    ).toThrow(/merges\.1: merge 1 \(id 257\) uses id 300/);
    expect(() => BpeTokenizer.fromJSON({ ...good, vocab: [...good.vocab.slice(0, 257), "Ġx"] })).toThrow(
      /vocab\[257\] is "Ġx" but its merges make "Ġth"/,
    );
    expect(() =>
      BpeTokenizer.fromJSON({
        ...good,
        merges: [
          [32, 116],
          [32, 116],
        ],
        vocab: [...good.vocab.slice(0, 257), "Ġt"],
      }),
    ).toThrow(/repeats the pair/);
  });

  test("decoding an id outside the vocabulary names it", () => {
    expect(() => toks.presplit.decode([65, 9999])).toThrow(/Token id 9999 at position 1 is outside the vocabulary of 600/);
  });
});

describe("splitPieces", () => {
  test("GPT-2's pre-split: a word keeps the space before it, contractions and numbers apart", () => {
    expect(splitPieces("Hello world's 123  x!?", true)).toEqual(["Hello", " world", "'s", " 123", " ", " x", "!?"]);
    expect(splitPieces("日本語 テスト", true)).toEqual(["日本語", " テスト"]);
    expect(splitPieces("ab c", false)).toEqual(["ab c"]);
  });

  test("the pieces always join back to the text", () => {
    fc.assert(
      fc.property(codeUnits, (s) => {
        expect(splitPieces(s, true).join("")).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});
