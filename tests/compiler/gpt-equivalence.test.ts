/**
 * The compiled GPT preset computes what nanoGPT's model computes: its weights, copied by name
 * into the hand-written reference (gpt-reference.ts), give the same logits.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { CompiledModel } from "@/compiler";
import { compiled, perturbWeights, presetGraph, weightsByName } from "./build";
import { gptLogits, gptWeightShapes } from "./gpt-reference";
import type { GptConfig, GptWeights } from "./gpt-reference";
import { expectClose } from "./layers/close";
import { seededIds } from "./layers/reference";

beforeAll(async () => {
  expect(await tf.setBackend("cpu")).toBe(true);
});

const TINY: GptConfig = { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16, bias: true, tieWeights: true, rope: false };

/** Compiled weight names (inside block copy i: `blocks_<i>_<node>/<weight>`) → nanoGPT names. */
const TOP_LEVEL: Record<string, string> = {
  "wte/embeddings": "wte",
  "wpe/embeddings": "wpe",
  "ln_f/gamma": "ln_f.weight",
  "ln_f/beta": "ln_f.bias",
  "lm_head/kernel": "lm_head.weight",
};
const IN_BLOCK: Record<string, string> = {
  "ln_1/gamma": "ln_1.weight",
  "ln_1/beta": "ln_1.bias",
  "attn/qkv_kernel": "attn.c_attn.weight",
  "attn/qkv_bias": "attn.c_attn.bias",
  "attn/proj_kernel": "attn.c_proj.weight",
  "attn/proj_bias": "attn.c_proj.bias",
  "ln_2/gamma": "ln_2.weight",
  "ln_2/beta": "ln_2.bias",
  "mlp_c_fc/kernel": "mlp.c_fc.weight",
  "mlp_c_fc/bias": "mlp.c_fc.bias",
  "mlp_c_proj/kernel": "mlp.c_proj.weight",
  "mlp_c_proj/bias": "mlp.c_proj.bias",
};

function referenceName(name: string): string | undefined {
  const inBlock = /^blocks_(\d+)_(.+)$/.exec(name);
  if (!inBlock) return TOP_LEVEL[name];
  const rest = IN_BLOCK[inBlock[2]];
  return rest && `h.${inBlock[1]}.${rest}`;
}

/** The compiled model's weights under the reference's names; throws on a weight it cannot place. */
function referenceWeights(model: tf.LayersModel): GptWeights {
  const out: GptWeights = {};
  for (const [name, value] of weightsByName(model)) {
    const ref = referenceName(name);
    if (!ref) throw new Error(`compiled weight ${name} has no place in the reference`);
    out[ref] = value;
  }
  return out;
}

const shapesOf = (w: GptWeights) => Object.fromEntries(Object.entries(w).map(([k, t]) => [k, t.shape]));

const VARIANTS: Partial<GptConfig>[] = [{}, { rope: true }, { tieWeights: false }, { bias: false }, { nHead: 4, rope: true }];

describe.each(VARIANTS)("tiny GPT %j", (overrides) => {
  const cfg = { ...TINY, ...overrides };
  let c: CompiledModel;
  beforeAll(() => {
    c = compiled(presetGraph("gpt", cfg), { seed: 3 });
    // Off the init: biases, LayerNorm gains and shifts all non-trivial, so each is exercised.
    perturbWeights(c.model, 50, 0.3);
  });

  it("has exactly the weights the reference reads, with the same shapes", () => {
    expect(shapesOf(referenceWeights(c.model))).toEqual(gptWeightShapes(cfg));
  });

  it("gives the reference's logits within 1e-5", () => {
    const ids = seededIds([4, cfg.blockSize], cfg.vocabSize, 9);
    const actual = c.model.predict(ids) as tf.Tensor;
    const expected = gptLogits(ids, referenceWeights(c.model), cfg);
    // Logits of order one, so the tolerance is a real constraint.
    expect(tf.max(tf.abs(expected)).dataSync()[0]).toBeGreaterThan(0.5);
    expectClose(actual, expected, 1e-5);
  });
});

describe("causality of the compiled GPT", () => {
  it("changing a later token leaves every earlier position's logits unchanged", () => {
    const c = compiled(presetGraph("gpt", { ...TINY, rope: true }), { seed: 4 });
    perturbWeights(c.model, 60, 0.3);
    const ids = seededIds([2, 8], 11, 5);
    const changed = tf.tensor2d(
      (ids.arraySync() as number[][]).map((row) => row.map((t, i) => (i === 5 ? (t + 1) % 11 : t))),
      [2, 8],
      "int32",
    );
    const [a, b] = [c.model.predict(ids) as tf.Tensor, c.model.predict(changed) as tf.Tensor];
    const before = (t: tf.Tensor) => tf.slice(t, [0, 0, 0], [2, 5, 11]);
    const from = (t: tf.Tensor) => tf.slice(t, [0, 5, 0], [2, 3, 11]);
    expect(before(b).arraySync()).toEqual(before(a).arraySync());
    expect(tf.max(tf.abs(tf.sub(from(b), from(a)))).dataSync()[0]).toBeGreaterThan(1e-3);
  });
});
