/** The Code tab offers trained weights only when a run of this very graph has them ready. */
import { describe, expect, it } from "vitest";
import { weightsAvailability } from "@/components/code/weightsAvailability";
import { activeRun, addRun, createRunStore, updateRun } from "@/components/train/runStore";
import type { RunRecord, RunStatus } from "@/components/train/runStore";
import { settingsFromDocument } from "@/components/train/settings";
import { modelFingerprint } from "@/components/train/staleness";
import { buildPreset } from "@/presets";
import { runInfo } from "../train/fakeClient";

const r = buildPreset("mlp");
if (!r.ok) throw new Error(r.message);
const doc = r.graph;
const fingerprint = modelFingerprint(doc);

function run(status: RunStatus, built = true, trained = doc): RunRecord {
  const store = createRunStore();
  const added = addRun(store, {
    doc: trained,
    fingerprint: modelFingerprint(trained),
    settings: settingsFromDocument(doc.meta.training),
    backendChoice: "auto",
  });
  updateRun(store, added.id, { status, info: built ? runInfo() : undefined });
  return activeRun(store.getState())!;
}

describe("weightsAvailability", () => {
  it("says how to get weights when nothing has trained", () => {
    expect(weightsAvailability(undefined, fingerprint)).toEqual({
      ok: false,
      title: expect.stringMatching(/^No run has trained this graph yet: train it in the Train tab/),
    });
  });

  it("waits for a run to pause or end, and refuses a failed one", () => {
    expect(weightsAvailability(run("starting", false), fingerprint)).toMatchObject({
      ok: false,
      title: "run 1 is still building its model",
    });
    expect(weightsAvailability(run("running"), fingerprint)).toMatchObject({
      ok: false,
      title: "run 1 is training: pause or stop it to download its weights",
    });
    expect(weightsAvailability(run("failed"), fingerprint)).toMatchObject({ ok: false, title: expect.stringContaining("failed") });
    for (const status of ["paused", "done", "stopped"] as const) expect(weightsAvailability(run(status), fingerprint).ok).toBe(true);
  });

  it("refuses the weights of an earlier version of the graph", () => {
    const wider = { ...doc, nodes: doc.nodes.map((n) => (n.id === "linear1" ? { ...n, params: { ...n.params, units: 48 } } : n)) };
    expect(weightsAvailability(run("done", true, wider), fingerprint)).toMatchObject({
      ok: false,
      title: expect.stringContaining("trained an earlier version of this graph"),
    });
    // Moving a block or renaming the document does not change the model.
    const moved = { ...doc, name: doc.name, nodes: doc.nodes.map((n) => ({ ...n, position: { x: n.position.x + 10, y: n.position.y } })) };
    expect(weightsAvailability(run("done", true, moved), fingerprint)).toEqual({
      ok: true,
      title: expect.stringContaining("Download the weights of run 1"),
    });
  });
});
