/**
 * Main-thread CPU time of the page from a Chromium trace. Wall-clock frame times depend on
 * what else the machine runs; the renderer main thread's CPU time per frame does not (much),
 * and 1000 / that is the frame rate one free core would give.
 */
import type { Browser, Page } from "playwright-core";

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** A top-level task; Chromium versions name it `RunTask` or `ThreadControllerImpl::RunTask`. */
const TASK = /^(ThreadControllerImpl::)?RunTask$/;

export async function startTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: ["devtools.timeline", "toplevel"] });
}

/** Stops tracing; returns the CPU milliseconds of top-level tasks on the page's main thread. */
export async function stopTrace(browser: Browser): Promise<number> {
  const events: TraceEvent[] = JSON.parse((await browser.stopTracing()).toString("utf8")).traceEvents;
  const main = new Set(events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const tasks = events
    .filter((e) => e.ph === "X" && TASK.test(e.name) && main.has(`${e.pid}:${e.tid}`) && e.tdur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  let cpu = 0;
  let end = -Infinity;
  for (const t of tasks) {
    if (t.ts < end) continue; // nested inside a task already counted
    cpu += t.tdur!;
    end = t.ts + (t.dur ?? 0);
  }
  return cpu / 1000;
}
