/**
 * `npm run bench:bpe`: byte-level BPE training speed. Trains on 1 MB of the built-in corpus at
 * vocab 2,048 (with GPT-2's pre-split, and without it: one long sequence), and compares the
 * incremental trainer with the naive rescan-per-merge reference (tests/train/tokenizers) on a
 * smaller text, side by side, checking both learn the same merges. Prints seconds (CPU, with
 * wall-clock beside), merges/s and chars/token.
 * Env: BENCH_BPE_CHARS (default 1,000,000), BENCH_BPE_VOCAB (2048), BENCH_BPE_NAIVE_CHARS (100,000),
 * BENCH_BPE_NAIVE_VOCAB (512).
 */
import { generateCorpus } from "../train/data";
import { trainBpe } from "../train/tokenizers";
import { naiveBpeMerges } from "../tests/train/tokenizers/naive-bpe";
import { startClock } from "./bench/clock";

const CHARS = Number(process.env.BENCH_BPE_CHARS ?? 1_000_000);
const VOCAB = Number(process.env.BENCH_BPE_VOCAB ?? 2048);
const NAIVE_CHARS = Number(process.env.BENCH_BPE_NAIVE_CHARS ?? 100_000);
const NAIVE_VOCAB = Number(process.env.BENCH_BPE_NAIVE_VOCAB ?? 512);
const GOAL_SECONDS = 60;

const fmt = (x: number, digits = 0) => x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Row {
  name: string;
  chars: number;
  vocab: number;
  merges: number;
  cpuS: number;
  wallS: number;
  charsPerToken?: number;
}

function timed<T>(run: () => T): { value: T; cpuS: number; wallS: number } {
  const stop = startClock();
  const value = run();
  const e = stop();
  return { value, cpuS: e.cpuMs / 1000, wallS: e.wallMs / 1000 };
}

function fast(name: string, text: string, vocabSize: number, preSplit: boolean): Row & { merges: number; list: string } {
  const t = timed(() => trainBpe(text, { vocabSize, preSplit }));
  const tok = t.value;
  const tokens = tok.encode(text).length;
  if (tok.decode(tok.encode(text)) !== text) throw new Error(`${name}: the round trip changed the text`);
  return {
    name,
    chars: text.length,
    vocab: tok.vocabSize,
    merges: tok.merges.length,
    cpuS: t.cpuS,
    wallS: t.wallS,
    charsPerToken: text.length / tokens,
    list: JSON.stringify(tok.merges),
  };
}

const big = generateCorpus({ seed: 1, minChars: CHARS }).slice(0, CHARS);
const small = big.slice(0, NAIVE_CHARS);
const rows: Row[] = [fast("incremental, pre-split", big, VOCAB, true), fast("incremental, no pre-split", big, VOCAB, false)];
// The naive reference on the smaller text, both ways, each beside the incremental trainer.
const pairs = [true, false].map((preSplit) => {
  const how = preSplit ? "pre-split" : "no pre-split";
  const inc = fast(`incremental, ${how}`, small, NAIVE_VOCAB, preSplit);
  const naive = timed(() => naiveBpeMerges(small, NAIVE_VOCAB, preSplit));
  rows.push(inc, {
    name: `naive rescan, ${how}`,
    chars: small.length,
    vocab: 256 + naive.value.length,
    merges: naive.value.length,
    cpuS: naive.cpuS,
    wallS: naive.wallS,
  });
  return { how, same: JSON.stringify(naive.value) === inc.list, speedUp: naive.cpuS / inc.cpuS };
});

const header = ["trainer", "chars", "vocab", "merges", "CPU s", "wall s", "merges/s", "chars/token"];
const cells = rows.map((r) => [
  r.name,
  fmt(r.chars),
  fmt(r.vocab),
  fmt(r.merges),
  fmt(r.cpuS, 2),
  fmt(r.wallS, 2),
  fmt(r.merges / r.cpuS),
  r.charsPerToken ? fmt(r.charsPerToken, 2) : "—",
]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ");
console.log(`byte-level BPE training on the built-in corpus (Node ${process.version})\n`);
console.log([line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n"));
for (const p of pairs)
  console.log(
    `${p === pairs[0] ? "\n" : ""}naive and incremental merges on ${fmt(small.length)} chars, ${p.how}: ${p.same ? "identical" : "DIFFERENT"}; speed-up ${fmt(p.speedUp, 0)}×`,
  );
const same = pairs.every((p) => p.same);
const goal = rows[0].cpuS < GOAL_SECONDS && rows[1].cpuS < GOAL_SECONDS;
console.log(
  `goal: 1 MB at vocab ${fmt(VOCAB)} well under ${GOAL_SECONDS} s: ${goal ? "met" : "NOT met"} (${fmt(rows[0].cpuS, 2)} s pre-split, ${fmt(rows[1].cpuS, 2)} s without)`,
);
process.exit(same && goal ? 0 : 1);
