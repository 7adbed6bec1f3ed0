import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { createTrainController } from "@/components/train/controller";
import { createSeries } from "@/components/train/metricSeries";
import { createRunKeeper, fromStored, toStored } from "@/components/train/runKeeper";
import { createRunsDb } from "@/components/train/runsDb";
import { activeRun, addRun, createRunStore, docRuns, updateRun } from "@/components/train/runStore";
import { settingsFromDocument } from "@/components/train/settings";
import { modelFingerprint } from "@/components/train/staleness";
import { boundaryMap, createFakeClient, metrics, mlpDocument, runInfo } from "./fakeClient";

let n = 0;
function setup() {
  const doc = mlpDocument();
  const store = createRunStore();
  const client = createFakeClient();
  const db = createRunsDb({ name: `keeper-${++n}` });
  const keeper = createRunKeeper({ store, db, client: () => client });
  const controller = createTrainController({ client: () => client, store, keeper });
  const args = { doc, fingerprint: modelFingerprint(doc), settings: settingsFromDocument(doc.meta.training) };
  return { doc, store, client, db, keeper, controller, args };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("runs belong to their document", () => {
  it("opening a document shows only its runs; another document's stay stored", async () => {
    const { store, db, keeper, args } = setup();
    await keeper.open("doc-a");
    const a = addRun(store, { ...args, backendChoice: "auto" });
    await keeper.save(a.id);
    await keeper.open("doc-b");
    expect(docRuns(store.getState())).toEqual([]);
    expect(activeRun(store.getState())).toBeUndefined();
    const b = addRun(store, { ...args, backendChoice: "auto" });
    expect(b.number).toBe(1);
    await keeper.save(b.id);
    expect((await db.list("doc-a")).map((r) => r.id)).toEqual([a.id]);
    await keeper.open("doc-a");
    expect(docRuns(store.getState()).map((r) => r.id)).toEqual([a.id]);
    expect(activeRun(store.getState())?.id).toBe(a.id);
  });

  it("a page that closed mid-run gets the run back as interrupted, with its curve", async () => {
    const { store, db, args } = setup();
    const run = addRun(store, { ...args, backendChoice: "auto", docId: "doc-a" });
    const series = createSeries();
    series.step.push(1, 2);
    series.loss.push(0.7, 0.6);
    series.valLoss.push(null, null);
    series.accuracy.push(null, null);
    series.valAccuracy.push(null, null);
    series.lr.push(0.01, 0.01);
    await db.put(toStored({ ...run, status: "running", series }));
    // A new page: a new store and keeper over the same database.
    const fresh = createRunStore();
    const keeper = createRunKeeper({ store: fresh, db, client: () => createFakeClient() });
    await keeper.open("doc-a");
    const back = activeRun(fresh.getState());
    expect(back?.status).toBe("interrupted");
    expect(back?.series.loss).toEqual([0.7, 0.6]);
    expect(fromStored(toStored(back!)).series.step).toEqual([1, 2]);
  });
});

describe("checkpoints from the controller", () => {
  it("pausing saves the weights; a failed save shows what was lost and keeps the last good one", async () => {
    const { store, client, db, keeper, controller, args } = setup();
    await keeper.open("doc-a");
    const done = controller.start(args);
    await settle();
    client.emit({ type: "started", info: runInfo() });
    client.emit({ type: "metrics", metrics: metrics(40) });
    client.checkpoint = async () => ({
      step: 40,
      elapsedMs: 200,
      specs: [{ name: "w0", shape: [2], dtype: "float32" }],
      data: new Float32Array([1, 2]).buffer,
    });
    client.emit({ type: "paused", step: 40 });
    await settle();
    const run = activeRun(store.getState())!;
    expect(run.checkpoint?.step).toBe(40);
    expect(run.boundary).toBeUndefined(); // the fake's boundary throws: no snapshot, no harm

    // Storage is full at the next save.
    client.checkpoint = async () => ({
      step: 90,
      elapsedMs: 450,
      specs: [{ name: "w0", shape: [2], dtype: "float32" }],
      data: new Float32Array([3, 4]).buffer,
    });
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
    try {
      client.emit({ type: "resumed", step: 40 });
      client.emit({ type: "metrics", metrics: metrics(90) });
      client.emit({ type: "paused", step: 90 });
      await settle();
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(store.getState().storageProblem).toMatch(
      /^The weights of run 1 at step 90 could not be saved: browser storage is full\. The last good save \(step 40\) is kept\. Free space/,
    );
    expect(activeRun(store.getState())?.checkpoint?.step).toBe(40);
    expect(new Float32Array((await db.loadCheckpoint(run.id))!.data)[0]).toBe(1);
    // The run goes on in the page.
    expect(activeRun(store.getState())?.status).toBe("paused");
    client.emit({ type: "end", status: "stopped", step: 90 });
    client.finish();
    await done;
  });

  it("Resume sends the checkpoint to the worker and the curve goes on from its step", async () => {
    const { store, client, keeper, controller, args } = setup();
    await keeper.open("doc-a");
    const first = controller.start(args);
    await settle();
    client.emit({ type: "started", info: runInfo() });
    for (const s of [10, 20, 30]) client.emit({ type: "metrics", metrics: metrics(s, { valLoss: 1 }) });
    client.checkpoint = async () => ({
      step: 20,
      elapsedMs: 100,
      specs: [{ name: "w0", shape: [1], dtype: "float32" }],
      data: new Float32Array([1]).buffer,
    });
    client.emit({ type: "paused", step: 20 });
    await settle();
    // The page closed: the run is interrupted (as a reload would find it).
    const id = activeRun(store.getState())!.id;
    updateRun(store, id, { status: "interrupted" });
    client.finish();
    await first;

    const resumed = controller.resumeRun(id);
    await settle();
    const request = client.requests.at(-1)!;
    expect(request.from).toMatchObject({ continueRun: true, checkpoint: { step: 20 } });
    expect(activeRun(store.getState())?.series.step).toEqual([10, 20]);
    client.emit({ type: "started", info: runInfo() });
    client.emit({ type: "metrics", metrics: metrics(21, { valLoss: 0.9 }) });
    const run = activeRun(store.getState())!;
    expect(run.series.step).toEqual([10, 20, 21]);
    expect(run.status).toBe("running");
    expect(store.getState().runs).toHaveLength(1);
    client.emit({ type: "end", status: "done", step: 21 });
    client.finish();
    await resumed;
  });

  it("Continue makes a new run from another's weights, naming it as the parent", async () => {
    const { store, client, keeper, controller, args } = setup();
    await keeper.open("doc-a");
    const first = controller.start(args);
    await settle();
    client.emit({ type: "started", info: runInfo() });
    client.checkpoint = async () => ({
      step: 50,
      elapsedMs: 100,
      specs: [{ name: "w0", shape: [1], dtype: "float32" }],
      data: new Float32Array([1]).buffer,
    });
    client.emit({ type: "end", status: "done", step: 50 });
    client.finish();
    await first;
    await settle();
    const parent = activeRun(store.getState())!;
    const child = controller.continueFrom(parent.id);
    await settle();
    expect(client.requests.at(-1)?.from).toMatchObject({ continueRun: false, checkpoint: { step: 50 } });
    const run = activeRun(store.getState())!;
    expect(run.number).toBe(2);
    expect(run.parent).toEqual({ id: parent.id, step: 50 });
    client.emit({ type: "end", status: "stopped", step: 0 });
    client.finish();
    await child;
  });

  it("keeps the boundary and attention map of a run at its end, for comparing without the model", async () => {
    const { store, client, db, keeper, controller, args } = setup();
    await keeper.open("doc-a");
    const done = controller.start(args);
    await settle();
    client.emit({ type: "started", info: runInfo({ attention: [{ nodeId: "attn1", port: "weights", heads: 2, causal: true }] }) });
    client.boundary = async (resolution) =>
      boundaryMap(new Int32Array(resolution * resolution), new Float32Array(resolution * resolution).fill(0.9), resolution, 0.875, [
        [7, 1],
        [0, 8],
      ]);
    client.attention = async (layer) => ({
      layer,
      heads: 2,
      weights: new Float32Array(2 * 3 * 3).fill(1 / 3),
      queryTokens: ["a", "b", "c"],
      keyTokens: ["a", "b", "c"],
      causal: true,
    });
    client.emit({ type: "end", status: "done", step: 10 });
    client.finish();
    await done;
    await settle();
    const run = activeRun(store.getState())!;
    expect(run.boundary?.accuracy).toBe(0.875);
    expect(run.attention?.layer).toBe("attn1");
    const [stored] = await db.list("doc-a");
    expect(stored.boundary?.resolution).toBe(64);
    expect(stored.attention?.weights).toHaveLength(18);
    expect(stored.checkpoint?.step).toBe(0);
  });
});
