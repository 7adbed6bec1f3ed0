/**
 * The data is part of the document: Setup edits are document edits (undoable, merged while
 * typing), text and CSV round-trip through serializeGraph/parseGraph, data over the limit
 * becomes a reference, and "Apply fix" is one undo step after which the graph analyses clean.
 */
import { describe, expect, it } from "vitest";
import { createEditorStore } from "@/components/editor/store";
import {
  changeKind,
  fixSettings,
  MAX_DOCUMENT_DATA_CHARS,
  placeData,
  resolveData,
  settingsOf,
  withSettings,
} from "@/components/train/settings";
import { createSetupStore, setFieldDraft, sha256Hex } from "@/components/train/setupStore";
import { analyse, createBuilder, parseGraph, serializeGraph } from "@/graph";
import type { GraphDocument } from "@/graph";
import { buildPreset } from "@/presets";
import { checkTraining } from "@/train/data";

const preset = (id: string): GraphDocument => {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
};
const reopen = (doc: GraphDocument) => {
  const r = parseGraph(serializeGraph(doc));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.graph;
};
const csv =
  "a,b,c,d,label\n" + Array.from({ length: 40 }, (_, i) => `${i},${i % 3},${i % 5},${i % 7},${["x", "y", "z"][i % 3]}`).join("\n");

describe("the data in the document", () => {
  it("a hand-built graph's settings follow its Input and Output until the user edits them", () => {
    const b = createBuilder("lm");
    const ids = b.node("Input", { kind: "tokens", vocabSize: 65, seqLen: 32 });
    b.node(
      "Output",
      { kind: "language_model" },
      { x: b.node("Linear", { units: 65 }, { x: b.node("Embedding", { vocabSize: 65, dim: 16 }, { ids }) }) },
    );
    const doc = b.build();
    expect(settingsOf(doc).dataset.kind).toBe("corpus");
    expect(settingsOf(preset("mlp")).dataset).toMatchObject({ kind: "points", noise: 0.05 });
  });

  it("text and CSV typed in the Train tab round-trip through the saved document, settings too", () => {
    let doc = preset("mlp");
    const s = changeKind(settingsOf(doc), "csv");
    doc = withSettings(doc, {
      ...s,
      dataset: placeData(s.dataset as { kind: "csv"; text: string; label: string }, csv),
      config: { ...s.config, lr: 0.02 },
    });
    const back = settingsOf(reopen(doc));
    expect(back.dataset).toEqual({ kind: "csv", text: csv, label: "" });
    expect(back.config.lr).toBe(0.02);
    const text = "To be, or not to be, that is the question. ".repeat(40);
    const gpt = withSettings(preset("gpt"), { ...settingsOf(preset("gpt")), dataset: { kind: "text", text } });
    expect(settingsOf(reopen(gpt)).dataset).toEqual({ kind: "text", text });
  });

  it("keeps data up to 2,000,000 characters; above, only a reference (name, size, hash) and the page's copy", async () => {
    const base = { kind: "text" as const, text: "" };
    const fits = "ab".repeat(MAX_DOCUMENT_DATA_CHARS / 2);
    const big = fits + "c";
    const hash = await sha256Hex(big);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(placeData(base, fits, { name: "f.txt", size: fits.length, hash: "x" })).toEqual({ kind: "text", text: fits });
    const ref = { name: "big.txt", size: big.length, hash };
    const placed = placeData(base, big, ref);
    expect(placed).toEqual({ kind: "text", text: "", file: ref });
    const doc = reopen(withSettings(preset("gpt"), { ...settingsOf(preset("gpt")), dataset: placed }));
    expect(serializeGraph(doc).length).toBeLessThan(20_000);
    const stored = settingsOf(doc).dataset;
    // Reopened without the file: the check asks for it by name.
    expect(checkTraining(doc, { dataset: stored, config: settingsOf(doc).config })[0]).toMatchObject({ code: "data-missing" });
    expect(checkTraining(doc, { dataset: stored, config: settingsOf(doc).config })[0].message).toMatch(
      /big\.txt \(2\.0 MB\).*upload big\.txt again/,
    );
    // This page has it: the run and the check see the text.
    expect(resolveData(stored, { [hash]: big })).toMatchObject({ kind: "text", text: big });
    expect(resolveData(stored, { other: big })).toBe(stored);
  });

  it("Settings edits are undoable document edits; typing into one field is one step", () => {
    const store = createEditorStore(preset("mlp"));
    const edit = (lr: number) =>
      store
        .getState()
        .edit((d) => withSettings(d, { ...settingsOf(d), config: { ...settingsOf(d).config, lr } }), { merge: "train:config.lr" });
    edit(0.1);
    edit(0.12);
    edit(0.123);
    expect(settingsOf(store.getState().doc).config.lr).toBe(0.123);
    store.temporal.getState().undo();
    expect(settingsOf(store.getState().doc).config.lr).toBe(0.01);
  });

  it("one Apply fix raises vocab on Input, Embedding and tied head as ONE undo step; the graph analyses clean", () => {
    const doc = preset("gpt");
    const store = createEditorStore(doc);
    const text = Array.from({ length: 4000 }, (_, i) => String.fromCharCode(32 + (i % 126))).join("");
    store.getState().edit((d) => withSettings(d, { ...settingsOf(d), dataset: { kind: "text", text } }));
    const settings = settingsOf(store.getState().doc);
    const problems = checkTraining(store.getState().doc, settings);
    expect(problems.map((p) => p.code)).toEqual(["vocab"]);
    expect(store.getState().edit((d) => fixSettings(d, [problems[0].fix!], settings))).toBe(true);
    const fixed = store.getState().doc;
    const vocab = (d: GraphDocument) =>
      ["tokens", "wte", "lm_head"].map((id) => d.nodes.find((n) => n.id === id)!.params[id === "lm_head" ? "units" : "vocabSize"]);
    expect(vocab(fixed)).toEqual([126, 126, 126]);
    expect(analyse(fixed).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(checkTraining(fixed, settings)).toEqual([]);
    store.temporal.getState().undo();
    expect(vocab(store.getState().doc)).toEqual([65, 65, 65]);
    expect(settingsOf(store.getState().doc).dataset).toEqual({ kind: "text", text });
  });

  it("a fix on a graph without settings writes the settings it was computed against", () => {
    const b = createBuilder("mlp by hand");
    b.node(
      "Output",
      { kind: "classification" },
      { x: b.node("Linear", { units: 2 }, { x: b.node("Input", { kind: "features", features: 3 }) }) },
    );
    const doc = b.build();
    const settings = settingsOf(doc);
    const [p] = checkTraining(doc, settings);
    expect(p).toMatchObject({ code: "features", nodeId: expect.any(String) });
    const r = fixSettings(doc, [p.fix!], settings);
    if (!r.ok) throw new Error(r.message);
    expect(settingsOf(r.graph)).toEqual(settings);
    expect(checkTraining(r.graph, settings)).toEqual([]);
  });

  it("a config left at one kind's defaults follows a new kind; one the user changed stays", () => {
    const mlp = settingsOf(createBuilder("x").build());
    expect(changeKind(mlp, "text").config).toMatchObject({ optimizer: "adamw", lr: 2e-3 });
    expect(changeKind({ ...mlp, config: { ...mlp.config, lr: 0.5 } }, "text").config.lr).toBe(0.5);
  });

  it("invalid fields are kept for the page until they are fixed", () => {
    const setup = createSetupStore();
    setFieldDraft(setup, "config.lr", { text: "1000000", error: "Must be a number from 0 to 100" });
    expect(setup.getState().invalid).toEqual({ "config.lr": { text: "1000000", error: "Must be a number from 0 to 100" } });
    setFieldDraft(setup, "config.lr", undefined);
    expect(setup.getState().invalid).toEqual({});
  });
});
