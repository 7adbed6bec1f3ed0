/**
 * What the training worker answers about the current model without training it: sampled text,
 * the decision boundary, sequence examples, attention maps and activation statistics. Each
 * reads the session that `need()` returns (the latest run's or loaded model).
 */
import type { Diagnostic } from "../graph";
import { createRng } from "./data";
import { evaluateSequences } from "./evaluate";
import { activationStats, attentionAxes, attentionWeights, decisionBoundary, hostBatch } from "./inspect";
import type { HostBatch, HostTensor } from "./inspect";
import type { AttentionMap, GenerateOptions, RunInfo, TrainerApi, TrainRequest } from "./protocol";
import { generate } from "./sample";
import type { Session } from "./session";
import { createTask } from "./tasks";

const TEXT_EVERY_MS = 50;
const YIELD_EVERY_MS = 15;
/** Rows of the validation batch that attention maps and activation statistics read. */
const INSPECT_ROWS = 32;
const MAX_TOKENS = 5000;
const MAX_RESOLUTION = 400;

/** The worker's model: the request it was compiled from, its session and what the page was told. */
export interface Current {
  request: TrainRequest;
  session: Session;
  info: RunInfo;
  /** A validation batch drawn from a task of its own, so inspecting never shifts training's batches. */
  inspection?: Promise<HostBatch>;
}

export type Opened = { ok: true; current: Current } | { ok: false; message: string; diagnostics?: Diagnostic[] };

export type Inspectors = Pick<TrainerApi, "generate" | "boundary" | "sequenceExamples" | "attention" | "activationStats">;

export interface InspectorDeps {
  /** The current model; throws "no model yet" when there is none. */
  need(): Current;
  /** Whether `cur` is still the worker's model (a new run replaces it). */
  isCurrent(cur: Current): boolean;
}

/** Calls a listener (a Comlink proxy in the worker) without ever throwing or awaiting it. */
export function safely<T>(fn: (x: T) => unknown): (x: T) => void {
  return (x) => {
    try {
      const r = fn(x);
      if (r && typeof (r as PromiseLike<unknown>).then === "function") (r as Promise<unknown>).catch(() => {});
    } catch {
      // the page stopped listening; training goes on
    }
  };
}

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
}

/** Row `row` of a host tensor, as a batch of one. */
function rowOf(t: HostTensor, row: number): HostTensor {
  const width = t.shape.slice(1).reduce((a, b) => a * b, 1);
  return { values: t.values.slice(row * width, (row + 1) * width), shape: [1, ...t.shape.slice(1)], dtype: t.dtype };
}

function inspection(cur: Current): Promise<HostBatch> {
  cur.inspection ??= (async () => {
    const { dataset, compiled, config } = cur.session;
    const task = createTask(dataset, compiled, config.seed);
    if (!task.ok) throw new Error(task.message);
    return hostBatch(task.bundle.task, Math.min(config.batchSize, INSPECT_ROWS));
  })();
  cur.inspection.catch(() => (cur.inspection = undefined));
  return cur.inspection;
}

/**
 * @example const { boundary } = createInspectors({ need, isCurrent }); await boundary(64);
 */
export function createInspectors(deps: InspectorDeps): Inspectors {
  return {
    async generate(o: GenerateOptions, onText) {
      const cur = deps.need();
      const tok = cur.session.bundle.tokenizer;
      if (!tok) throw new Error("generating text needs a language model trained on text (a corpus or your own text)");
      checkInteger("maxTokens", o.maxTokens, 0, MAX_TOKENS);
      checkInteger("topK", o.topK, 0, 1_000_000);
      if (!(o.temperature >= 0 && Number.isFinite(o.temperature))) throw new Error(`temperature must be 0 or more, got ${o.temperature}`);
      // Characters the tokenizer never saw are dropped, not an error: the prompt is free text.
      const known = Array.from(o.prompt).filter((c) => tok.idOf(c) !== undefined);
      const context = known.length ? Array.from(tok.encode(known.join(""))) : [tok.idOf("\n") ?? 0];
      const send = safely(onText);
      let text = "";
      let chunk = "";
      let lastSent = performance.now();
      let lastYield = lastSent;
      const options = {
        maxTokens: o.maxTokens,
        temperature: o.temperature,
        topK: o.topK,
        blockSize: cur.session.compiled.inputs[0].shape[0],
        vocabLimit: tok.vocabSize,
      };
      const rng = createRng(o.seed ?? Math.floor(Math.random() * 2 ** 31));
      await generate(cur.session.compiled.model, context, options, rng, async (id) => {
        const ch = tok.decode([id]);
        text += ch;
        chunk += ch;
        const now = performance.now();
        if (now - lastSent >= TEXT_EVERY_MS) {
          send(chunk);
          chunk = "";
          lastSent = now;
        }
        // Let training steps and messages (stop, pause) take turns with sampling.
        if (now - lastYield >= YIELD_EVERY_MS) {
          await macrotask();
          lastYield = performance.now();
        }
        if (!deps.isCurrent(cur)) throw new Error("a new run replaced the model while generating; generate again");
      });
      if (chunk) send(chunk);
      return text;
    },

    async boundary(resolution) {
      const cur = deps.need();
      const points = cur.session.bundle.points;
      if (!points) throw new Error("the decision boundary needs a classifier trained on 2-D points");
      checkInteger("resolution", resolution, 2, MAX_RESOLUTION);
      return decisionBoundary(cur.session.compiled.model, points, resolution);
    },

    async sequenceExamples(count) {
      const { session } = deps.need();
      const seq = session.bundle.sequence;
      if (!seq) throw new Error("sequence examples need a model trained on a sequence task");
      checkInteger("count", count, 1, 100_000);
      const ins = session.compiled.inputs;
      const sourceFirst = !(ins.length === 2 && ins[1].lengthName === "S" && ins[0].lengthName !== "S");
      return evaluateSequences(session.compiled.model, session.bundle, Math.min(count, seq.data.n - seq.valStart), sourceFirst);
    },

    async attention(layer, example, text): Promise<AttentionMap> {
      const cur = deps.need();
      const { compiled, bundle } = cur.session;
      const info = compiled.attention.find((a) => a.nodeId === layer);
      if (!info) {
        const names = compiled.attention.map((a) => a.nodeId).join(", ");
        throw new Error(names ? `no attention layer "${layer}" in this model; it has ${names}` : "this model has no attention layer");
      }
      checkInteger("example", example, 0, Number.MAX_SAFE_INTEGER);
      const tok = bundle.tokenizer;
      const known = tok && text !== undefined ? Array.from(text).filter((c) => tok.idOf(c) !== undefined) : [];
      let inputs: HostTensor[];
      let length: number | undefined;
      if (tok && known.length) {
        const T = compiled.inputs[0].shape[0];
        const ids = tok.encode(known.join("")).slice(0, T);
        const padded = new Int32Array(T); // right-padded: a causal model never looks at the padding
        padded.set(ids);
        inputs = [{ values: padded, shape: [1, T], dtype: "int32" }];
        length = ids.length;
      } else {
        const batch = await inspection(cur);
        inputs = batch.inputs.map((t) => rowOf(t, example % batch.rows));
      }
      const map = await attentionWeights(compiled, layer, inputs, length);
      const axes = attentionAxes(cur.request.doc, compiled, layer);
      const vocab = tok?.chars ?? bundle.sequence?.data.vocab;
      const tokens = (input: HostTensor, n: number) =>
        Array.from({ length: n }, (_, i) => (input.dtype === "int32" && vocab ? (vocab[input.values[i]] ?? "?") : String(i)));
      return {
        layer,
        heads: map.heads,
        weights: map.weights,
        queryTokens: tokens(inputs[axes.query], map.queries),
        keyTokens: tokens(inputs[axes.key], map.keys),
        causal: info.causal,
      };
    },

    async activationStats(ref) {
      const cur = deps.need();
      return activationStats(cur.session.compiled, ref, await inspection(cur));
    },
  };
}
