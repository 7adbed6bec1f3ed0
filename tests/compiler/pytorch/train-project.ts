/**
 * Writes a PyTorch training project into a temp folder (a fixture model.py per task kind until the
 * emitter's lands, the fixture convert.py, the real train.py / data.py / config.json and the data
 * files) and runs it with /usr/bin/python3's torch.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { emitTrainingFiles } from "../../../compiler";
import type { CompiledModel } from "../../../compiler";
import type { DatasetSpec, GraphDocument, TrainConfig } from "../../../graph";
import { buildPreset } from "../../../presets";
import { PYTHON } from "./torch";

const FIXTURES = resolve(__dirname, "../../fixtures/pytorch");
const ENV = { ...process.env, OMP_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1" };
import { exportTorchData } from "../../../train/data";

export function fsdpImports(): boolean {
  return spawnSync(PYTHON, ["-c", "import torch.distributed.fsdp"], { env: ENV }).status === 0;
}

/** Writes `files` (name → text or bytes, names may hold folders) into a fresh temp folder. */
export function writeFiles(prefix: string, files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), `tl-torch-${prefix}-`));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

/** A project for `fixture` ("mlp" | "lm") training on `dataset` with `config`. */
export function writeProject(
  fixture: "mlp" | "lm",
  dataset: DatasetSpec,
  config: Partial<TrainConfig>,
  model: Pick<CompiledModel, "inputs" | "outputs">,
): string {
  const built = buildPreset("mlp");
  if (!built.ok) throw new Error(built.message);
  const doc: GraphDocument = { ...built.graph, name: fixture, meta: { ...built.graph.meta, training: { dataset, config } } };
  const data = exportTorchData(dataset, model, config.seed ?? 0);
  if (!data.ok) throw new Error(data.message);
  const dir = writeFiles(fixture, { ...emitTrainingFiles(doc, model.outputs[0].kind, data.data.spec), ...data.data.files });
  copyFileSync(join(FIXTURES, fixture, "model.py"), join(dir, "model.py"));
  copyFileSync(join(FIXTURES, "convert.py"), join(dir, "convert.py"));
  return dir;
}

/**
 * torchrun 1.13 under Python 3.11 cannot parse its default "--redirects 0" (Std.NONE is no longer
 * iterated); naming the streams explicitly (stderr to the log folder and the console) avoids it.
 */
const TORCHRUN_STREAMS = ["--redirects", "2", "--tee", "2"];

export interface RunLog {
  text: string;
  /** step → training loss. */
  loss: Map<number, number>;
  val: Map<number, number>;
}

/** Runs train.py on `procs` processes (torchrun when > 1) and parses the log. */
export function train(dir: string, procs: number, args: string[]): RunLog {
  const cmd = procs > 1 ? "/usr/bin/torchrun" : PYTHON;
  const argv = procs > 1 ? ["--standalone", `--nproc_per_node=${procs}`, ...TORCHRUN_STREAMS, "train.py", ...args] : ["train.py", ...args];
  let text: string;
  try {
    text = execFileSync(cmd, argv, { cwd: dir, env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 100_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`train.py failed:\n${e.stdout ?? ""}\n${e.stderr ?? ""}`, { cause: err });
  }
  const loss = new Map<number, number>();
  const val = new Map<number, number>();
  for (const m of text.matchAll(/^step (\d+) loss ([\d.]+)/gm)) loss.set(Number(m[1]), Number(m[2]));
  for (const m of text.matchAll(/^step (\d+) val loss ([\d.]+)/gm)) val.set(Number(m[1]), Number(m[2]));
  return { text, loss, val };
}

export const MLP_MODEL: Pick<CompiledModel, "inputs" | "outputs"> = {
  inputs: [{ nodeId: "x", kind: "features", shape: [2], dtype: "float32", lengthName: "T" }],
  outputs: [{ nodeId: "out", kind: "classification", width: 2 }],
};

export const LM_MODEL: Pick<CompiledModel, "inputs" | "outputs"> = {
  inputs: [{ nodeId: "tokens", kind: "tokens", shape: [16], dtype: "int32", vocabSize: 64, lengthName: "T" }],
  outputs: [{ nodeId: "out", kind: "language_model", width: 64 }],
};
