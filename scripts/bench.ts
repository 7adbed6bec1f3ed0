/**
 * `npm run bench`: training speed of the compiled GPT preset against a hand-written tfjs GPT of
 * the same size (nanoGPT's CPU config), both on the wasm backend in Node, measured side by side.
 * Prints tokens/s and their ratio, the compiled step's GFLOP/s against the backend's 1024³
 * matmul peak, tf.memory().numTensors around the timed steps, and a per-kernel profile.
 * Rates are from process CPU time (steady on a shared machine), with wall-clock beside them.
 * Env: BENCH_ROUNDS (default 3), BENCH_STEPS per round (default 4), BENCH_WARMUP (default 3).
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { checkAgainstNaive } from "./bench/check";
import { startClock } from "./bench/clock";
import { flopsPerToken, GPT_CONFIG } from "./bench/config";
import { matmulPeak } from "./bench/peak";
import { formatProfile, profileStep } from "./bench/profile";
import { compiledRunner, naiveRunner } from "./bench/runners";
import type { Runner } from "./bench/runners";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STEPS = Number(process.env.BENCH_STEPS ?? 4);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const SEED = 0;
const TOKENS = GPT_CONFIG.batch * GPT_CONFIG.context;
const GOAL_SPEEDUP = 2.5;
const GOAL_PEAK_SHARE = 0.4;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number, digits = 0) => x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Rate {
  cpu: number;
  wall: number;
}

/** Steps `runner` n times: tokens/s by CPU and wall time, and the last loss. */
async function timed(runner: Runner, n: number): Promise<Rate & { loss: number }> {
  let loss = NaN;
  const stop = startClock();
  for (let i = 0; i < n; i++) loss = await runner.step();
  const t = stop();
  return { cpu: (n * TOKENS * 1000) / t.cpuMs, wall: (n * TOKENS * 1000) / t.wallMs, loss };
}

async function main(): Promise<void> {
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend did not initialise");
  await tf.ready();
  const c = GPT_CONFIG;
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
  console.log(`backend ${tf.getBackend()} (SIMD ${simd}, threads ${threads}), tfjs ${tf.version.tfjs}, node ${process.version}`);
  console.log(
    `model: vocab ${c.vocab}, context ${c.context}, width ${c.width}, ${c.heads} heads, ${c.layers} layers, batch ${c.batch} (${TOKENS} tokens/step)`,
  );

  const eq = checkAgainstNaive(SEED);
  const e = (x: number) => x.toExponential(1);
  console.log(
    `numerics, compiled vs hand-written with the same weights on one batch (relative to max(1, |x|)): logits ${e(eq.logits)}, loss ${e(eq.loss)}, gradients ${e(eq.grads)} (largest gradient ${eq.gradScale.toFixed(3)}); within 1e-5: ${eq.ok ? "yes" : "NO"}`,
  );
  if (!eq.ok) process.exitCode = 1;

  const runners = { compiled: compiledRunner(SEED), naive: naiveRunner(SEED) };
  const { compiled, naive } = runners;
  if (compiled.params !== naive.params)
    throw new Error(`parameter counts differ: compiled ${compiled.params}, hand-written ${naive.params}`);
  const flops = flopsPerToken(compiled.params);
  console.log(
    `parameters ${fmt(compiled.params)} (both); ${fmt(flops / 1e6, 2)} MFLOP per token, ${fmt((flops * TOKENS) / 1e9, 2)} GFLOP per step`,
  );
  console.log(`warm-up ${WARMUP} steps each, then ${ROUNDS} rounds × ${STEPS} steps each, interleaved with the matmul peak\n`);

  const first = { compiled: await compiled.step(), naive: await naive.step() };
  for (let i = 1; i < WARMUP; i++) for (const r of [compiled, naive]) await r.step();

  const tensorsBefore = tf.memory().numTensors;
  const rates = { compiled: [] as Rate[], naive: [] as Rate[], peak: [] as Rate[] };
  const last = { compiled: NaN, naive: NaN };
  for (let r = 0; r < ROUNDS; r++) {
    for (const key of r % 2 === 0 ? (["compiled", "naive"] as const) : (["naive", "compiled"] as const)) {
      const { loss, ...rate } = await timed(runners[key], STEPS);
      rates[key].push(rate);
      last[key] = loss;
    }
    rates.peak.push(await matmulPeak());
    const show = (x: Rate, unit: string, d = 0) => `${fmt(x.cpu, d)} ${unit} (wall ${fmt(x.wall, d)})`;
    const roundShare = (100 * rates.compiled[r].cpu * flops) / 1e9 / rates.peak[r].cpu;
    console.log(
      `round ${r + 1}: compiled ${show(rates.compiled[r], "tok/s")}, hand-written ${show(rates.naive[r], "tok/s")}, peak ${show(rates.peak[r], "GFLOP/s", 1)}; compiled = ${roundShare.toFixed(0)}% of this round's peak`,
    );
  }
  const tensorsAfter = tf.memory().numTensors;

  const pick = (xs: Rate[], f: (x: number[]) => number): Rate => ({ cpu: f(xs.map((x) => x.cpu)), wall: f(xs.map((x) => x.wall)) });
  const [cTok, nTok] = [pick(rates.compiled, median), pick(rates.naive, median)];
  const peak = pick(rates.peak, (x) => Math.max(...x));
  const speedup = cTok.cpu / nTok.cpu;
  const gflops = (cTok.cpu * flops) / 1e9;
  const share = gflops / peak.cpu;
  const ms = (x: Rate) => `${fmt((TOKENS * 1000) / x.cpu)} ms/step`;
  console.log("\n== results: median of rounds, by CPU time (wall-clock in brackets); peak = best 1024³ matmul ==");
  console.log(
    `compiled preset     ${fmt(cTok.cpu).padStart(6)} tokens/s [${fmt(cTok.wall)}]  ${ms(cTok)}  loss ${first.compiled.toFixed(3)} → ${last.compiled.toFixed(3)}`,
  );
  console.log(
    `hand-written tfjs   ${fmt(nTok.cpu).padStart(6)} tokens/s [${fmt(nTok.wall)}]  ${ms(nTok)}  loss ${first.naive.toFixed(3)} → ${last.naive.toFixed(3)}`,
  );
  console.log(
    `speed-up            ${speedup.toFixed(2)}× [${(cTok.wall / nTok.wall).toFixed(2)}×]  goal ≥ ${GOAL_SPEEDUP}×: ${speedup >= GOAL_SPEEDUP ? "met" : "NOT met"}`,
  );
  console.log(
    `compiled GFLOP/s    ${gflops.toFixed(2)} of a ${peak.cpu.toFixed(2)} GFLOP/s matmul peak = ${(100 * share).toFixed(1)}% [wall ${((100 * cTok.wall * flops) / 1e9 / peak.wall).toFixed(1)}%]  goal ≥ ${100 * GOAL_PEAK_SHARE}%: ${share >= GOAL_PEAK_SHARE ? "met" : "NOT met"}`,
  );
  console.log(
    `tf.memory().numTensors before / after the timed steps: ${tensorsBefore} / ${tensorsAfter}  ${tensorsBefore === tensorsAfter ? "equal" : "NOT equal: a leak"}`,
  );
  if (tensorsBefore !== tensorsAfter) process.exitCode = 1;

  for (const [key, label] of [
    ["compiled", "compiled preset"],
    ["naive", "hand-written tfjs"],
  ] as const) {
    const p = await profileStep(() => runners[key].step());
    const stepMs = (TOKENS * 1000) / (key === "compiled" ? cTok : nTok).cpu;
    console.log(
      `\n== profile: ${label} (kernels ${fmt(p.kernelMs)} ms of a ${fmt(stepMs)} ms step; the rest is JS: op dispatch, tape, tidy) ==`,
    );
    console.log(formatProfile(p));
  }
  compiled.dispose();
  naive.dispose();
}

await main();
