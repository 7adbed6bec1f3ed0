/**
 * The files of the downloadable project: model.ts, a package.json that pins what it needs,
 * a README saying how to run it and, when a run has trained this graph, its weights in
 * weights/. Zipped by zip.ts.
 */
import { modelSlug, weightsFileNames } from "../train/weightsFiles";
import type { WeightsFiles } from "../train/weightsFiles";

/** The versions Tensorloom itself builds and tests the exported program with (see package.json). */
export const TFJS_VERSION = "4.22.0";
export const TSX_VERSION = "4.23.15";

export interface ProjectFile {
  /** The path inside the project: `model.ts`, `weights/gpt.weights.bin`. */
  name: string;
  /** Text, or the bytes of a binary file. */
  data: string | Uint8Array;
}

/** The folder of the project that holds the weights. */
export const WEIGHTS_FOLDER = "weights";

/** What the program does when run, read from its source (emitTypeScript leaves train() out when it cannot train). */
function abilities(code: string): { trains: boolean; generates: boolean } {
  return { trains: /^export async function train\(/m.test(code), generates: /^export async function generate\(/m.test(code) };
}

/**
 * An npm package name from a document name: lower-case ASCII letters, digits and dashes.
 * @example packageName("GPT (tiny)") // "gpt-tiny"
 */
export function packageName(graphName: string): string {
  const ascii = modelSlug(graphName)
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  return ascii || "tensorloom-model";
}

/** The project's package.json: ES modules (model.ts uses import.meta), exact versions. */
export function projectPackageJson(graphName: string): string {
  const pkg = {
    name: packageName(graphName),
    version: "0.1.0",
    private: true,
    description: `${graphName}, exported from Tensorloom`,
    type: "module",
    scripts: { start: "tsx model.ts" },
    dependencies: { "@tensorflow/tfjs": TFJS_VERSION },
    devDependencies: { tsx: TSX_VERSION },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** The README's section on weights trained in Tensorloom: in the project, or how to add them. */
function weightsSection(graphName: string, trains: boolean, generates: boolean, included: boolean): string[] {
  const { jsonName, binName } = weightsFileNames(graphName);
  const json = `${WEIGHTS_FOLDER}/${jsonName}`;
  const command = `npx tsx model.ts --weights ${json}${trains ? " --steps 0" : ""}`;
  const does = trains
    ? `${generates ? "loads them and prints a sample of the text they generate" : "loads them into the model"}, without training. Leave out \`--steps 0\` to train further from them.`
    : "loads them and prints the model's summary.";
  const where = included
    ? `\`${json}\` and \`${WEIGHTS_FOLDER}/${binName}\` hold the weights of the run that trained this graph in Tensorloom.`
    : `The project holds no trained weights: none of this graph were ready when it was downloaded. Train it in Tensorloom's Train tab, download its weights with the Code tab's Weights button and put both files, \`${jsonName}\` and \`${binName}\`, in a \`${WEIGHTS_FOLDER}/\` folder beside \`model.ts\`. Then:`;
  return ["## Trained weights", "", where, "", "```sh", command, "```", "", `This ${does}`, ""];
}

/** The project's README.md: what is inside and how to run it, with or without trained weights. */
export function projectReadme(graphName: string, code: string, withWeights = false): string {
  const { trains, generates } = abilities(code);
  const runs = trains
    ? `It builds the model and trains it with the document's training settings, logging the loss${generates ? ", then prints a sample of generated text" : ""}. \`npx tsx model.ts --steps 100\` trains for fewer steps.`
    : "It builds the model and prints its summary (the document has no training data that can be written into the program).";
  const imports = ["buildModel", ...(withWeights ? ["loadWeights"] : []), ...(trains ? ["train"] : []), ...(generates ? ["generate"] : [])];
  return [
    `# ${graphName}`,
    "",
    "A neural network exported from Tensorloom as one standalone TypeScript program. It depends",
    `only on \`@tensorflow/tfjs\` (${TFJS_VERSION}) and runs with \`tsx\`.`,
    "",
    "## Run it",
    "",
    "```sh",
    "npm install",
    "npx tsx model.ts",
    "```",
    "",
    runs,
    "",
    "In Node, tfjs runs on its plain JavaScript (CPU) backend: fine for small models, slow for big ones.",
    "",
    ...weightsSection(graphName, trains, generates, withWeights),
    "## Use it",
    "",
    "```ts",
    `import { ${imports.join(", ")} } from "./model";`,
    "",
    "const model = buildModel();",
    ...(withWeights ? [`await loadWeights(model, "${WEIGHTS_FOLDER}/${weightsFileNames(graphName).jsonName}");`] : []),
    "model.summary();",
    "```",
    "",
    "## Files",
    "",
    "- `model.ts`: the model, with the same layer names and parameter count as in Tensorloom" +
      (trains ? ", and its training loop" : "") +
      ".",
    `- \`package.json\`: \`@tensorflow/tfjs\` ${TFJS_VERSION} and \`tsx\` ${TSX_VERSION}, pinned.`,
    ...(withWeights
      ? [`- \`${WEIGHTS_FOLDER}/\`: the trained weights, in the tfjs format (\`model.json\` and the weights file it names).`]
      : []),
    "",
  ].join("\n");
}

/**
 * Every file of the project, model.ts first; with `weights` (the trained model's download, named
 * after the document), they go in weights/ and the README says how to run with them.
 */
export function projectFiles(graphName: string, code: string, weights?: WeightsFiles): ProjectFile[] {
  const files: ProjectFile[] = [
    { name: "model.ts", data: code },
    { name: "package.json", data: projectPackageJson(graphName) },
    { name: "README.md", data: projectReadme(graphName, code, weights !== undefined) },
  ];
  if (!weights) return files;
  return [
    ...files,
    { name: `${WEIGHTS_FOLDER}/${weights.jsonName}`, data: weights.json },
    { name: `${WEIGHTS_FOLDER}/${weights.binName}`, data: new Uint8Array(weights.bin) },
  ];
}

/** The zip's name and the folder its files sit in: `gpt-tiny.zip` holds `gpt-tiny/model.ts`. */
export function projectFolder(graphName: string): string {
  return modelSlug(graphName);
}
