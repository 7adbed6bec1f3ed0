/**
 * A character tokenizer: the vocabulary is the sorted set of distinct characters (Unicode code
 * points) of a text, and each character's id is its position in that list.
 *
 * Unknown characters are an error, not a silent `<unk>`: `encode` throws an
 * `UnknownCharacterError` naming the character and its position, so a prompt with a character
 * the model never saw is reported instead of quietly changed. `unknownCharacters(text)` checks
 * a text without throwing.
 */

/** The saved form of a tokenizer; `chars[id]` is the character with that id. */
export interface CharTokenizerJSON {
  format: "tensorloom.tokenizer";
  kind: "char";
  version: 1;
  chars: string[];
}

/** Thrown by `encode` for a character outside the vocabulary. */
export class UnknownCharacterError extends Error {
  constructor(
    readonly char: string,
    readonly index: number,
    vocabSize: number,
  ) {
    const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    super(
      `Character ${JSON.stringify(char)} (${code}) at position ${index} is not in the tokenizer's vocabulary of ${vocabSize} characters; remove it or rebuild the tokenizer from text that contains it.`,
    );
    this.name = "UnknownCharacterError";
  }
}

function byCodePoint(a: string, b: string): number {
  return a.codePointAt(0)! - b.codePointAt(0)!;
}

export class CharTokenizer {
  /** `chars[id]` is the character with that id, sorted by code point. */
  readonly chars: readonly string[];
  private readonly ids: Map<string, number>;

  private constructor(chars: readonly string[]) {
    this.chars = chars;
    this.ids = new Map(chars.map((c, i) => [c, i]));
  }

  /**
   * Builds the vocabulary from every distinct character of `text`.
   *
   * @example
   * const tok = CharTokenizer.fromText("hello");
   * tok.chars;             // ["e", "h", "l", "o"]
   * tok.encode("hole");    // Int32Array [1, 3, 2, 0]
   */
  static fromText(text: string): CharTokenizer {
    if (text.length === 0) throw new RangeError("Cannot build a tokenizer from empty text: it needs at least one character.");
    return new CharTokenizer([...new Set(Array.from(text))].sort(byCodePoint));
  }

  /**
   * Restores a tokenizer saved with `toJSON` (accepts the parsed object or the JSON string).
   * Throws a message naming what is wrong if the data is not a saved character tokenizer.
   *
   * @example
   * const copy = CharTokenizer.fromJSON(JSON.stringify(tok)); // same ids as tok
   */
  static fromJSON(data: unknown): CharTokenizer {
    const value: unknown = typeof data === "string" ? JSON.parse(data) : data;
    const bad = (why: string): never => {
      throw new TypeError(`Not a saved character tokenizer: ${why}.`);
    };
    if (typeof value !== "object" || value === null) return bad("expected an object");
    const obj = value as Record<string, unknown>;
    if (obj.format !== "tensorloom.tokenizer" || obj.kind !== "char") return bad('expected format "tensorloom.tokenizer" and kind "char"');
    if (obj.version !== 1) return bad(`unsupported version ${JSON.stringify(obj.version)}, expected 1`);
    const chars = obj.chars;
    if (!Array.isArray(chars) || chars.length === 0) return bad("chars must be a non-empty list");
    const seen = new Set<string>();
    chars.forEach((c, i) => {
      if (typeof c !== "string" || Array.from(c).length !== 1) bad(`chars[${i}] must be a single character`);
      if (seen.has(c)) bad(`chars[${i}] (${JSON.stringify(c)}) appears twice`);
      seen.add(c);
    });
    // Keep the saved order: ids must stay exactly as they were when the model was trained.
    return new CharTokenizer([...(chars as string[])]);
  }

  /** Number of distinct ids. */
  get vocabSize(): number {
    return this.chars.length;
  }

  /** The id of one character, or undefined if it is not in the vocabulary. */
  idOf(char: string): number | undefined {
    return this.ids.get(char);
  }

  /**
   * Text → ids. Throws `UnknownCharacterError` at the first character not in the vocabulary.
   *
   * @example
   * CharTokenizer.fromText("abc").encode("cab"); // Int32Array [2, 0, 1]
   */
  encode(text: string): Int32Array {
    const chars = Array.from(text);
    const out = new Int32Array(chars.length);
    for (let i = 0; i < chars.length; i++) {
      const id = this.ids.get(chars[i]);
      if (id === undefined) throw new UnknownCharacterError(chars[i], i, this.chars.length);
      out[i] = id;
    }
    return out;
  }

  /**
   * Ids → text. Throws a RangeError for an id outside `0 … vocabSize-1`.
   *
   * @example
   * tok.decode(tok.encode("hello")); // "hello"
   */
  decode(ids: ArrayLike<number>): string {
    let out = "";
    for (let i = 0; i < ids.length; i++) {
      const ch = this.chars[ids[i]];
      if (ch === undefined) throw new RangeError(`Token id ${ids[i]} at position ${i} is outside the vocabulary of ${this.chars.length}.`);
      out += ch;
    }
    return out;
  }

  /**
   * The distinct characters of `text` that `encode` would reject, in order of first appearance.
   *
   * @example
   * CharTokenizer.fromText("abc").unknownCharacters("abcdd"); // ["d"]
   */
  unknownCharacters(text: string): string[] {
    return [...new Set(Array.from(text).filter((c) => !this.ids.has(c)))];
  }

  /** The saved form; `JSON.stringify(tokenizer)` uses it. */
  toJSON(): CharTokenizerJSON {
    return { format: "tensorloom.tokenizer", kind: "char", version: 1, chars: [...this.chars] };
  }
}
