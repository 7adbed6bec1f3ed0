/**
 * The page's side of the BPE worker: `train` resolves to a tokenizer, reports progress as it
 * goes, and `cancel` stops it. The worker is spawned on first use; a worker that crashes
 * rejects the training under way with a message, and the next call spawns a fresh one.
 */
import * as Comlink from "comlink";
// train/tokenizers, not @/train: the page must not load tfjs for a tokenizer.
import { BpeTokenizer } from "@/train/tokenizers";
import type { BpeProgress, BpeTrainOptions, BpeWorkerApi } from "@/train/tokenizers";
import type { Async } from "./client";

export const BPE_WORKER_CRASHED = "the tokenizer worker crashed; train the tokenizer again";

/** A worker and its API as the client uses them; tests pass the core itself. */
export interface BpeWorkerConnection {
  worker: Pick<Worker, "addEventListener" | "terminate">;
  api: Async<BpeWorkerApi>;
}

export interface BpeClient {
  train(text: string, options: BpeTrainOptions, onProgress?: (p: BpeProgress) => void): Promise<BpeTokenizer>;
  cancel(): Promise<void>;
  dispose(): void;
}

function connectBpeWorker(): BpeWorkerConnection {
  const worker = new Worker(new URL("./bpe.worker.ts", import.meta.url), { type: "module", name: "tensorloom-bpe" });
  return { worker, api: Comlink.wrap<BpeWorkerApi>(worker) as unknown as Async<BpeWorkerApi> };
}

/**
 * A client for the BPE worker.
 * @example const tok = await createBpeClient().train(text, { vocabSize: 512, preSplit: true }, (p) => show(p.merges));
 */
export function createBpeClient(connect: () => BpeWorkerConnection = connectBpeWorker): BpeClient {
  let live: { conn: BpeWorkerConnection; crashed: Promise<never> } | undefined;
  const open = () => {
    if (live) return live;
    const conn = connect();
    const crashed = new Promise<never>((_, reject) => {
      conn.worker.addEventListener("error", () => {
        if (live?.conn === conn) live = undefined;
        conn.worker.terminate();
        reject(new Error(BPE_WORKER_CRASHED));
      });
    });
    crashed.catch(() => {}); // observed by whichever call races it
    live = { conn, crashed };
    return live;
  };
  return {
    async train(text, options, onProgress) {
      const { conn, crashed } = open();
      const json = await Promise.race([conn.api.train(text, options, onProgress ? Comlink.proxy(onProgress) : undefined), crashed]);
      return BpeTokenizer.fromJSON(json);
    },
    async cancel() {
      await live?.conn.api.cancel();
    },
    dispose() {
      live?.conn.worker.terminate();
      live = undefined;
    },
  };
}
