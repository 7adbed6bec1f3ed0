/**
 * The command line over the core: `npm run --silent cli -- <command> …`
 *   summary <file.json | preset:NAME> [--set k=v]… [--json]
 *   validate <file.json>
 *   train <file.json | preset:NAME> [--set k=v]… [--steps N] [--seed S] [--save DIR] [--json]
 *   export <file.json | preset:NAME> [--set k=v]… [--no-train] --out model.ts
 *   preset list | preset save NAME [--set k=v]… --out file.json
 *   sweep <file.json | preset:NAME> [--set k=v]… [--widths 32,64] [--depths 1,2] [--tokens 4096,8192] [--seed S] --out results.json|csv
 *   compare [--distances 2,8,32,128] [--models lstm,gru,transformer] [--recurrent standard|tfjs] [--steps N] [--seed S] [--json]
 *   plan <file.json | preset:NAME> [--set k=v]… --gpus N --gpu-memory GB [--precision fp32|mixed] [--optimizer adam|sgd] [--json]
 *   quantize <file.json | preset:NAME> --weights model.json --bits 8|4 [--group 32] --out DIR [--batches N] [--json]
 *   tokenize train (--text FILE | --corpus) --vocab N [--no-pre-split] --out tok.json
 *   tokenize encode --tokenizer tok.json (--text FILE | "text")
 * Errors are one line on stderr and a non-zero exit, never a stack trace.
 */
import { parseArgs } from "node:util";
import { CliError } from "./args";
import { runPreset, runSummary, runValidate } from "./commands";
import { runPlan } from "./plan";

const USAGE = `usage: cli <command> …
  summary <file.json | preset:NAME> [--set key=value]… [--json]
  validate <file.json>
  train <file.json | preset:NAME> [--set key=value]… [--steps N] [--seed S] [--save DIR] [--json]
  export <file.json | preset:NAME> [--set key=value]… [--no-train] --out model.ts
  export <file.json | preset:NAME> [--set key=value]… --target pytorch --out dir/
  preset list
  preset save NAME [--set key=value]… --out file.json
  sweep <file.json | preset:NAME> [--set key=value]… [--widths 32,64] [--depths 1,2,4]
       [--tokens 32768,65536] [--seed S] --out results.json|csv
  compare [--distances 2,8,32,128] [--models lstm,gru,transformer] [--recurrent standard|tfjs]
       [--steps N] [--seed S] [--json]
  plan <file.json | preset:NAME> [--set key=value]… --gpus N --gpu-memory GB [--gpus-per-node N]
       [--micro-batch B] [--global-batch B] [--precision fp32|mixed] [--optimizer adam|sgd] [--json]
  quantize <file.json | preset:NAME> [--set key=value]… --weights model.json --bits 8|4 [--group 32] --out DIR [--batches N] [--seed S] [--json]
  tokenize train (--text FILE | --corpus) --vocab N [--no-pre-split] --out tok.json [--json]
  tokenize encode --tokenizer tok.json (--text FILE | "some text") [--json]`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      set: { type: "string", multiple: true, default: [] },
      json: { type: "boolean", default: false },
      steps: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      save: { type: "string" },
      weights: { type: "string" },
      bits: { type: "string" },
      group: { type: "string" },
      batches: { type: "string" },
      text: { type: "string" },
      corpus: { type: "boolean", default: false },
      vocab: { type: "string" },
      tokenizer: { type: "string" },
      "no-pre-split": { type: "boolean", default: false },
      "no-train": { type: "boolean", default: false },
      target: { type: "string" },
      widths: { type: "string" },
      depths: { type: "string" },
      tokens: { type: "string" },
      gpus: { type: "string" },
      "gpu-memory": { type: "string" },
      "gpus-per-node": { type: "string" },
      "micro-batch": { type: "string" },
      "global-batch": { type: "string" },
      precision: { type: "string" },
      optimizer: { type: "string" },
      distances: { type: "string" },
      models: { type: "string" },
      recurrent: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case "summary":
      return runSummary(rest[0], values.set, values.json);
    case "validate":
      return runValidate(rest[0]);
    case "train": {
      // Loaded only here: tfjs takes seconds to import, and the other commands never need it.
      const { runTrain } = await import("./train");
      return runTrain(rest[0], values.set, { steps: values.steps, seed: values.seed, save: values.save, json: values.json });
    }
    case "export": {
      // Loaded only here, like train: the compiler imports tfjs.
      const { runExport } = await import("./export");
      return runExport(rest[0], values.set, { out: values.out, train: !values["no-train"], target: values.target });
    }
    case "preset":
      return runPreset(rest, values.set, values.out);
    case "sweep": {
      // Loaded only here, like train: training imports tfjs.
      const { runSweepCommand } = await import("./sweep");
      return runSweepCommand(rest[0], values.set, {
        widths: values.widths,
        depths: values.depths,
        tokens: values.tokens,
        seed: values.seed,
        out: values.out,
      });
    }
    case "compare": {
      // Loaded only here, like train: training imports tfjs.
      const { runCompare } = await import("./compare");
      return runCompare({
        distances: values.distances,
        models: values.models,
        recurrent: values.recurrent,
        steps: values.steps,
        seed: values.seed,
        json: values.json,
      });
    }
    case "plan":
      return runPlan(rest[0], values.set, {
        gpus: values.gpus,
        gpuMemory: values["gpu-memory"],
        gpusPerNode: values["gpus-per-node"],
        microBatch: values["micro-batch"],
        globalBatch: values["global-batch"],
        precision: values.precision,
        optimizer: values.optimizer,
        json: values.json,
      });
    case "quantize": {
      // Loaded only here, like train: quantizing evaluates the model with tfjs.
      const { runQuantize } = await import("./quantize");
      return runQuantize(rest[0], values.set, {
        weights: values.weights,
        bits: values.bits,
        group: values.group,
        out: values.out,
        batches: values.batches,
        seed: values.seed,
        json: values.json,
      });
    }
    case "tokenize": {
      const { runTokenize } = await import("./tokenize");
      return runTokenize(rest, {
        text: values.text,
        corpus: values.corpus,
        vocab: values.vocab,
        preSplit: !values["no-pre-split"],
        tokenizer: values.tokenizer,
        out: values.out,
        json: values.json,
      });
    }
    default:
      throw new CliError(
        `unknown command "${command}"; use summary, validate, train, export, preset, sweep, compare, plan, quantize or tokenize (--help for usage)`,
        2,
      );
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`error: ${message}`);
    process.exit(err instanceof CliError ? err.exitCode : 2);
  },
);
