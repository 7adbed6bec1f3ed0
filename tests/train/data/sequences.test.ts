import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  BOS_ID,
  decodeTokens,
  encodeTokens,
  makeSequenceTask,
  SEP_ID,
  SEQUENCE_TASKS,
  toDecoderOnly,
  type SequenceDataset,
} from "@/train/data";

/** Sample i as display strings. */
const sample = (ds: SequenceDataset, i: number) => ({
  src: decodeTokens(ds.vocab, ds.src.subarray(i * ds.srcLen, (i + 1) * ds.srcLen)),
  tgtIn: decodeTokens(ds.vocab, ds.tgtIn.subarray(i * ds.tgtLen, (i + 1) * ds.tgtLen)),
  tgt: decodeTokens(ds.vocab, ds.tgtOut.subarray(i * ds.tgtLen, (i + 1) * ds.tgtLen)),
});

const rows = (ds: SequenceDataset) => Array.from({ length: ds.n }, (_, i) => sample(ds, i));

describe("sequence tasks", () => {
  it.each(SEQUENCE_TASKS)("%s: shapes, vocabulary layout and ids in range", (task) => {
    const ds = makeSequenceTask(task, { n: 50, length: 6, seed: 1 });
    expect(ds.src.length).toBe(50 * ds.srcLen);
    expect(ds.tgtIn.length).toBe(50 * ds.tgtLen);
    expect(ds.tgtOut.length).toBe(50 * ds.tgtLen);
    expect(ds.vocab.slice(0, 2)).toEqual(["<pad>", "<bos>"]);
    for (const arr of [ds.src, ds.tgtIn, ds.tgtOut]) expect(arr.every((t) => t > 0 && t < ds.vocab.length)).toBe(true);
  });

  it.each(SEQUENCE_TASKS)("%s: same seed → same samples, different seed → different", (task) => {
    const a = makeSequenceTask(task, { n: 30, length: 5, seed: 4 });
    const b = makeSequenceTask(task, { n: 30, length: 5, seed: 4 });
    const c = makeSequenceTask(task, { n: 30, length: 5, seed: 5 });
    expect(a.src).toEqual(b.src);
    expect(a.tgtOut).toEqual(b.tgtOut);
    expect(a.src).not.toEqual(c.src);
  });

  it.each(SEQUENCE_TASKS)("%s: tgtIn is <bos> followed by tgtOut shifted right", (task) => {
    const ds = makeSequenceTask(task, { n: 20, length: 4, seed: 2 });
    for (let i = 0; i < ds.n; i++) {
      expect(ds.tgtIn[i * ds.tgtLen]).toBe(BOS_ID);
      for (let t = 1; t < ds.tgtLen; t++) expect(ds.tgtIn[i * ds.tgtLen + t]).toBe(ds.tgtOut[i * ds.tgtLen + t - 1]);
      expect(sample(ds, i).tgtIn).toBe("<bos>" + sample(ds, i).tgt.slice(0, -1));
    }
  });

  it("copy copies and reverse really reverses", () => {
    for (const { src, tgt } of rows(makeSequenceTask("copy", { n: 100, length: 8, seed: 1 }))) expect(tgt).toBe(src);
    for (const { src, tgt } of rows(makeSequenceTask("reverse", { n: 100, length: 8, seed: 1 }))) {
      expect(tgt).toBe([...src].reverse().join(""));
    }
  });

  it("sort sorts ascending and keeps every symbol", () => {
    for (const { src, tgt } of rows(makeSequenceTask("sort", { n: 100, length: 9, seed: 1 }))) {
      expect(tgt).toBe([...src].sort().join(""));
    }
  });

  it("the alphabet option limits the symbols used", () => {
    const ds = makeSequenceTask("copy", { n: 100, length: 10, seed: 1, alphabet: 3 });
    expect(ds.vocab).toEqual(["<pad>", "<bos>", "|", "0", "1", "2"]);
    expect(new Set(rows(ds).flatMap((r) => [...r.src]))).toEqual(new Set(["0", "1", "2"]));
  });

  it("add: the answer is the zero-padded sum, one digit wider than the operands", () => {
    const ds = makeSequenceTask("add", { n: 300, length: 3, seed: 1 });
    expect(ds.srcLen).toBe(7);
    expect(ds.tgtLen).toBe(4);
    let carries = 0;
    for (const { src, tgt } of rows(ds)) {
      const m = /^(\d{3})\+(\d{3})$/.exec(src);
      expect(m, src).not.toBeNull();
      const sum = Number(m![1]) + Number(m![2]);
      expect(tgt).toBe(String(sum).padStart(4, "0"));
      carries += Number(sum >= 1000);
    }
    expect(carries).toBeGreaterThan(0); // both 3- and 4-digit sums occur
  });

  it("add works for operands longer than a double can hold exactly", () => {
    const ds = makeSequenceTask("add", { n: 20, length: 30, seed: 1 });
    for (const { src, tgt } of rows(ds)) {
      const [a, b] = src.split("+");
      expect(BigInt(tgt)).toBe(BigInt(a) + BigInt(b));
      expect(tgt).toHaveLength(31);
    }
  });

  it("add with reversedAnswer writes the sum least-significant digit first", () => {
    const plain = rows(makeSequenceTask("add", { n: 20, length: 4, seed: 8 }));
    const reversed = rows(makeSequenceTask("add", { n: 20, length: 4, seed: 8, reversedAnswer: true }));
    reversed.forEach((r, i) => {
      expect(r.src).toBe(plain[i].src);
      expect(r.tgt).toBe([...plain[i].tgt].reverse().join(""));
    });
  });

  it("parity: each target is the running parity and the last is the parity of the whole string", () => {
    for (const { src, tgt } of rows(makeSequenceTask("parity", { n: 100, length: 12, seed: 3 }))) {
      expect(src).toMatch(/^[01]{12}$/);
      let p = 0;
      [...src].forEach((bit, i) => {
        p ^= Number(bit);
        expect(tgt[i]).toBe(String(p));
      });
      expect(Number(tgt[11])).toBe([...src].filter((b) => b === "1").length % 2);
    }
  });

  it("property: for any length and seed, reverse of reverse is the source", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (length, seed) => {
        const ds = makeSequenceTask("reverse", { n: 3, length, seed });
        return rows(ds).every(({ src, tgt }) => [...tgt].reverse().join("") === src);
      }),
    );
  });

  it("rejects bad sizes with a message naming the option", () => {
    expect(() => makeSequenceTask("copy", { n: 0, length: 4 })).toThrow(/n must be/);
    expect(() => makeSequenceTask("sort", { n: 4, length: 0 })).toThrow(/length must be/);
    expect(() => makeSequenceTask("copy", { n: 4, length: 4, alphabet: 11 })).toThrow(/alphabet/);
  });
});

describe("decoder-only form", () => {
  it("is question, separator, answer, with x and y offset by one", () => {
    const ds = makeSequenceTask("add", { n: 10, length: 3, seed: 1 });
    const gpt = toDecoderOnly(ds);
    const full = ds.srcLen + 1 + ds.tgtLen;
    expect(gpt.seqLen).toBe(full - 1);
    expect(gpt.answerStart).toBe(ds.srcLen);
    for (let i = 0; i < gpt.n; i++) {
      const text = decodeTokens(gpt.vocab, gpt.tokens.subarray(i * full, (i + 1) * full));
      const { src, tgt } = sample(ds, i);
      expect(text).toBe(`${src}=${tgt}`);
      expect(gpt.tokens[i * full + ds.srcLen]).toBe(SEP_ID);
      const x = gpt.x.subarray(i * gpt.seqLen, (i + 1) * gpt.seqLen);
      const y = gpt.y.subarray(i * gpt.seqLen, (i + 1) * gpt.seqLen);
      expect(Array.from(x)).toEqual(Array.from(gpt.tokens.subarray(i * full, (i + 1) * full - 1)));
      expect(Array.from(y)).toEqual(Array.from(gpt.tokens.subarray(i * full + 1, (i + 1) * full)));
    }
  });

  it("masks the loss to exactly the answer tokens", () => {
    const ds = makeSequenceTask("reverse", { n: 5, length: 6, seed: 2 });
    const gpt = toDecoderOnly(ds);
    for (let i = 0; i < gpt.n; i++) {
      const mask = Array.from(gpt.lossMask.subarray(i * gpt.seqLen, (i + 1) * gpt.seqLen));
      expect(mask).toEqual([...Array(6).fill(0), ...Array(6).fill(1)]);
      const answer = gpt.y.subarray(i * gpt.seqLen + gpt.answerStart, (i + 1) * gpt.seqLen);
      expect(Array.from(answer)).toEqual(Array.from(ds.tgtOut.subarray(i * 6, (i + 1) * 6)));
    }
  });
});

describe("encodeTokens / decodeTokens", () => {
  it("turns a typed prompt into ids and back", () => {
    const { vocab } = makeSequenceTask("add", { n: 1, length: 3 });
    const ids = encodeTokens(vocab, "123+456=");
    expect(decodeTokens(vocab, ids)).toBe("123+456=");
    expect(ids[7]).toBe(SEP_ID);
  });

  it("names the character a task does not know", () => {
    const { vocab } = makeSequenceTask("parity", { n: 1, length: 3 });
    expect(() => encodeTokens(vocab, "0121")).toThrow(/"2" at position 2/);
    expect(() => decodeTokens(vocab, [9])).toThrow(/Token id 9/);
  });
});
