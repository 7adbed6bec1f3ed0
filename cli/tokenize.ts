/**
 * `tokenize`: train a byte-level BPE tokenizer and try it.
 *   tokenize train (--text FILE | --corpus) --vocab N [--no-pre-split] --out tok.json
 *   tokenize encode --tokenizer tok.json (--text FILE | "some text")
 * The built-in corpus is the one the GPT preset trains on (seed 0, 250,000 characters).
 */
import { readFileSync, writeFileSync } from "node:fs";
// The tfjs-free faces: this command never needs tfjs, so it does not load it.
import { generateCorpus } from "../train/data";
import { BpeTokenizer, trainBpe, utf8Bytes } from "../train/tokenizers";
import { CliError } from "./args";
import { int, table } from "./format";

export interface TokenizeOptions {
  text?: string;
  corpus: boolean;
  vocab?: string;
  preSplit: boolean;
  tokenizer?: string;
  out?: string;
  json: boolean;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new CliError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`,
      2,
    );
  }
}

/** Characters (code points) and UTF-8 bytes per token of `text`. */
function density(tok: BpeTokenizer, text: string) {
  const tokens = tok.encode(text).length;
  return {
    chars: Array.from(text).length,
    bytes: utf8Bytes(text).length,
    tokens,
    charsPerToken: tokens ? Array.from(text).length / tokens : 0,
    bytesPerToken: tokens ? utf8Bytes(text).length / tokens : 0,
  };
}

export function runTokenize(args: string[], opts: TokenizeOptions): number {
  const [sub, ...rest] = args;
  if (sub === "train") {
    if (!opts.out) throw new CliError("tokenize train needs --out tok.json", 2);
    if (!opts.text && !opts.corpus) throw new CliError("tokenize train needs --text FILE or --corpus (the built-in corpus)", 2);
    const vocabSize = Number(opts.vocab ?? "");
    if (!Number.isInteger(vocabSize) || vocabSize < 256)
      throw new CliError(`--vocab needs a whole number of at least 256 (the 256 bytes + merges), got "${opts.vocab ?? ""}"`, 2);
    const text = opts.text ? readText(opts.text) : generateCorpus({ seed: 0, minChars: 250_000 });
    const t0 = performance.now();
    const tok = trainBpe(text, { vocabSize, preSplit: opts.preSplit });
    const seconds = (performance.now() - t0) / 1000;
    writeFileSync(opts.out, JSON.stringify(tok) + "\n");
    const d = density(tok, text);
    const longest = Array.from({ length: tok.vocabSize - 256 }, (_, i) => 256 + i)
      .sort((a, b) => tok.tokenBytes(b).length - tok.tokenBytes(a).length || a - b)
      .slice(0, 10)
      .map((id) => ({ id, text: tok.tokenText(id) }));
    if (opts.json) {
      console.log(
        JSON.stringify({
          out: opts.out,
          vocabSize: tok.vocabSize,
          merges: tok.merges.length,
          preSplit: opts.preSplit,
          seconds,
          ...d,
          longest,
        }),
      );
      return 0;
    }
    const source = opts.text ?? "the built-in corpus";
    console.log(
      `trained byte-level BPE on ${source} (${int(d.chars)} characters${opts.preSplit ? ", GPT-2 pre-split" : ", no pre-split"}): ${int(tok.merges.length)} merges, vocabulary ${int(tok.vocabSize)}, in ${seconds.toFixed(2)} s`,
    );
    if (tok.vocabSize < vocabSize) console.log(`(stopped at ${int(tok.vocabSize)}: no pair of tokens is left to merge)`);
    console.log(`${int(d.tokens)} tokens: ${d.charsPerToken.toFixed(2)} characters/token, ${d.bytesPerToken.toFixed(2)} bytes/token`);
    console.log(`longest tokens: ${longest.map((l) => JSON.stringify(l.text)).join(" ")}`);
    console.log(`wrote ${opts.out}`);
    return 0;
  }
  if (sub === "encode") {
    if (!opts.tokenizer) throw new CliError("tokenize encode needs --tokenizer tok.json", 2);
    let tok: BpeTokenizer;
    try {
      tok = BpeTokenizer.fromJSON(readText(opts.tokenizer));
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`${opts.tokenizer}: ${(err as Error).message}`, 2);
    }
    const text = opts.text ? readText(opts.text) : rest.join(" ");
    if (!opts.text && rest.length === 0) throw new CliError('tokenize encode needs text: --text FILE or "some text"', 2);
    const ids = Array.from(tok.encode(text));
    const d = density(tok, text);
    if (opts.json) {
      console.log(JSON.stringify({ ids, pieces: ids.map((id) => tok.tokenText(id)), ...d }));
      return 0;
    }
    console.log(
      table(
        ["id", "token"],
        ids.slice(0, 200).map((id) => [String(id), JSON.stringify(tok.tokenText(id))]),
        [0],
      ),
    );
    if (ids.length > 200) console.log(`… and ${int(ids.length - 200)} more`);
    console.log(
      `\n${int(d.tokens)} tokens for ${int(d.chars)} characters: ${d.charsPerToken.toFixed(2)} characters/token, ${d.bytesPerToken.toFixed(2)} bytes/token`,
    );
    return 0;
  }
  throw new CliError(`tokenize needs train or encode, got "${sub ?? ""}"`, 2);
}
