/**
 * loadWeights() of an exported file: reads the weights Tensorloom downloads (a tfjs model.json
 * and the weights file its manifest names) into buildModel()'s model by weight name, in Node,
 * with plain @tensorflow/tfjs (no native binding, nothing fetched). The same for every graph:
 * names and shapes come from the model itself.
 */

export const LOAD_WEIGHTS = String.raw`
/**
 * Reads trained weights into the model by name: a tfjs model.json as Tensorloom downloads it
 * (the Weights button of the Train or Code tab) and the weights files its manifest names,
 * relative to it. Throws naming a file it cannot read, a weight the file lacks or has too many,
 * or a weight whose shape differs. Node only: it reads the files with Node's fs.
 * @example await loadWeights(model, "weights/gpt.model.json");
 */
export async function loadWeights(model: tf.LayersModel, modelJsonPath: string): Promise<void> {
  // Loaded here, not at the top, so that the file still runs in a browser without this function.
  // The specifier is a variable, and the module's type written out, so tsc needs no @types/node.
  const nodeFiles = "node:fs/promises";
  const fs = (await import(nodeFiles)) as { readFile(path: string): Promise<Uint8Array> };
  const read = async (path: string, hint = "") => {
    try {
      return await fs.readFile(path);
    } catch (err) {
      throw new Error("cannot read " + path + hint + ": " + (err as Error).message);
    }
  };

  const json = new TextDecoder().decode(await read(modelJsonPath));
  const groups = (JSON.parse(json) as Partial<tf.io.ModelJSON>).weightsManifest ?? [];
  const specs = groups.flatMap((group) => group.weights);
  if (specs.length === 0) {
    throw new Error(modelJsonPath + " names no weights: is it a tfjs model.json with its weights?");
  }
  const folder = modelJsonPath.replace(/[^/\\]*$/, ""); // with its trailing slash, or ""
  const buffers: ArrayBuffer[] = [];
  for (const path of groups.flatMap((group) => group.paths)) {
    const file = folder + path.replace(/^\.\//, "");
    const bytes = await read(file, " (named by " + modelJsonPath + "; keep it beside that file)");
    buffers.push(new Uint8Array(bytes).buffer); // a copy: Node may give a view of a bigger buffer
  }

  const saved = new Map(specs.map((spec) => [spec.name, spec]));
  const problems: string[] = [];
  for (const weight of model.weights) {
    const spec = saved.get(weight.originalName);
    const shape = "[" + weight.shape.join(", ") + "]";
    if (!spec) {
      problems.push(weight.originalName + " " + shape + " is missing from the file");
    } else if (spec.shape.join() !== weight.shape.join()) {
      const inFile = "[" + spec.shape.join(", ") + "]";
      problems.push(weight.originalName + " is " + shape + " here but " + inFile + " in the file");
    }
  }
  const names = new Set(model.weights.map((weight) => weight.originalName));
  const extra = specs.filter((spec) => !names.has(spec.name)).map((spec) => spec.name);
  if (extra.length > 0) {
    problems.push("the file has weights the model does not: " + extra.join(", "));
  }
  if (problems.length > 0) {
    const list = problems.join("; ");
    throw new Error("the weights in " + modelJsonPath + " do not fit this model: " + list);
  }

  const tensors = tf.io.decodeWeights(buffers, specs);
  try {
    model.setWeights(model.weights.map((weight) => tensors[weight.originalName]));
  } finally {
    tf.dispose(Object.values(tensors)); // the variables keep their own reference to the values
  }
}`;
