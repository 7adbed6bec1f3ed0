/** `tokenize train` and `tokenize encode`: a BPE tokenizer from a text file, then tried on text. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { BpeTokenizer } from "../../train/tokenizers";
import { runCli, tempDir } from "./run-cli";

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const text = "the cat and the hat and the bat sat on the mat. ".repeat(40) + "日本語 😀👩‍👩‍👧";

describe("tokenize", () => {
  test("train writes a tokenizer of the vocabulary asked for; encode uses it and round-trips", () => {
    writeFileSync(join(tmp.dir, "t.txt"), text);
    const tokPath = join(tmp.dir, "tok.json");
    const r = runCli(["tokenize", "train", "--text", join(tmp.dir, "t.txt"), "--vocab", "280", "--out", tokPath]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^trained byte-level BPE on .*t\.txt \([\d,]+ characters, GPT-2 pre-split\): 24 merges, vocabulary 280, in \d+\.\d\d s$/m,
    );
    expect(r.stdout).toMatch(/^[\d,]+ tokens: \d+\.\d\d characters\/token, \d+\.\d\d bytes\/token$/m);
    expect(r.stdout).toMatch(/longest tokens: .*" the"/);
    const tok = BpeTokenizer.fromJSON(readFileSync(tokPath, "utf8"));
    expect(tok.vocabSize).toBe(280);
    // This short text has only 41 merges in it: asking for more stops there and says so.
    const more = runCli(["tokenize", "train", "--text", join(tmp.dir, "t.txt"), "--vocab", "400", "--out", join(tmp.dir, "more.json")]);
    expect(more.stdout).toMatch(/41 merges, vocabulary 297,[\s\S]*\(stopped at 297: no pair of tokens is left to merge\)/);

    const e = runCli(["tokenize", "encode", "--tokenizer", tokPath, "--json", "the cat 😀 naïve"]);
    expect(e.status).toBe(0);
    const out = JSON.parse(e.stdout) as { ids: number[]; pieces: string[]; tokens: number; chars: number };
    expect(out.ids).toEqual(Array.from(tok.encode("the cat 😀 naïve")));
    expect(tok.decode(out.ids)).toBe("the cat 😀 naïve");
    expect(out.chars).toBe(15);
    expect(out.pieces.slice(0, 2)).toEqual(["the", " cat"]);
  }, 60_000);

  test("the built-in corpus at vocab 512 compresses to more than 2 characters a token", () => {
    const r = runCli(["tokenize", "train", "--corpus", "--vocab", "512", "--out", join(tmp.dir, "c.json"), "--json"]);
    expect(r.status).toBe(0);
    const rep = JSON.parse(r.stdout) as { vocabSize: number; charsPerToken: number; chars: number };
    expect(rep.vocabSize).toBe(512);
    expect(rep.chars).toBeGreaterThanOrEqual(250_000);
    expect(rep.charsPerToken).toBeGreaterThan(2);
  }, 60_000);

  test("mistakes are one line naming the fix", () => {
    const v = runCli(["tokenize", "train", "--corpus", "--vocab", "100", "--out", join(tmp.dir, "x.json")]);
    expect([v.status, v.stderr.trim()]).toEqual([
      2,
      'error: --vocab needs a whole number of at least 256 (the 256 bytes + merges), got "100"',
    ]);
    writeFileSync(
      join(tmp.dir, "bad.json"),
      JSON.stringify({ format: "tensorloom.tokenizer", kind: "bpe", version: 9, preSplit: "gpt2", merges: [], vocab: [] }),
    );
    const b = runCli(["tokenize", "encode", "--tokenizer", join(tmp.dir, "bad.json"), "hi"]);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/bad\.json: Not a saved BPE tokenizer: version/);
  }, 60_000);
});
