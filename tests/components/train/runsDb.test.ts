import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { checkpointBytes, createRunsDb, recordBytes } from "@/components/train/runsDb";
import type { StoredRun } from "@/components/train/runsDb";
import type { Checkpoint } from "@/components/train/types";
import { settingsFromDocument } from "@/components/train/settings";
import { boundaryMap, mlpDocument } from "./fakeClient";

let dbCount = 0;
const freshDb = (extra: Parameters<typeof createRunsDb>[0] = {}) => {
  let key = 0;
  return createRunsDb({ name: `runs-test-${++dbCount}`, newKey: (id, step) => `${id}@${step}#${++key}`, ...extra });
};

function run(id: string, docId: string, number: number): StoredRun {
  const doc = mlpDocument();
  return {
    id,
    docId,
    number,
    name: "",
    createdAt: number,
    graphName: doc.name,
    doc,
    fingerprint: "fp",
    settings: settingsFromDocument(doc.meta.training),
    backendChoice: "auto",
    color: "#000",
    status: "done",
    activeMs: 0,
    series: {
      step: [1, 2],
      loss: [0.7, 0.6],
      valLoss: [null, 0.65],
      accuracy: [0.5, 0.6],
      valAccuracy: [null, 0.55],
      lr: [0.01, 0.01],
      stride: 1,
    },
  };
}

function checkpoint(step: number, fill: number): Checkpoint {
  const data = new Float32Array(256).fill(fill);
  return {
    step,
    elapsedMs: step * 10,
    specs: [{ name: "w", shape: [256], dtype: "float32" }],
    data: data.buffer,
    optimizer: { t: step, slots: [[new Float32Array(256), new Float32Array(256)]] },
  };
}

/** Makes the next `put` on the named object store throw `name`, as a full disk does in Chromium. */
function failNextPut(storeName: string, name = "QuotaExceededError") {
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
    if (this.name === storeName) {
      proto.put = put;
      throw new DOMException(name === "QuotaExceededError" ? "The quota has been exceeded." : "The write failed.", name);
    }
    return put.apply(this, args);
  };
  return () => (proto.put = put);
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe("runs per document", () => {
  it("lists only the runs of the document asked for, oldest first, with their curves", async () => {
    const db = freshDb();
    await db.put(run("b2", "doc-b", 2));
    await db.put(run("a1", "doc-a", 1));
    await db.put(run("b1", "doc-b", 1));
    const b = await db.list("doc-b");
    expect(b.map((r) => r.id)).toEqual(["b1", "b2"]);
    expect(b[0].series.loss).toEqual([0.7, 0.6]);
    expect((await db.list("doc-a")).map((r) => r.id)).toEqual(["a1"]);
    expect(await db.list("doc-c")).toEqual([]);
  });

  it("keeps the decision boundary grid in the record, typed arrays intact", async () => {
    const db = freshDb();
    const r = run("a1", "doc-a", 1);
    r.boundary = boundaryMap(Int32Array.from([0, 1, 1, 0]), Float32Array.from([0.9, 0.8, 0.7, 0.6]), 2, 0.75, [
      [1, 0],
      [0, 1],
    ]);
    await db.put(r);
    const [back] = await db.list("doc-a");
    expect(Array.from(back.boundary!.classes)).toEqual([0, 1, 1, 0]);
    expect(back.boundary!.confidence).toBeInstanceOf(Float32Array);
  });
});

describe("checkpoints", () => {
  it("round-trips weights, optimizer state and step", async () => {
    const db = freshDb();
    await db.put(run("a1", "doc-a", 1));
    expect(await db.saveCheckpoint("a1", checkpoint(40, 0.5), 7)).toEqual({ ok: true, bytes: 3 * 1024 });
    const back = await db.loadCheckpoint("a1");
    expect(back?.step).toBe(40);
    expect(Array.from(new Float32Array(back!.data)).slice(0, 3)).toEqual([0.5, 0.5, 0.5]);
    expect(back?.optimizer?.t).toBe(40);
    expect((await db.list("doc-a"))[0].checkpoint).toEqual({ key: "a1@40#1", step: 40, bytes: 3072, savedAt: 7 });
  });

  it("a record written later from memory does not lose the checkpoint pointer", async () => {
    const db = freshDb();
    await db.put(run("a1", "doc-a", 1));
    await db.saveCheckpoint("a1", checkpoint(40, 0.5));
    await db.put({ ...run("a1", "doc-a", 1), name: "renamed" });
    const [r] = await db.list("doc-a");
    expect(r.name).toBe("renamed");
    expect(r.checkpoint?.step).toBe(40);
  });

  it("replaces the old copy when the new one is written, deleting the old", async () => {
    const db = freshDb();
    await db.put(run("a1", "doc-a", 1));
    await db.saveCheckpoint("a1", checkpoint(40, 0.5));
    await db.saveCheckpoint("a1", checkpoint(80, 0.25));
    expect((await db.loadCheckpoint("a1"))?.step).toBe(80);
    // only one copy is left: deleting the run leaves the checkpoint store empty
    await db.remove("a1");
    expect(await db.loadCheckpoint("a1")).toBeUndefined();
  });

  it("a quota error while writing the new copy keeps the last good one", async () => {
    const db = freshDb();
    await db.put(run("a1", "doc-a", 1));
    await db.saveCheckpoint("a1", checkpoint(40, 0.5));
    restore = failNextPut("checkpoints");
    const r = await db.saveCheckpoint("a1", checkpoint(80, 0.25));
    expect(r).toMatchObject({ ok: false, code: "full" });
    const back = await db.loadCheckpoint("a1");
    expect(back?.step).toBe(40);
    expect(new Float32Array(back!.data)[0]).toBe(0.5);
  });

  it("a failure while switching the pointer keeps the old copy and removes the orphan", async () => {
    const db = freshDb();
    await db.put(run("a1", "doc-a", 1));
    await db.saveCheckpoint("a1", checkpoint(40, 0.5));
    restore = failNextPut("runs", "UnknownError");
    const r = await db.saveCheckpoint("a1", checkpoint(80, 0.25));
    expect(r).toMatchObject({ ok: false, code: "failed" });
    expect((await db.loadCheckpoint("a1"))?.step).toBe(40);
    expect((await db.list("doc-a"))[0].checkpoint?.key).toBe("a1@40#1");
  });

  it("refuses a checkpoint the browser's estimate says will not fit, writing nothing", async () => {
    const db = freshDb({ estimate: async () => ({ usage: 1_000_000, quota: 1_001_000 }) });
    await db.put(run("a1", "doc-a", 1));
    const r = await db.saveCheckpoint("a1", checkpoint(40, 0.5));
    expect(r).toMatchObject({ ok: false, code: "full" });
    expect(r.ok ? "" : r.reason).toMatch(/storage is full/);
    expect(await db.loadCheckpoint("a1")).toBeUndefined();
  });
});

describe("freeing space", () => {
  it("dropping a run's weights frees their bytes and keeps its curves", async () => {
    const db = freshDb();
    await db.put(run("a1", "doc-a", 1));
    await db.saveCheckpoint("a1", checkpoint(40, 0.5));
    const before = await db.usage("doc-a");
    expect(before[0].weights).toBe(checkpointBytes(checkpoint(40, 0.5)));
    await db.dropWeights("a1");
    const after = await db.usage("doc-a");
    expect(after[0].weights).toBe(0);
    expect(after[0].metrics).toBeGreaterThan(0);
    expect((await db.list("doc-a"))[0].series.step).toEqual([1, 2]);
    expect(await db.loadCheckpoint("a1")).toBeUndefined();
  });

  it("deleting a run frees its record and weights; other runs stay", async () => {
    const db = freshDb();
    await db.put(run("a1", "doc-a", 1));
    await db.put(run("a2", "doc-a", 2));
    await db.saveCheckpoint("a1", checkpoint(40, 0.5));
    await db.remove("a1");
    expect((await db.usage("doc-a")).map((u) => u.id)).toEqual(["a2"]);
  });

  it("counts a record's typed arrays by their bytes", () => {
    const r = run("a1", "doc-a", 1);
    const plain = recordBytes(r);
    r.attention = { layer: "attn", heads: 1, weights: new Float32Array(1000), queryTokens: [], keyTokens: [], causal: true };
    expect(recordBytes(r) - plain).toBeGreaterThanOrEqual(4000);
  });
});
