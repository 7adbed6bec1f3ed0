import { describe, expect, it } from "vitest";
import { createTrainController, FLUSH_MS, reduceRun } from "@/components/train/controller";
import { activeRun, addRun, createRunStore, isLive, removeRun, toggleRunVisible } from "@/components/train/runStore";
import { settingsFromDocument } from "@/components/train/settings";
import { modelFingerprint } from "@/components/train/staleness";
import type { Timers } from "@/components/train/throttle";
import { createFakeClient, metrics, mlpDocument, runInfo } from "./fakeClient";

function setup() {
  const doc = mlpDocument();
  const store = createRunStore();
  const client = createFakeClient();
  let now = 1000;
  let pending: (() => void)[] = [];
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn) => {
      pending.push(fn);
      return pending.length;
    },
    clearTimeout: () => {
      pending = [];
    },
  };
  const tick = (ms: number) => {
    now += ms;
    const due = pending;
    pending = [];
    for (const fn of due) fn();
  };
  const controller = createTrainController({ client: () => client, store, timers, now: () => now });
  const args = { doc, fingerprint: modelFingerprint(doc), settings: settingsFromDocument(doc.meta.training) };
  return { doc, store, client, controller, args, tick };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("train controller", () => {
  it("starts a run with the document and settings, then follows the worker's events", async () => {
    const { store, client, controller, args, tick } = setup();
    const done = controller.start(args);
    await settle();
    expect(client.calls).toEqual(["init:auto", "start"]);
    expect(client.requests[0]).toMatchObject({ doc: args.doc, dataset: args.settings.dataset, config: args.settings.config });
    let run = activeRun(store.getState())!;
    expect(run).toMatchObject({ status: "starting", graphName: "MLP on spirals", number: 1 });
    expect(store.getState().panel).toBe("curves");

    client.emit({ type: "started", info: runInfo() });
    expect(activeRun(store.getState())?.status).toBe("running");
    expect(store.getState().backend).toBe("wasm");

    // A burst of metrics: all kept, shown once now and once at the end of the interval.
    const before = store.getState().revision;
    for (let i = 1; i <= 50; i++) client.emit({ type: "metrics", metrics: metrics(i, i === 50 ? { valLoss: 0.5 } : {}) });
    run = activeRun(store.getState())!;
    expect(run.series.step).toHaveLength(50);
    expect(store.getState().revision).toBe(before + 1);
    expect(run.last?.step).toBe(1);
    tick(FLUSH_MS);
    run = activeRun(store.getState())!;
    expect(store.getState().revision).toBe(before + 2);
    expect(run.last?.step).toBe(50);
    expect(run.rate).toBe(1000);

    client.emit({ type: "paused", step: 50 });
    expect(activeRun(store.getState())?.status).toBe("paused");
    client.emit({ type: "resumed", step: 50 });
    expect(activeRun(store.getState())?.status).toBe("running");
    client.emit({ type: "end", status: "done", step: 50 });
    client.finish();
    await done;
    expect(activeRun(store.getState())?.status).toBe("done");
  });

  it("stops a diverged run with the worker's message, and a new run can start", async () => {
    const { store, client, controller, args } = setup();
    const first = controller.start(args);
    await settle();
    client.emit({ type: "started", info: runInfo() });
    client.emit({ type: "diverged", step: 3, message: "training stopped: the loss became NaN at step 3 with learning rate 100" });
    client.finish();
    await first;
    const run = activeRun(store.getState())!;
    expect(run.status).toBe("diverged");
    expect(run.message).toContain("step 3 with learning rate 100");
    expect(isLive(run)).toBe(false);

    const second = controller.start(args);
    await settle();
    expect(store.getState().runs).toHaveLength(2);
    expect(activeRun(store.getState())?.number).toBe(2);
    // Each run keeps its own colour for the overlay.
    expect(store.getState().runs[0].color).not.toBe(store.getState().runs[1].color);
    client.emit({ type: "end", status: "stopped", step: 0 });
    client.finish();
    await second;
  });

  it("marks a run failed when the worker refuses it or crashes, and restarts a crashed worker", async () => {
    const { store, client, controller, args } = setup();
    const refused = controller.start(args);
    await settle();
    client.emit({ type: "failed", message: "cannot start training: the graph has 1 problem" });
    client.finish();
    await refused;
    expect(activeRun(store.getState())).toMatchObject({ status: "failed", message: "cannot start training: the graph has 1 problem" });

    const crashed = controller.start(args);
    await settle();
    client.emit({ type: "started", info: runInfo() });
    client.finish(new Error("worker terminated"));
    await crashed;
    const run = activeRun(store.getState())!;
    expect(run.status).toBe("failed");
    expect(run.message).toContain("worker terminated");
    expect(client.calls).toContain("restart");
  });

  it("does not start a second run while one is live, and shows notices", async () => {
    const { store, client, controller, args } = setup();
    void controller.start(args);
    await settle();
    void controller.start(args);
    await settle();
    expect(store.getState().runs).toHaveLength(1);
    client.emit({ type: "notice", message: "the WebGL context was lost at step 12: the run restarted from step 0 on wasm" });
    expect(activeRun(store.getState())?.notices).toHaveLength(1);
  });

  it("leaves the first, warm-up step out of the pace and averages the rest", async () => {
    const { store, client, controller, args, tick } = setup();
    void controller.start(args);
    await settle();
    client.emit({ type: "started", info: runInfo() });
    client.emit({ type: "metrics", metrics: metrics(1, { tokensPerSec: 10, msPerStep: 900 }) });
    for (let i = 2; i <= 4; i++)
      client.emit({ type: "metrics", metrics: metrics(i, { tokensPerSec: i === 2 ? 800 : 1100, msPerStep: 5 }) });
    tick(FLUSH_MS);
    const run = activeRun(store.getState())!;
    expect(run.rate).toBeCloseTo(1000);
    expect(run.msPerStep).toBeCloseTo(5);
  });

  it("starts over when the worker restarts the run on another backend", async () => {
    const { store, client, controller, args } = setup();
    void controller.start(args);
    await settle();
    client.emit({ type: "started", info: runInfo({ backend: "webgl" }) });
    client.emit({ type: "metrics", metrics: metrics(1) });
    client.emit({ type: "started", info: runInfo({ backend: "wasm" }) });
    const run = activeRun(store.getState())!;
    expect(run.series.step).toHaveLength(0);
    expect(run.info?.backend).toBe("wasm");
    expect(store.getState().backend).toBe("wasm");
  });
});

describe("run records", () => {
  it("count unpaused time only", () => {
    const { store, args } = setup();
    const run = addRun(store, { ...args, backendChoice: "auto" });
    const started = { ...run, ...reduceRun(run, { type: "started", info: runInfo() }, 0) };
    const paused = { ...started, ...reduceRun(started, { type: "paused", step: 5 }, 4000) };
    expect(paused.activeMs).toBe(4000);
    const resumed = { ...paused, ...reduceRun(paused, { type: "resumed", step: 5 }, 10_000) };
    const ended = { ...resumed, ...reduceRun(resumed, { type: "end", status: "done", step: 9 }, 11_000) };
    expect(ended.activeMs).toBe(5000);
    expect(ended.resumedAt).toBeUndefined();
    // An end after an end changes nothing.
    expect(reduceRun(ended, { type: "end", status: "stopped", step: 9 }, 12_000)).toEqual({});
  });

  it("hide, show and forget runs; the live run cannot be forgotten", () => {
    const { store, args } = setup();
    const a = addRun(store, { ...args, backendChoice: "auto" });
    toggleRunVisible(store, a.id);
    expect(store.getState().runs[0].visible).toBe(false);
    removeRun(store, a.id);
    expect(store.getState().runs).toHaveLength(1);
    store.setState({ runs: store.getState().runs.map((r) => ({ ...r, status: "done" as const })) });
    removeRun(store, a.id);
    expect(store.getState().runs).toHaveLength(0);
    expect(store.getState().activeId).toBeUndefined();
  });
});
