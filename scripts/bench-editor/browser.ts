/**
 * Part 2, in headless Chromium against `next start`: open the generated document through the
 * Open button's file input, then (a) edit a Linear's units in the inspector and time the input
 * event → the downstream `shape-<id>` texts and edge labels showing the new shape, and (b) drag
 * a node with the mouse (one move per 60 Hz frame, as a hand does) while the page records
 * requestAnimationFrame times. The drag runs twice: with the whole graph fitted on screen
 * (every node rendered) and zoomed to 100 % (React Flow renders only what is visible).
 * Each is then repeated under a trace for the main thread's CPU time per edit / per frame.
 */
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { FAR_ZOOM } from "@/components/canvas/zoom";
import { serializeGraph } from "@/graph";
import type { BenchGraph } from "./graphs";
import { WIDTH } from "./graphs";
import { ORIGIN } from "./server";
import { median, quantile } from "./stats";
import { startTrace, stopTrace } from "./trace";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const FRAME_MS = 1000 / 60;

export interface EditTiming {
  /** Input event → every downstream label shows the new shape (DOM), ms. */
  dom: number[];
  /** … and the next frame after that has run (what is on screen), ms. */
  painted: number[];
  /** Main-thread CPU per edit (traced edits, input to the next frame), ms. */
  cpuPerEdit: number;
}

export interface DragTiming {
  scenario: string;
  zoom: number;
  renderedNodes: number;
  /** Intervals between the frames that showed the dragged node moved, ms. */
  frames: number[];
  /** Intervals between all requestAnimationFrame callbacks during the drag, ms. */
  rafFrames: number[];
  /** Frames in which the dragged node's transform changed, per second of drag. */
  updatesPerSecond: number;
  durationMs: number;
  /** Main-thread CPU per frame that moved the node, from a second, traced drag; ms. */
  cpuPerUpdate: number;
}

export interface BrowserResult {
  /** JS files fetched from page load until the editor was on screen and the network idle. */
  initialScripts: string[];
  openMs: number;
  renderedNodes: number;
  renderedEdgeLabels: number;
  /** Zoom after opening (fitted). */
  openZoom: number;
  edit: EditTiming;
  drags: DragTiming[];
  pageErrors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function zoomOf(page: Page): Promise<number> {
  return page.locator(".react-flow__viewport").evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
}

/** One edit of `units` to `value`, timed inside the page from the input event it fires. */
async function timedEdit(page: Page, g: BenchGraph, value: number, labels: boolean): Promise<{ dom: number; painted: number }> {
  return page.evaluate(
    ({ value, nodes, edges }) =>
      new Promise<{ dom: number; painted: number }>((resolve, reject) => {
        const want = `B×T×${value}`;
        const targets = [...nodes.map((id) => `[data-testid="shape-${id}"]`), ...edges.map((id) => `[data-testid="edge-label-${id}"]`)];
        const done = () => targets.every((sel) => document.querySelector(sel)?.textContent === want);
        const input = document.querySelector<HTMLInputElement>('[data-testid="param-units"]');
        if (!input) return reject(new Error("no param-units field: is the Linear selected?"));
        let t0 = 0;
        const finish = () => {
          const dom = performance.now() - t0;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => setTimeout(() => resolve({ dom, painted: performance.now() - t0 })));
        };
        const observer = new MutationObserver(() => done() && finish());
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`labels did not show ${want} within 10 s`));
        }, 10_000);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        // What typing does: the native value setter (so React sees a change), then `input`.
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
        t0 = performance.now();
        setValue.call(input, String(value));
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }),
    // Zoomed out to the overview the wires carry no labels: then the blocks' shapes are what shows the edit.
    { value, nodes: g.downstream, edges: labels ? g.downstreamEdges : [] },
  );
}

/**
 * A point where a press lands on the node itself: at small zooms an edge label (which takes
 * no drag) can sit over a node's centre, and pressing there would pan or do nothing.
 */
async function grabPoint(page: Page, nodeId: string): Promise<{ x: number; y: number }> {
  const point = await page.evaluate((id) => {
    const el = document.querySelector(`.react-flow__node[data-id="${id}"]`);
    if (!el) return undefined;
    const r = el.getBoundingClientRect();
    for (const fy of [0.5, 0.3, 0.7, 0.15, 0.85]) {
      for (const fx of [0.5, 0.3, 0.7, 0.15, 0.85]) {
        const x = r.left + r.width * fx;
        const y = r.top + r.height * fy;
        const hit = document.elementFromPoint(x, y)?.closest(".react-flow__node");
        if (hit === el && !document.elementFromPoint(x, y)?.closest(".react-flow__handle")) return { x, y };
      }
    }
    return undefined;
  }, nodeId);
  if (!point) throw new Error(`no uncovered point on node ${nodeId} to press`);
  return point;
}

/** Drags `nodeId` along a 240 px zigzag, one mouse move per 60 Hz frame, recording frames. */
async function timedDrag(
  page: Page,
  nodeId: string,
  scenario: string,
  direction = 1,
  steps = 90,
): Promise<Omit<DragTiming, "cpuPerUpdate"> & { moved: number }> {
  const zoom = await zoomOf(page);
  const renderedNodes = await page.locator(".react-flow__node").count();
  await page.evaluate((id) => {
    const w = window as unknown as { __bench: { frames: number[]; moved: number[]; stop: boolean } };
    const el = document.querySelector(`[data-id="${id}"]`) as HTMLElement | null;
    const state = { frames: [] as number[], moved: [] as number[], stop: false };
    w.__bench = state;
    let last = el?.style.transform;
    const tick = (t: number) => {
      state.frames.push(t);
      const now = el?.style.transform;
      if (now !== last) state.moved.push(t);
      last = now;
      if (!state.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, nodeId);
  const { x: x0, y: y0 } = await grabPoint(page, nodeId);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  // The moves go out on a 60 Hz clock without waiting for each to be handled, as a hand's do:
  // awaiting each (page.mouse.move) would wait for the frame it causes, and measure the round
  // trip rather than the page. Chromium coalesces the moves that queue up to one per frame.
  const cdp = await page.context().newCDPSession(page);
  const sent: Promise<unknown>[] = [];
  const start = performance.now();
  for (let i = 1; i <= steps; i++) {
    const dx = direction * (i / steps) * 240;
    const dy = Math.sin((i / steps) * Math.PI * 4) * 60;
    sent.push(cdp.send("Input.dispatchMouseEvent", { type: "mouseMoved", x: x0 + dx, y: y0 + dy, button: "left", buttons: 1 }));
    const wait = start + i * FRAME_MS - performance.now();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(sent);
  const durationMs = performance.now() - start;
  await page.mouse.move(x0 + direction * 240, y0);
  await page.mouse.up();
  await cdp.detach();
  const { frames, moved } = await page.evaluate(() => {
    const w = window as unknown as { __bench: { frames: number[]; moved: number[]; stop: boolean } };
    w.__bench.stop = true;
    return w.__bench;
  });
  const deltas = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]);
  return {
    scenario,
    zoom,
    renderedNodes,
    frames: deltas(moved),
    rafFrames: deltas(frames),
    updatesPerSecond: (moved.length * 1000) / durationMs,
    durationMs,
    moved: moved.length,
  };
}

/** The drag as measured, then once more (back again) under a trace for its CPU per frame. */
async function measuredDrag(browser: Browser, page: Page, nodeId: string, scenario: string): Promise<DragTiming> {
  const { moved: _, ...timing } = await timedDrag(page, nodeId, scenario);
  await sleep(300);
  await startTrace(browser, page);
  const traced = await timedDrag(page, nodeId, scenario, -1);
  const cpu = await stopTrace(browser);
  return { ...timing, cpuPerUpdate: cpu / Math.max(1, traced.moved) };
}

export async function measureBrowser(g: BenchGraph, dragId: string, edits = 12): Promise<BrowserResult> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx compiles with esbuild's keepNames, which wraps the functions handed to
    // page.evaluate in a `__name(fn, "name")` helper that only exists in Node.
    await page.addInitScript("globalThis.__name = (fn) => fn;");
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("dialog", (d) => void d.accept());
    const scripts: string[] = [];
    let loading = true;
    page.on("response", (r) => {
      if (loading && r.request().resourceType() === "script") scripts.push(r.url());
    });

    await page.goto(ORIGIN);
    await page.getByTestId("editor").waitFor();
    await page.locator(".react-flow__node").first().waitFor();
    await page.waitForLoadState("networkidle");
    loading = false;

    // Open the generated document the way a person does: Open → choose a file.
    const lastId = g.doc.nodes[g.doc.nodes.length - 1].id;
    const t0 = performance.now();
    await page
      .getByTestId("doc-file-input")
      .setInputFiles({ name: "bench.json", mimeType: "application/json", buffer: Buffer.from(serializeGraph(g.doc)) });
    await page.getByTestId(`node-${lastId}`).waitFor();
    const openMs = performance.now() - t0;
    await sleep(800); // the fit-view animation after a load
    const renderedNodes = await page.locator(".react-flow__node").count();
    const renderedEdgeLabels = await page.locator('[data-testid^="edge-label-"]').count();
    const labels = renderedEdgeLabels > 0;
    const openZoom = await zoomOf(page);

    // (a) select the Linear, then edit its units back and forth.
    await page.getByTestId(`node-${g.editId}`).click();
    await page.getByTestId("param-units").waitFor();
    const edit: EditTiming = { dom: [], painted: [], cpuPerEdit: NaN };
    const units = (i: number) => (i % 2 === 0 ? 3 * WIDTH : 4 * WIDTH);
    for (let i = 0; i < edits + 2; i++) {
      const t = await timedEdit(page, g, units(i), labels);
      if (i >= 2) {
        edit.dom.push(t.dom);
        edit.painted.push(t.painted);
      }
      await sleep(150);
    }
    const traced = 4;
    await startTrace(browser, page);
    for (let i = 0; i < traced; i++) await timedEdit(page, g, units(edits + 2 + i), labels);
    edit.cpuPerEdit = (await stopTrace(browser)) / traced;
    await sleep(150);

    // (b) drags: the whole graph on screen (the overview), then zoomed in around the dragged
    // node to just above the overview (full detail, the most blocks on screen) and to 100 %.
    const drags: DragTiming[] = [];
    drags.push(await measuredDrag(browser, page, dragId, "fitted: whole graph on screen"));
    const zoomTo = async (target: number) => {
      await sleep(300);
      const box = await page.getByTestId(`node-${dragId}`).boundingBox();
      if (!box) return false;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 60 && (await zoomOf(page)) < target; i++) {
        await page.mouse.wheel(0, -40);
        await sleep(40);
      }
      await sleep(300);
      return true;
    };
    if (await zoomTo(FAR_ZOOM + 0.03)) drags.push(await measuredDrag(browser, page, dragId, "just above the overview: full detail"));
    if (await zoomTo(0.95)) drags.push(await measuredDrag(browser, page, dragId, "zoomed to ~100 %: visible nodes only"));
    return { initialScripts: scripts, openMs, renderedNodes, renderedEdgeLabels, openZoom, edit, drags, pageErrors };
  } finally {
    await browser.close();
  }
}

export function frameSummary(deltas: readonly number[]) {
  return { median: median(deltas), p95: quantile(deltas, 0.95), max: Math.max(...deltas) };
}
