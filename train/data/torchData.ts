/**
 * The data of the PyTorch export: the examples the app trains on, written as little-endian binary
 * files beside train.py (data/*.bin), with a description for config.json. Generated data (points,
 * sequence tasks, the built-in corpus) is written out rather than regenerated in Python, so the
 * exported run sees exactly the app's rows and token ids with no second copy of the generators.
 */
import { TrainingSpecSchema } from "../../graph";
import type { DatasetSpec, GraphDocument } from "../../graph";
import { emitTrainingFiles } from "../../compiler";
import type { CompiledModel } from "../../compiler";
import type { TorchArraySpec, TorchDataSpec, TorchSplitSpec } from "../../compiler";
import { corpusTextDataset, createTextDataset } from "./text";
import { parseCsv } from "./csv";
import { createRng } from "./random";
import { toDecoderOnly } from "./sequences";
import { createTask } from "../tasks";
import { withDefaultTraining } from "./defaults";

export interface TorchData {
  spec: TorchDataSpec;
  /** File name (under the project) → bytes. */
  files: Record<string, Uint8Array>;
}

export type TorchDataResult = { ok: true; data: TorchData } | { ok: false; message: string };

type Typed = Float32Array | Int32Array | Uint16Array;

const DTYPE = (a: Typed): TorchArraySpec["dtype"] => (a instanceof Float32Array ? "float32" : a instanceof Int32Array ? "int32" : "uint16");

/** Little-endian bytes of a typed array (every platform we run on is little-endian; checked anyway). */
function bytes(a: Typed): Uint8Array {
  const out = new Uint8Array(a.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Float32Array) view.setFloat32(i * 4, a[i], true);
    else if (a instanceof Int32Array) view.setInt32(i * 4, a[i], true);
    else view.setUint16(i * 2, a[i], true);
  }
  return out;
}

function rows<T extends Typed>(a: T, width: number, from: number, to: number): T {
  return a.slice(from * width, to * width) as T;
}

/**
 * The app's data for `spec` and a model's inputs and outputs, or the same message the Train tab
 * shows when they do not fit.
 * @example const r = exportTorchData(spec, compiled, 0); // r.data.files["data/train_target.bin"]
 */
export function exportTorchData(spec: DatasetSpec, compiled: Pick<CompiledModel, "inputs" | "outputs">, seed: number): TorchDataResult {
  const checked = createTask(spec, compiled, seed);
  if (!checked.ok) return checked;
  const files: Record<string, Uint8Array> = {};
  const put = (file: string, a: Typed, shape: number[]): TorchArraySpec => {
    files[file] = bytes(a);
    return { file, dtype: DTYPE(a), shape };
  };
  const bundle = checked.bundle;

  if (spec.kind === "corpus" || spec.kind === "text") {
    const ds = spec.kind === "corpus" ? corpusTextDataset({ seed, minChars: spec.chars }) : createTextDataset(spec.text);
    const ids = (a: Int32Array) => (ds.vocabSize <= 65536 ? Uint16Array.from(a) : a);
    const split = (name: "train" | "val", a: Int32Array): TorchSplitSpec => ({
      kind: "text",
      ids: put(`data/${name}.bin`, ids(a), [a.length]),
    });
    const blockSize = compiled.inputs[0].shape[0];
    return {
      ok: true,
      data: { files, spec: { blockSize, vocab: [...ds.tokenizer.chars], train: split("train", ds.train), val: split("val", ds.val) } },
    };
  }

  /** Row data: `arrays` are [n, ...width] row-major; rows [0, valStart) train, the rest validation. */
  const rowSplits = (arrays: { name: string; a: Typed; shape: number[] }[], valStart: number, n: number) => {
    const split = (name: "train" | "val"): TorchSplitSpec => {
      const [from, to] = name === "train" ? [0, valStart] : [valStart, n];
      const one = (x: { name: string; a: Typed; shape: number[] }) => {
        const width = x.shape.reduce((p, q) => p * q, 1);
        return put(`data/${name}_${x.name}.bin`, rows(x.a, width, from, to), [to - from, ...x.shape]);
      };
      const inputs = arrays.filter((x) => x.name.startsWith("input")).map(one);
      const weights = arrays.find((x) => x.name === "weights");
      return { kind: "rows", inputs, target: one(arrays.find((x) => x.name === "target")!), ...(weights ? { weights: one(weights) } : {}) };
    };
    return { train: split("train"), val: split("val") };
  };

  if (spec.kind === "points" && bundle.points) {
    const { x, y, valStart } = bundle.points;
    const splits = rowSplits(
      [
        { name: "input_0", a: x, shape: [2] },
        { name: "target", a: y, shape: [] },
      ],
      valStart,
      y.length,
    );
    return { ok: true, data: { files, spec: { blockSize: 0, ...splits } } };
  }
  if (spec.kind === "csv") {
    // tasks.ts shuffles the table with the first draw of this generator; the same draw here gives the same rows.
    const regression = compiled.outputs[0].kind === "regression";
    const table = parseCsv(spec.text, { label: spec.label || undefined, mode: regression ? "regression" : "classification" });
    const n = table.y.length;
    const features = table.featureNames.length;
    const perm = createRng(seed ^ 0x5eed).permutation(n);
    const x = new Float32Array(n * features);
    const y = regression ? new Float32Array(n) : new Int32Array(n);
    perm.forEach((r, i) => {
      x.set(table.x.subarray(r * features, (r + 1) * features), i * features);
      y[i] = table.y[r];
    });
    const valStart = Math.floor(n * 0.9);
    const splits = rowSplits(
      [
        { name: "input_0", a: x, shape: [features] },
        { name: "target", a: y, shape: regression ? [1] : [] },
      ],
      valStart,
      n,
    );
    return { ok: true, data: { files, spec: { blockSize: 0, ...splits } } };
  }
  if (spec.kind === "sequence" && bundle.sequence) {
    const { data, valStart, format } = bundle.sequence;
    if (format === "seq2seq") {
      const ins = compiled.inputs;
      const srcFirst = !(ins[1].lengthName === "S" && ins[0].lengthName !== "S");
      const src = { a: data.src, shape: [data.srcLen] };
      const tgt = { a: data.tgtIn, shape: [data.tgtLen] };
      const [first, second] = srcFirst ? [src, tgt] : [tgt, src];
      const splits = rowSplits(
        [
          { name: "input_0", ...first },
          { name: "input_1", ...second },
          { name: "target", a: data.tgtOut, shape: [data.tgtLen] },
        ],
        valStart,
        data.n,
      );
      return { ok: true, data: { files, spec: { blockSize: 0, ...splits } } };
    }
    const dec = toDecoderOnly(data);
    const splits = rowSplits(
      [
        { name: "input_0", a: dec.x, shape: [dec.seqLen] },
        { name: "target", a: dec.y, shape: [dec.seqLen] },
        { name: "weights", a: dec.lossMask, shape: [dec.seqLen] },
      ],
      valStart,
      dec.n,
    );
    return { ok: true, data: { files, spec: { blockSize: 0, ...splits } } };
  }
  return { ok: false, message: `the ${spec.kind} dataset cannot be exported for PyTorch` };
}

/**
 * The training half of a document's PyTorch project: train.py, data.py, config.json and the data
 * files, for the model `compile(doc)` built (the emitter's model.py and convert.py go beside them).
 * A document that names no training gets the Train tab's defaults, as the TypeScript export does.
 * @example const r = torchTrainingFiles(doc, compiled); // r.files["config.json"], r.files["data/train.bin"], …
 */
export function torchTrainingFiles(
  document: GraphDocument,
  compiled: Pick<CompiledModel, "inputs" | "outputs">,
): { ok: true; files: Record<string, string | Uint8Array> } | { ok: false; message: string } {
  const doc = withDefaultTraining(document);
  const spec = TrainingSpecSchema.safeParse(doc.meta.training);
  if (!spec.success) return { ok: false, message: `the document's training settings are invalid: ${spec.error.issues[0]?.message}` };
  const out = compiled.outputs[0];
  if (!out) return { ok: false, message: "the graph has no Output block" };
  const data = exportTorchData(spec.data.dataset, compiled, spec.data.config.seed);
  if (!data.ok) return data;
  return { ok: true, files: { ...emitTrainingFiles(doc, out.kind, data.data.spec), ...data.data.files } };
}
