import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CharTokenizer, UnknownCharacterError } from "@/train/data";

describe("CharTokenizer", () => {
  it("builds a sorted vocabulary of the distinct characters", () => {
    const tok = CharTokenizer.fromText("hello world");
    expect(tok.chars).toEqual([" ", "d", "e", "h", "l", "o", "r", "w"]);
    expect(tok.vocabSize).toBe(8);
    expect(Array.from(tok.encode("hold"))).toEqual([3, 5, 4, 1]);
    expect(tok.idOf("w")).toBe(7);
    expect(tok.idOf("z")).toBeUndefined();
  });

  it("the vocabulary does not depend on the order of the text", () => {
    expect(CharTokenizer.fromText("cab").chars).toEqual(CharTokenizer.fromText("abcabc").chars);
  });

  it("round-trips any text it was built from, including newlines and emoji", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }), (text) => {
        const tok = CharTokenizer.fromText(text);
        return tok.decode(tok.encode(text)) === text;
      }),
    );
    const tok = CharTokenizer.fromText("a\nb 🦊");
    expect(tok.encode("🦊")).toHaveLength(1);
    expect(tok.decode(tok.encode("b\n🦊a"))).toBe("b\n🦊a");
  });

  it("saves and restores the vocabulary through JSON with identical ids", () => {
    const text = 'The "quick" fox,\njumps!';
    const tok = CharTokenizer.fromText(text);
    const saved = JSON.stringify(tok);
    expect(JSON.parse(saved)).toEqual({ format: "tensorloom.tokenizer", kind: "char", version: 1, chars: [...tok.chars] });
    for (const restored of [CharTokenizer.fromJSON(saved), CharTokenizer.fromJSON(JSON.parse(saved))]) {
      expect(restored.chars).toEqual(tok.chars);
      expect(Array.from(restored.encode(text))).toEqual(Array.from(tok.encode(text)));
    }
  });

  it("keeps the saved id order even if it is not sorted", () => {
    const restored = CharTokenizer.fromJSON({ format: "tensorloom.tokenizer", kind: "char", version: 1, chars: ["b", "a"] });
    expect(Array.from(restored.encode("ab"))).toEqual([1, 0]);
  });

  it("rejects malformed saved tokenizers with a message saying what is wrong", () => {
    const base = { format: "tensorloom.tokenizer", kind: "char", version: 1 };
    expect(() => CharTokenizer.fromJSON(null)).toThrow(/expected an object/);
    expect(() => CharTokenizer.fromJSON({ ...base, kind: "bpe", chars: ["a"] })).toThrow(/kind "char"/);
    expect(() => CharTokenizer.fromJSON({ ...base, version: 2, chars: ["a"] })).toThrow(/version 2/);
    expect(() => CharTokenizer.fromJSON({ ...base, chars: ["a", "a"] })).toThrow(/appears twice/);
    expect(() => CharTokenizer.fromJSON({ ...base, chars: ["ab"] })).toThrow(/single character/);
    expect(() => CharTokenizer.fromJSON({ ...base, chars: [] })).toThrow(/non-empty/);
  });

  it("throws on an unknown character, naming it and its position", () => {
    const tok = CharTokenizer.fromText("abc");
    let error: unknown;
    try {
      tok.encode("abxc");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownCharacterError);
    expect((error as UnknownCharacterError).char).toBe("x");
    expect((error as UnknownCharacterError).index).toBe(2);
    expect((error as Error).message).toMatch(/"x" \(U\+0078\) at position 2/);
    expect(tok.unknownCharacters("axbyx")).toEqual(["x", "y"]);
  });

  it("rejects ids outside the vocabulary and empty source text", () => {
    const tok = CharTokenizer.fromText("ab");
    expect(() => tok.decode([0, 2])).toThrow(/Token id 2 at position 1/);
    expect(() => CharTokenizer.fromText("")).toThrow(/empty/);
  });
});
