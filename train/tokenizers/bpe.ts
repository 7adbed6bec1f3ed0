/**
 * A byte-level BPE tokenizer (GPT-2 style): ids 0–255 are the bytes of UTF-8, and id 256 + i
 * is merge i, the concatenation of two earlier tokens. Encoding splits the text into pieces
 * (see pretokenize.ts), turns each into UTF-8 bytes and applies the merges in the order they
 * were learned; decoding concatenates the tokens' bytes and reads them as UTF-8.
 *
 * Round trip: `decode(encode(s)) === toWellFormed(s)` for every string `s` — exactly `s` unless
 * it holds lone surrogates, which have no UTF-8 form and become U+FFFD (see bytes.ts).
 */
import { z } from "zod";
import { byteSymbols, utf8Bytes, utf8Text } from "./bytes";
import { PairHeap } from "./heap";
import { splitPieces } from "./pretokenize";

/** Token ids stay below 2^20, so a pair of ids packs into one exact number: `a * 2^20 + b`. */
export const MAX_BPE_VOCAB = 1 << 20;
export const pairKey = (a: number, b: number): number => a * MAX_BPE_VOCAB + b;

export type BpeMerge = readonly [number, number];

/** Distinct pieces an encoder remembers; prose has a few thousand, so this only bounds odd input. */
const MAX_CACHED_PIECES = 100_000;

/** The saved form: merges in order (merge i makes id 256 + i) and each id's bytes as GPT-2 symbols. */
export const BpeTokenizerJsonSchema = z
  .object({
    format: z.literal("tensorloom.tokenizer"),
    kind: z.literal("bpe"),
    version: z.literal(1),
    preSplit: z.enum(["gpt2", "none"]).describe("gpt2: GPT-2's pre-split of words, numbers and punctuation; none: merges may cross words"),
    merges: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).max(MAX_BPE_VOCAB - 256),
    vocab: z.array(z.string()).describe("vocab[id]: the token's bytes, one GPT-2 byte symbol per byte (a space is Ġ)"),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<number>();
    t.merges.forEach(([a, b], i) => {
      const id = 256 + i;
      if (a >= id || b >= id)
        ctx.addIssue({
          code: "custom",
          path: ["merges", i],
          message: `merge ${i} (id ${id}) uses id ${Math.max(a, b)}, which is not made before it`,
        });
      const k = pairKey(a, b);
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: ["merges", i], message: `merge ${i} repeats the pair [${a}, ${b}]` });
      seen.add(k);
    });
    if (t.vocab.length !== 256 + t.merges.length)
      ctx.addIssue({
        code: "custom",
        path: ["vocab"],
        message: `vocab has ${t.vocab.length} entries; 256 bytes + ${t.merges.length} merges need ${256 + t.merges.length}`,
      });
  });

export type BpeTokenizerJSON = z.infer<typeof BpeTokenizerJsonSchema>;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export class BpeTokenizer {
  readonly merges: readonly BpeMerge[];
  readonly preSplit: boolean;
  /** pairKey(a, b) → merge index (its rank: lower merges first). */
  private readonly ranks: Map<number, number>;
  private readonly bytes: Uint8Array[];
  /** Encoded pieces, by piece: prose repeats its words, so most pieces are looked up once. */
  private readonly cache = new Map<string, number[]>();

  private constructor(merges: readonly BpeMerge[], preSplit: boolean) {
    this.merges = merges;
    this.preSplit = preSplit;
    this.ranks = new Map(merges.map(([a, b], i) => [pairKey(a, b), i]));
    this.bytes = Array.from({ length: 256 }, (_, i) => Uint8Array.of(i));
    for (const [a, b] of merges) this.bytes.push(concat(this.bytes[a], this.bytes[b]));
  }

  /**
   * A tokenizer from merges in the order they were learned (merge i makes id 256 + i).
   * @example BpeTokenizer.fromMerges([[104, 105]], true).encode("hi"); // Int32Array [256]
   */
  static fromMerges(merges: readonly BpeMerge[], preSplit: boolean): BpeTokenizer {
    const r = BpeTokenizerJsonSchema.safeParse({
      format: "tensorloom.tokenizer",
      kind: "bpe",
      version: 1,
      preSplit: preSplit ? "gpt2" : "none",
      merges,
      vocab: new Array(256 + merges.length).fill(""),
    });
    if (!r.success) throw new TypeError(`Not a valid list of BPE merges: ${r.error.issues[0].message}.`);
    return new BpeTokenizer(
      merges.map(([a, b]) => [a, b] as const),
      preSplit,
    );
  }

  /**
   * Restores a tokenizer saved with `toJSON` (the parsed object or the JSON text). Throws a
   * message naming the field that is wrong, including a vocab entry that its merges do not make.
   * @example BpeTokenizer.fromJSON(JSON.stringify(tok)).encode(s); // the same ids as tok.encode(s)
   */
  static fromJSON(data: unknown): BpeTokenizer {
    const value: unknown = typeof data === "string" ? JSON.parse(data) : data;
    const r = BpeTokenizerJsonSchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new TypeError(`Not a saved BPE tokenizer: ${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}.`);
    }
    const tok = new BpeTokenizer(r.data.merges, r.data.preSplit === "gpt2");
    const symbols = byteSymbols();
    r.data.vocab.forEach((entry, id) => {
      const expected = tok.symbolsOf(id, symbols);
      if (entry !== expected)
        throw new TypeError(
          `Not a saved BPE tokenizer: vocab[${id}] is ${JSON.stringify(entry)} but its merges make ${JSON.stringify(expected)}.`,
        );
    });
    return tok;
  }

  /** 256 bytes plus one id per merge. */
  get vocabSize(): number {
    return this.bytes.length;
  }

  /** The UTF-8 bytes token `id` stands for. */
  tokenBytes(id: number): Uint8Array {
    const b = this.bytes[id];
    if (b === undefined) throw new RangeError(`Token id ${id} is outside the vocabulary of ${this.bytes.length}.`);
    return b;
  }

  /** The token as text, for display; a token that is part of a character shows U+FFFD. */
  tokenText(id: number): string {
    return utf8Text(this.tokenBytes(id));
  }

  /**
   * Text → ids.
   * @example tok.decode(tok.encode("naïve 🙂")); // "naïve 🙂"
   */
  encode(text: string): Int32Array {
    const out: number[] = [];
    for (const piece of splitPieces(text, this.preSplit)) {
      let ids = this.cache.get(piece);
      if (!ids) {
        ids = this.encodeBytes(utf8Bytes(piece));
        // Caching one giant piece (no pre-split), or without bound, would only hold memory.
        if (piece.length <= 256 && this.cache.size < MAX_CACHED_PIECES) this.cache.set(piece, ids);
      }
      for (const id of ids) out.push(id);
    }
    return Int32Array.from(out);
  }

  /**
   * Ids → text. Throws a RangeError naming an id outside the vocabulary.
   * @example tok.decode([104, 105]); // "hi"
   */
  decode(ids: ArrayLike<number>): string {
    let length = 0;
    for (let i = 0; i < ids.length; i++) {
      const b = this.bytes[ids[i]];
      if (b === undefined) throw new RangeError(`Token id ${ids[i]} at position ${i} is outside the vocabulary of ${this.bytes.length}.`);
      length += b.length;
    }
    const all = new Uint8Array(length);
    let at = 0;
    for (let i = 0; i < ids.length; i++) {
      all.set(this.bytes[ids[i]], at);
      at += this.bytes[ids[i]].length;
    }
    return utf8Text(all);
  }

  /** The saved form; `JSON.stringify(tokenizer)` uses it. */
  toJSON(): BpeTokenizerJSON {
    const symbols = byteSymbols();
    return {
      format: "tensorloom.tokenizer",
      kind: "bpe",
      version: 1,
      preSplit: this.preSplit ? "gpt2" : "none",
      merges: this.merges.map(([a, b]) => [a, b] as [number, number]),
      vocab: this.bytes.map((_, id) => this.symbolsOf(id, symbols)),
    };
  }

  private symbolsOf(id: number, symbols: string[]): string {
    return Array.from(this.bytes[id], (b) => symbols[b]).join("");
  }

  /**
   * Applies the merges to one piece's bytes, lowest rank first (and, within a rank, left to
   * right), which is the order training applied them. A heap of candidate merges keeps this
   * O(n log n) even for a whole text with no pre-split.
   */
  private encodeBytes(bytes: Uint8Array): number[] {
    const n = bytes.length;
    const sym = Int32Array.from(bytes);
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    // A merge made from a merge always ranks after it, so entries pushed later never jump the queue wrongly.
    const heap = new PairHeap((r1, p1, r2, p2) => r1 < r2 || (r1 === r2 && p1 < p2));
    const rankAt = (i: number) => (next[i] === -1 ? undefined : this.ranks.get(pairKey(sym[i], sym[next[i]])));
    for (let i = 0; i + 1 < n; i++) {
      const r = rankAt(i);
      if (r !== undefined) heap.push(r, i);
    }
    for (let top = heap.pop(); top; top = heap.pop()) {
      const [rank, i] = top;
      if (sym[i] < 0 || rankAt(i) !== rank) continue; // stale: this position changed since
      const j = next[i];
      sym[i] = 256 + rank;
      sym[j] = -1;
      next[i] = next[j];
      if (next[j] !== -1) prev[next[j]] = i;
      if (prev[i] !== -1) {
        const left = rankAt(prev[i]);
        if (left !== undefined) heap.push(left, prev[i]);
      }
      const right = rankAt(i);
      if (right !== undefined) heap.push(right, i);
    }
    const ids: number[] = [];
    for (let i = 0; i !== -1 && n > 0; i = next[i]) ids.push(sym[i]);
    return ids;
  }
}
