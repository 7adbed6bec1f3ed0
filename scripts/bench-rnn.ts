/**
 * `npm run bench:rnn`: training tokens/s of the LSTM preset's default config with tfjs's
 * tf.layers.lstm (its compile before issue 13) and as compiled now (TLLSTM), side by side in one run on wasm in Node,
 * beside the GPT preset of the same width. Rates are from process CPU time (see bench/clock.ts).
 * Env: BENCH_ROUNDS (default 3), BENCH_STEPS per round (default 3), BENCH_WARMUP (default 2).
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { startClock } from "./bench/clock";
import { lstmGradientMs } from "./bench/lstm-autodiff";
import { gptWidthRunner, LSTM_PRESET, tfjsLstmRunner, tlLstmRunner } from "./bench/rnn-runners";
import type { Runner } from "./bench/runners";

const RECURRENT_CLASSES = ["TLLSTM", "LSTM", "TLGRU", "GRU", "SimpleRNN"];

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STEPS = Number(process.env.BENCH_STEPS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const TOKENS = LSTM_PRESET.batch * LSTM_PRESET.context;
const GOAL_SPEEDUP = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 0 });

async function tokensPerSecond(runner: Runner, n: number): Promise<{ cpu: number; wall: number }> {
  const stop = startClock();
  for (let i = 0; i < n; i++) await runner.step();
  const t = stop();
  return { cpu: (n * TOKENS * 1000) / t.cpuMs, wall: (n * TOKENS * 1000) / t.wallMs };
}

async function main(): Promise<void> {
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend did not initialise");
  await tf.ready();
  console.log(
    `backend ${tf.getBackend()}, tfjs ${tf.version.tfjs}, node ${process.version}; ${TOKENS} tokens/step (batch ${LSTM_PRESET.batch} × T ${LSTM_PRESET.context})`,
  );
  const runners = [tfjsLstmRunner(0), tlLstmRunner(0), gptWidthRunner(0)];
  for (const r of runners) {
    const recurrent = r.layerClasses.filter((c) => RECURRENT_CLASSES.includes(c));
    console.log(`  ${r.name}: ${fmt(r.params)} parameters${recurrent.length ? `, recurrent layers ${recurrent.join(", ")}` : ""}`);
  }
  for (const r of runners) for (let i = 0; i < WARMUP; i++) await r.step();
  const rates = runners.map(() => [] as { cpu: number; wall: number }[]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
    for (const k of order) rates[k].push(await tokensPerSecond(runners[k], STEPS));
    console.log(
      `round ${round + 1}: ` +
        runners.map((r, k) => `${r.name} ${fmt(rates[k][round].cpu)} tok/s (wall ${fmt(rates[k][round].wall)})`).join(", "),
    );
  }
  const med = rates.map((rs) => median(rs.map((r) => r.cpu)));
  console.log("\nmedian tokens/s (CPU time):");
  runners.forEach((r, k) => console.log(`  ${r.name.padEnd(32)} ${fmt(med[k]).padStart(8)}   (${(TOKENS / med[k]).toFixed(3)} s/step)`));
  const speedup = med[1] / med[0];
  const vsGpt = med[1] / med[2];
  console.log(`TLLSTM vs tf.layers.lstm: ${speedup.toFixed(1)}× (goal ≥ ${GOAL_SPEEDUP}×: ${speedup >= GOAL_SPEEDUP ? "met" : "NOT met"})`);
  console.log(
    `TLLSTM vs GPT of width ${LSTM_PRESET.units}: ${vsGpt.toFixed(2)}× its tokens/s (goal ≥ 1: ${vsGpt >= 1 ? "met" : "NOT met"})`,
  );
  runners.forEach((r) => r.dispose());
  const g = lstmGradientMs(LSTM_PRESET.batch, LSTM_PRESET.context, 64, LSTM_PRESET.units);
  console.log(
    `\none LSTM layer [${LSTM_PRESET.batch}, ${LSTM_PRESET.context}, 64] → ${LSTM_PRESET.units} units, forward + backward: tfjs autodiff through the loop ${g.autodiff.toFixed(0)} ms, hand-written BPTT ${g.bptt.toFixed(0)} ms (${(g.autodiff / g.bptt).toFixed(1)}×)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
