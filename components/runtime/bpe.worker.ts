/** The BPE worker: trains a tokenizer off the main thread (train/tokenizers/worker-core.ts), exposed with Comlink. */
import * as Comlink from "comlink";
import { createBpeWorkerCore } from "@/train/tokenizers";

Comlink.expose(createBpeWorkerCore());
