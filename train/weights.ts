/**
 * Weights in and out of a compiled model in the tfjs format: an export for download
 * (model.json + one weights file) and a load from saved artifacts into a model of the same
 * graph, checked weight by weight.
 */
import * as tf from "@tensorflow/tfjs";

/** The weights file that the exported model.json names; download it under this name beside model.json. */
export const WEIGHTS_FILE = "model.weights.bin";

/**
 * The model as tfjs's `model.json` text and its weights in one buffer, as `tf.loadLayersModel`
 * reads them (with the custom layers registered, i.e. after importing the compiler).
 * @example const { modelJson, weights } = await exportArtifacts(model);
 */
export async function exportArtifacts(model: tf.LayersModel): Promise<{ modelJson: string; weights: ArrayBuffer }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  if (!saved?.weightData || !saved.weightSpecs) throw new Error("the model could not be serialised");
  const modelJson = JSON.stringify({
    format: saved.format ?? "layers-model",
    generatedBy: saved.generatedBy,
    convertedBy: saved.convertedBy ?? null,
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: saved.weightSpecs }],
  });
  return { modelJson, weights: tf.io.CompositeArrayBuffer.join(saved.weightData) };
}

/**
 * Reads weights saved at `url` (e.g. `indexeddb://tensorloom-run1`) into `model`, which must
 * have the same weights in the same order and shapes; names the first that differs.
 */
export async function loadSavedWeights(model: tf.LayersModel, url: string, name = url): Promise<void> {
  const [handler] = tf.io.getLoadHandlers(url);
  if (!handler?.load) throw new Error(`weights cannot be read from ${url}`);
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (err) {
    throw new Error(`no weights saved as "${name}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  setWeightsFrom(model, artifacts, name);
}

/**
 * The layer of `model` that is a TLLSTM/TLGRU (weights kernel, recurrentKernel, biasIh, biasHh)
 * where the saved weights hold tfjs's LSTM/GRU of the same name (kernel, recurrent_kernel, bias):
 * weights trained before the LSTM and GRU blocks lowered to the standard cells.
 */
function oldRecurrentLayer(targets: tf.LayerVariable[], specs: tf.io.WeightsManifestEntry[]): string | undefined {
  const saved = new Set(specs.map((s) => s.name));
  const layerOf = (v: tf.LayerVariable) => v.originalName.slice(0, -"/biasIh".length);
  return targets
    .filter((v) => v.originalName.endsWith("/biasIh"))
    .map(layerOf)
    .find((layer) => saved.has(`${layer}/recurrent_kernel`));
}

/** Copies the weights of saved artifacts into `model`, after checking they fit. */
export function setWeightsFrom(model: tf.LayersModel, artifacts: tf.io.ModelArtifacts, name: string): void {
  const specs = artifacts.weightSpecs ?? [];
  const targets = model.weights;
  const misfit = (why: string) => new Error(`the weights saved as "${name}" do not fit this graph: ${why}`);
  const old = oldRecurrentLayer(targets, specs);
  if (old)
    throw misfit(
      `${old} was saved as tfjs's LSTM/GRU (one bias, hard-sigmoid gates); the LSTM and GRU blocks now compute the standard cell with PyTorch's two biases, so weights trained before that change cannot be loaded: train the graph again`,
    );
  if (!artifacts.weightData || specs.length !== targets.length)
    throw misfit(`they hold ${specs.length} tensors, the graph has ${targets.length}`);
  specs.forEach((spec, i) => {
    if (spec.shape.join("×") !== targets[i].shape.join("×"))
      throw misfit(`${targets[i].originalName} is [${targets[i].shape.join(", ")}] here but [${spec.shape.join(", ")}] in the file`);
  });
  const named = tf.io.decodeWeights(artifacts.weightData, specs);
  try {
    model.setWeights(specs.map((s) => named[s.name]));
  } finally {
    tf.dispose(Object.values(named));
  }
}
