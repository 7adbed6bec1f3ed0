/**
 * The training part of an exported file: the document's settings, the loss, the optimiser and
 * schedule (written out as train/optimizer.ts has them), train(), generate() for language
 * models on text, and a main() that runs only when the file is the program.
 */
import type { TrainConfig } from "../../graph";
import type { DataSource } from "./datasets";
import type { ModelSource } from "./model";
import { Writer, numberLiteral } from "./source";

/** The settings train() reads, with what each means. */
function settings(config: TrainConfig, w: Writer): void {
  const fields: [keyof TrainConfig, string, boolean][] = [
    ["steps", "optimisation steps", true],
    ["batchSize", "examples per step", true],
    ["lr", "peak learning rate", true],
    ["warmupSteps", "linear warmup steps", config.warmupSteps > 0],
    ["minLrRatio", "final learning rate, as a fraction of the peak (cosine decay)", config.schedule === "cosine"],
    ["weightDecay", "AdamW's decay on weight matrices", config.optimizer === "adamw"],
    ["momentum", "SGD momentum", config.optimizer === "sgd"],
    ["clipNorm", "gradients are clipped to this global L2 norm", config.clipNorm > 0],
    ["evalEvery", "log the loss every this many steps", true],
    ["seed", "seed of the weights and the batches", true],
  ];
  w.doc(["The document's training settings."]);
  w.block(
    "export const TRAINING = {",
    () => {
      for (const [key, text, used] of fields)
        if (used) w.line(`${key}: ${numberLiteral(config[key], `training setting ${key}`)}, // ${text}`);
    },
    "};",
  );
}

function optimizer(config: TrainConfig): string {
  if (config.optimizer === "sgd") {
    return String.raw`
/** SGD with momentum: returns update(grads, lr), one optimisation step. */
function createOptimizer(vars: tf.Variable[]): (grads: tf.Tensor[], lr: number) => void {
  const velocity = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  return (grads, lr) => {
    tf.tidy(() => {
      vars.forEach((v, i) => {
        velocity[i].assign(tf.add(tf.mul(velocity[i], TRAINING.momentum), grads[i]));
        v.assign(tf.sub(v, tf.mul(velocity[i], lr)));
      });
    });
  };
}`;
  }
  const adamw = config.optimizer === "adamw";
  const name = adamw ? "AdamW with weight decay on matrices only" : "Adam";
  const decay = adamw ? "\n        if (v.rank >= 2) step = tf.add(step, tf.mul(v, TRAINING.weightDecay));" : "";
  return String.raw`
/** ${name}: returns update(grads, lr), one optimisation step. */
function createOptimizer(vars: tf.Variable[]): (grads: tf.Tensor[], lr: number) => void {
  const [beta1, beta2, eps] = [0.9, ${adamw ? "0.95" : "0.999"}, 1e-8];
  const m = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  const s = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  let t = 0;
  return (grads, lr) => {
    t += 1;
    tf.tidy(() => {
      vars.forEach((v, i) => {
        m[i].assign(tf.add(tf.mul(m[i], beta1), tf.mul(grads[i], 1 - beta1)));
        s[i].assign(tf.add(tf.mul(s[i], beta2), tf.mul(tf.square(grads[i]), 1 - beta2)));
        const mHat = tf.div(m[i], 1 - beta1 ** t);
        const sHat = tf.div(s[i], 1 - beta2 ** t);
        ${adamw ? "let" : "const"} step = tf.div(mHat, tf.add(tf.sqrt(sHat), eps));${decay}
        v.assign(tf.sub(v, tf.mul(step, lr)));
      });
    });
  };
}`;
}

/** The learning-rate schedule, or undefined when the rate is constant. */
function schedule(config: TrainConfig): string | undefined {
  const warmup = config.warmupSteps > 0;
  if (config.schedule === "constant") {
    if (!warmup) return undefined;
    return String.raw`
/** Linear warmup over TRAINING.warmupSteps, then the constant rate TRAINING.lr. */
function learningRate(step: number): number {
  const { lr, warmupSteps } = TRAINING;
  return step < warmupSteps ? (lr * (step + 1)) / warmupSteps : lr;
}`;
  }
  const progress = warmup ? "(step - warmupSteps) / Math.max(1, steps - warmupSteps)" : "step / steps";
  return String.raw`
/** ${warmup ? "Linear warmup, then cosine" : "Cosine"} decay to minLrRatio·lr at the last step. */
function learningRate(step: number, steps: number): number {
  const { lr, ${warmup ? "warmupSteps, " : ""}minLrRatio } = TRAINING;${warmup ? "\n  if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;" : ""}
  const progress = Math.min(1, ${progress});
  const min = lr * minLrRatio;
  return min + 0.5 * (lr - min) * (1 + Math.cos(Math.PI * progress));
}`;
}

const CLIP = String.raw`
/** Scales the gradients so that their global L2 norm is at most TRAINING.clipNorm. */
function clipByGlobalNorm(grads: tf.Tensor[]): tf.Tensor[] {
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
  const scale = tf.minimum(1, tf.div(TRAINING.clipNorm, tf.add(norm, 1e-6)));
  return grads.map((g) => tf.mul(g, scale));
}`;

/** The loss: every dataset the file can generate has integer labels (classes or next tokens). */
const LOSS = String.raw`
/** Softmax cross-entropy of logits [..., V] against integer labels [...], mean over positions. */
function lossOf(logits: tf.Tensor, labels: tf.Tensor, weights?: tf.Tensor): tf.Scalar {
  const V = logits.shape[logits.rank - 1];
  const onehot = tf.oneHot(tf.reshape(labels, [-1]) as tf.Tensor1D, V);
  const rowWeights = weights && tf.reshape(weights, [-1]);
  const loss = tf.losses.softmaxCrossEntropy(onehot, tf.reshape(logits, [-1, V]), rowWeights);
  return loss as tf.Scalar;
}`;

function trainLoop(config: TrainConfig, model: ModelSource): string {
  const inputs = model.inputs.length === 1 ? "batch.inputs[0]" : "batch.inputs";
  const forward = `model.apply(${inputs}, { training: true })`;
  const out = model.outputs.length === 1 ? `${forward} as tf.Tensor` : `(${forward} as tf.Tensor[])[0]`;
  const rate =
    config.schedule === "constant" ? (config.warmupSteps > 0 ? "learningRate(step)" : "TRAINING.lr") : "learningRate(step, steps)";
  const list = "vars.map((v) => grads[v.name])";
  const grads = config.clipNorm > 0 ? `clipByGlobalNorm(${list})` : list;
  return String.raw`
/**
 * Trains the model with the document's settings; returns the loss at every step and logs it
 * every TRAINING.evalEvery steps.
 * @example const losses = await train(buildModel(), { steps: 100 });
 */
export async function train(
  model: tf.LayersModel,
  options: { steps?: number; log?: (line: string) => void } = {},
): Promise<number[]> {
  const { steps = TRAINING.steps, log = console.log } = options;
  const rng = mulberry32(TRAINING.seed);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const update = createOptimizer(vars);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = trainingBatch(rng);
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const out = ${out};
        return lossOf(out, batch.target, batch.weights);
      }, vars);
      update(${grads}, ${rate});
      return value;
    });
    losses.push((await loss.data())[0]);
    tf.dispose([loss, batch]);
    if (step === 0 || (step + 1) % TRAINING.evalEvery === 0 || step + 1 === steps) {
      log("step " + (step + 1) + "  loss " + losses[step].toFixed(4));
    }
  }
  return losses;
}`;
}

const GENERATE = String.raw`
/** Draws a token id from logits: temperature, the topK likeliest only. */
function pickToken(
  logits: Float32Array,
  temperature: number,
  topK: number,
  rng: () => number,
): number {
  const ids = Array.from(logits.keys()).sort((a, b) => logits[b] - logits[a]).slice(0, topK);
  const weights = ids.map((i) => Math.exp((logits[i] - logits[ids[0]]) / temperature));
  let r = rng() * weights.reduce((a, b) => a + b, 0);
  for (let j = 0; j < ids.length; j++) {
    r -= weights[j];
    if (r <= 0) return ids[j];
  }
  return ids[ids.length - 1];
}

/**
 * Continues prompt by length characters, each drawn from the model's next-character logits. The
 * context is the last T characters, right-padded (a causal model never looks at the padding).
 * @example console.log(await generate(model, "Once upon a time", 200));
 */
export async function generate(
  model: tf.LayersModel,
  prompt: string,
  length: number,
  options: { temperature?: number; topK?: number; seed?: number } = {},
): Promise<string> {
  const { temperature = 0.8, topK = 10, seed = TRAINING.seed } = options;
  const rng = mulberry32(seed);
  const ids = Array.from(prompt, (c) => CHARS.indexOf(c)).filter((id) => id >= 0);
  let text = "";
  for (let i = 0; i < length; i++) {
    const window = (ids.length ? ids : [0]).slice(-BLOCK_SIZE);
    const padded = new Int32Array(BLOCK_SIZE);
    padded.set(window);
    const next = tf.tidy(() => {
      const logits = model.predict(tf.tensor2d(padded, [1, BLOCK_SIZE], "int32")) as tf.Tensor;
      // The last real position, and only ids that stand for a character.
      return tf.reshape(tf.slice(logits, [0, window.length - 1, 0], [1, 1, CHARS.length]), [-1]);
    });
    const id = pickToken((await next.data()) as Float32Array, temperature, topK, rng);
    next.dispose();
    ids.push(id);
    text += CHARS[id];
  }
  return text;
}`;

/** main(): build, load weights when given, train when the file can, sample a language model on text. */
function main(model: ModelSource, data: DataSource | undefined): string {
  const build = `buildModel(${model.seeded && data ? "TRAINING.seed" : ""})`;
  const steps = data
    ? String.raw`
  const stepsText = option("--steps") ?? String(TRAINING.steps);
  const steps = Number(stepsText);
  if (!/^\d+$/.test(stepsText) || (steps === 0 && weights === undefined)) {
    throw new Error(
      "--steps needs a whole number, e.g. --steps 100 (or --steps 0 with --weights: no training)",
    );
  }`
    : "";
  const sample = data?.text ? '\n  console.log(await generate(model, "\\n", 200));' : "";
  const work = data ? `\n  if (steps > 0) await train(model, { steps });${sample}` : "\n  model.summary();";
  const usage = data
    ? "npx tsx model.ts [--weights x.model.json] [--steps N]: builds the model, loads the weights when given, trains it" +
      (data.text ? " and prints a sample" : "") +
      " (--steps 0 with --weights: no training)"
    : "npx tsx model.ts [--weights x.model.json]: builds the model, loads the weights when given, prints its summary";
  return String.raw`
${new Writer()
  .doc([`${usage}.`])
  .toString()
  .trimEnd()}
async function main(args: string[]): Promise<void> {
  /** The value after a flag: undefined when the flag is not given, "" when nothing follows it. */
  const option = (flag: string) => {
    const at = args.indexOf(flag);
    return at < 0 ? undefined : (args[at + 1] ?? "");
  };
  const weights = option("--weights");
  if (weights === "") {
    throw new Error("--weights needs the path of a model.json, e.g. --weights x.model.json");
  }${steps}
  await tf.ready();
  const model = ${build};
  const params = model.countParams().toLocaleString("en-US");
  console.log(MODEL_NAME + ": " + params + " parameters, on the " + tf.getBackend() + " backend");
  if (weights !== undefined) {
    await loadWeights(model, weights);
    console.log("Loaded the weights of " + weights);
  }${work}
}

/** True when this file is the program being run (npx tsx model.ts), not a module imported. */
function isMain(entry: string | undefined): boolean {
  const path = (p: string) => p.replace(/\\/g, "/").replace(/\.[cm]?[jt]s$/, "");
  const self = path(decodeURIComponent(new URL(import.meta.url).pathname));
  return entry !== undefined && self.endsWith(path(entry));
}

const node = (globalThis as { process?: { argv: string[]; exitCode?: number } }).process;
if (node && isMain(node.argv[1])) {
  main(node.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    node.exitCode = 1;
  });
}`;
}

export interface TrainingSource {
  source: string;
  /** Snippets it needs (`mulberry32`), placed before it unless the layers have them. */
  needs: string[];
}

/** The training section (with main), or only main when there is no data to train on. */
export function emitTraining(config: TrainConfig | undefined, model: ModelSource, data: DataSource | undefined): TrainingSource {
  const w = new Writer();
  if (config && data) {
    settings(config, w);
    w.blank().source(data.source).blank().source(LOSS).blank().source(optimizer(config));
    const rate = schedule(config);
    if (rate) w.blank().source(rate);
    if (config.clipNorm > 0) w.blank().source(CLIP);
    w.blank().source(trainLoop(config, model));
    if (data.text) w.blank().source(GENERATE);
  }
  w.blank().source(main(model, config && data));
  return { source: w.toString(), needs: config && data ? ["mulberry32", ...data.needs] : [] };
}
