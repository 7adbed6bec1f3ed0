/**
 * The command line over the core: `npm run --silent cli -- <command> …`
 *   summary <file.json | preset:NAME> [--set k=v]… [--json]
 *   validate <file.json>
 *   train <file.json | preset:NAME> [--set k=v]… [--steps N] [--seed S] [--save DIR] [--json]
 *   export <file.json | preset:NAME> [--set k=v]… [--no-train] --out model.ts
 *   preset list | preset save NAME [--set k=v]… --out file.json
 *   quantize <file.json | preset:NAME> --weights model.json --bits 8|4 [--group 32] --out DIR [--batches N] [--json]
 *   tokenize train (--text FILE | --corpus) --vocab N [--no-pre-split] --out tok.json
 *   tokenize encode --tokenizer tok.json (--text FILE | "text")
 * Errors are one line on stderr and a non-zero exit, never a stack trace.
 */
import { parseArgs } from "node:util";
import { CliError } from "./args";
import { runPreset, runSummary, runValidate } from "./commands";

const USAGE = `usage: cli <command> …
  summary <file.json | preset:NAME> [--set key=value]… [--json]
  validate <file.json>
  train <file.json | preset:NAME> [--set key=value]… [--steps N] [--seed S] [--save DIR] [--json]
  export <file.json | preset:NAME> [--set key=value]… [--no-train] --out model.ts
  preset list
  preset save NAME [--set key=value]… --out file.json
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
      return runExport(rest[0], values.set, { out: values.out, train: !values["no-train"] });
    }
    case "preset":
      return runPreset(rest, values.set, values.out);
    case "quantize": {
      // Loaded only here, like train: quantizing evaluates the model with tfjs.
      const { runQuantize } = await import("./quantize");
      return runQuantize(rest[0], values.set, { weights: values.weights, bits: values.bits, group: values.group, out: values.out, batches: values.batches, seed: values.seed, json: values.json });
    }
    case "tokenize": {
      const { runTokenize } = await import("./tokenize");
      return runTokenize(rest, { text: values.text, corpus: values.corpus, vocab: values.vocab, preSplit: !values["no-pre-split"], tokenizer: values.tokenizer, out: values.out, json: values.json });
    }
    default:
      throw new CliError(`unknown command "${command}"; use summary, validate, train, export, preset, quantize or tokenize (--help for usage)`, 2);
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
