/**
 * Weights as files and as a browser-storage key. The worker hands out tfjs artifacts: a
 * `model.json` text whose weights manifest names the binary file, and the bytes of that file.
 * Downloading both side by side gives a model `tf.loadLayersModel` reads back.
 */
import { documentFileName } from "../documents/download";
import type { RunRecord } from "./runStore";
import type { TrainerPort } from "./types";

/** Why weights cannot be read yet (the title of a disabled Save or Download button). */
export const WEIGHTS_NOT_READY = "Available once a run has built its model and is paused or ended";

/** Whether a run's weights can be read (saved, downloaded): its model is built and it is paused or ended, not failed. */
export function weightsReadable(run: RunRecord | undefined): boolean {
  return run?.info !== undefined && run.status !== "running" && run.status !== "starting" && run.status !== "failed";
}

/** `"GPT (tiny)"` → `"gpt-tiny"`: the document's file name without its extension. */
export function modelSlug(graphName: string): string {
  return documentFileName(graphName).replace(/\.tensorloom\.json$/, "");
}

/** The browser-storage key of a graph's saved weights: one slot per graph name. */
export function weightsKey(graphName: string): string {
  return `tensorloom-weights/${modelSlug(graphName)}`;
}

/**
 * The two file names of a download: the model JSON and the weights file its manifest points at.
 * @example weightsFileNames("GPT (tiny)") // { jsonName: "gpt-tiny.model.json", binName: "gpt-tiny.weights.bin" }
 */
export function weightsFileNames(graphName: string): { jsonName: string; binName: string } {
  const slug = modelSlug(graphName);
  return { jsonName: `${slug}.model.json`, binName: `${slug}.weights.bin` };
}

/**
 * The two file names of a download and the model JSON to save (its manifest pointing at the
 * weights file by that name when it uses a generic one, rewritten to match).
 * @example weightsDownload("GPT", '{"weightsManifest":[{"paths":["weights.bin"]}]}').binName // "gpt.weights.bin"
 */
export function weightsDownload(graphName: string, modelJson: string): { jsonName: string; binName: string; json: string } {
  const { jsonName, binName } = weightsFileNames(graphName);
  try {
    const parsed = JSON.parse(modelJson) as { weightsManifest?: { paths?: string[] }[] };
    const groups = parsed.weightsManifest ?? [];
    if (groups.length === 1 && groups[0].paths?.length === 1) {
      groups[0].paths = [`./${binName}`];
      return { jsonName, binName, json: JSON.stringify(parsed) };
    }
  } catch {
    // not JSON: hand it out as it came
  }
  return { jsonName, binName, json: modelJson };
}

/** A download's files: the model JSON and the bytes of the weights file it names. */
export interface WeightsFiles {
  jsonName: string;
  json: string;
  binName: string;
  bin: ArrayBuffer;
}

/** The worker's current model as the files of a download, named after `graphName`. */
export async function weightsFiles(client: Pick<TrainerPort, "exportWeights">, graphName: string): Promise<WeightsFiles> {
  const { modelJson, weights } = await client.exportWeights();
  return { ...weightsDownload(graphName, modelJson), bin: weights };
}

/**
 * Downloads the worker's current model as `<slug>.model.json` and `<slug>.weights.bin`, named
 * after `graphName`; resolves with a line saying so.
 */
export async function downloadWeights(client: Pick<TrainerPort, "exportWeights">, graphName: string): Promise<string> {
  const files = await weightsFiles(client, graphName);
  saveFile(files.jsonName, files.json, "application/json");
  saveFile(files.binName, files.bin, "application/octet-stream");
  return `Downloaded ${files.jsonName} and ${files.binName}`;
}

/** Saves `data` as a file through an `<a download>`. */
export function saveFile(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
