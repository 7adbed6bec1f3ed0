/**
 * The files of the downloadable project: model.ts, a package.json that pins what it needs
 * and a README saying how to run it. Pure text, zipped by zip.ts.
 */
import { modelSlug } from "../train/weightsFiles";

/** The versions Tensorloom itself builds and tests the exported program with (see package.json). */
export const TFJS_VERSION = "4.22.0";
export const TSX_VERSION = "4.23.15";

export interface ProjectFile {
  name: string;
  text: string;
}

/** What the program does when run, read from its source (emitTypeScript leaves train() out when it cannot train). */
function abilities(code: string): { trains: boolean; generates: boolean } {
  return { trains: /^export async function train\(/m.test(code), generates: /^export async function generate\(/m.test(code) };
}

/**
 * An npm package name from a document name: lower-case ASCII letters, digits and dashes.
 * @example packageName("GPT (tiny)") // "gpt-tiny"
 */
export function packageName(graphName: string): string {
  const ascii = modelSlug(graphName).replace(/[^a-z0-9-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
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

/** The project's README.md: what is inside and how to run it. */
export function projectReadme(graphName: string, code: string): string {
  const { trains, generates } = abilities(code);
  const runs = trains
    ? `It builds the model and trains it with the document's training settings, logging the loss${generates ? ", then prints a sample of generated text" : ""}. \`npx tsx model.ts --steps 100\` trains for fewer steps.`
    : "It builds the model and prints its summary (the document has no training data that can be written into the program).";
  const imports = ["buildModel", ...(trains ? ["train"] : []), ...(generates ? ["generate"] : [])];
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
    "## Use it",
    "",
    "```ts",
    `import { ${imports.join(", ")} } from "./model";`,
    "",
    "const model = buildModel();",
    "model.summary();",
    "```",
    "",
    "## Files",
    "",
    "- `model.ts`: the model, with the same layer names and parameter count as in Tensorloom" + (trains ? ", and its training loop" : "") + ".",
    `- \`package.json\`: \`@tensorflow/tfjs\` ${TFJS_VERSION} and \`tsx\` ${TSX_VERSION}, pinned.`,
    "",
  ].join("\n");
}

/** Every file of the project, model.ts first. */
export function projectFiles(graphName: string, code: string): ProjectFile[] {
  return [
    { name: "model.ts", text: code },
    { name: "package.json", text: projectPackageJson(graphName) },
    { name: "README.md", text: projectReadme(graphName, code) },
  ];
}

/** The zip's name and the folder its files sit in: `gpt-tiny.zip` holds `gpt-tiny/model.ts`. */
export function projectFolder(graphName: string): string {
  return modelSlug(graphName);
}
