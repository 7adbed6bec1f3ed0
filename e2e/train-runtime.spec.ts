/**
 * The training runtime in Chromium, below the UI: the page's client (window.__tensorloom.client)
 * spawns the worker, WebGL initialises (SwiftShader), the app serves the wasm binaries itself,
 * a tiny GPT trains on every backend, and a lost WebGL context moves a run to WASM with a notice.
 */
import type { Page } from "@playwright/test";
import { TrainingSpecSchema } from "../graph";
import { buildPreset } from "../presets";
import type { TrainRequest, WorkerEvent } from "../train/protocol";
import { expect, test } from "./fixtures";
import { openApp } from "./helpers";

/** A tiny GPT on a short corpus: seconds per run on any backend. */
function tinyGpt(steps: number): TrainRequest {
  const built = buildPreset("gpt", { nLayer: 1, nEmbd: 32, nHead: 2, blockSize: 16 });
  if (!built.ok) throw new Error(built.message);
  const spec = TrainingSpecSchema.parse(built.graph.meta.training);
  return {
    doc: built.graph,
    dataset: { kind: "corpus", chars: 20_000 },
    config: { ...spec.config, steps, batchSize: 8, evalEvery: 10, evalBatches: 1 },
  };
}

interface ClientWindow {
  __tensorloom: {
    client: {
      init(choice: string): Promise<string>;
      start(request: TrainRequest, onEvent: (e: WorkerEvent) => void): Promise<void>;
      debug: { loseWebglContext(): Promise<boolean> };
    };
  };
}

async function openClient(page: Page) {
  await openApp(page);
  await page.waitForFunction(() => Boolean((window as unknown as Partial<ClientWindow>).__tensorloom?.client));
}

test("auto picks WASM over software WebGL in headless Chromium, and a tiny GPT trains on WebGL, WASM and CPU", async ({ page }) => {
  await openClient(page);
  const wasmRequests: string[] = [];
  page.on("requestfinished", (r) => void (r.url().endsWith(".wasm") && wasmRequests.push(new URL(r.url()).pathname)));
  // Headless Chromium renders WebGL with SwiftShader (no GPU), ~10× slower than wasm here.
  expect(await page.evaluate(() => (window as unknown as ClientWindow).__tensorloom.client.init("auto"))).toBe("wasm");
  for (const backend of ["webgl", "wasm", "cpu"]) {
    const result = await page.evaluate(
      async ({ backend, request }) => {
        const client = (window as unknown as ClientWindow).__tensorloom.client;
        const used = await client.init(backend);
        const events: WorkerEvent[] = [];
        await client.start(request, (e) => void events.push(e));
        const losses = events.flatMap((e) => (e.type === "metrics" ? [e.metrics.loss] : []));
        return { used, types: [...new Set(events.map((e) => e.type))], end: events.at(-1), first: losses[0], last: losses.at(-1) };
      },
      { backend, request: tinyGpt(20) },
    );
    expect(result.used).toBe(backend);
    expect(result.types).toEqual(["started", "metrics", "end"]);
    expect(result.end).toEqual({ type: "end", status: "done", step: 20 });
    expect(result.last).toBeLessThan(result.first);
  }
  // The single-threaded SIMD binary, from the app itself.
  expect(wasmRequests).toContain("/tfjs-wasm/tfjs-backend-wasm-simd.wasm");
});

test("a lost WebGL context restarts the run on WASM with a notice", async ({ page }) => {
  await openClient(page);
  const result = await page.evaluate(async (request) => {
    const client = (window as unknown as ClientWindow).__tensorloom.client;
    await client.init("webgl");
    const events: WorkerEvent[] = [];
    const done = client.start(request, (e) => void events.push(e));
    while (!events.some((e) => e.type === "metrics" && e.metrics.step >= 5)) await new Promise((r) => setTimeout(r, 20));
    const lost = await client.debug.loseWebglContext();
    await done;
    return { lost, events: events.filter((e) => e.type !== "metrics") };
  }, tinyGpt(40));
  expect(result.lost).toBe(true);
  const started = result.events.filter((e) => e.type === "started") as Extract<WorkerEvent, { type: "started" }>[];
  expect(started.map((e) => e.info.backend)).toEqual(["webgl", "wasm"]);
  const notice = result.events.find((e) => e.type === "notice") as Extract<WorkerEvent, { type: "notice" }>;
  expect(notice.message).toMatch(/^the WebGL context was lost at step \d+: the run restarted from step 0 on wasm$/);
  expect(result.events.at(-1)).toEqual({ type: "end", status: "done", step: 40 });
});
