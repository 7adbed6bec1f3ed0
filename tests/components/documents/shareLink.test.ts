/** Share links carry the whole document and read back through parseGraph, whatever the fragment holds. */
import { compressToEncodedURIComponent } from "lz-string";
import { describe, expect, test } from "vitest";
import { serializeGraph } from "@/graph";
import { encodeShareFragment, readShareFragment, shareLink, withoutShareFragment } from "@/components/documents/shareLink";
import { buildPreset, presets } from "@/presets";

function build(id: string, overrides: Record<string, unknown> = {}) {
  const r = buildPreset(id, overrides);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
}

describe("round trip", () => {
  test.each(presets.map((p) => p.id))("%s: link → fragment → the same document, no repairs", (id) => {
    const doc = build(id);
    const link = shareLink(doc, "https://tensorloom.test/editor?x=1#old");
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    const url = new URL(link.url);
    expect(url.origin + url.pathname + url.search).toBe("https://tensorloom.test/editor?x=1");
    const back = readShareFragment(url.hash);
    expect(back).toEqual({ found: true, result: { ok: true, graph: doc, repairs: [] } });
  });

  test("the fragment is compressed: a GPT fits in a few KB", () => {
    const doc = build("gpt");
    const fragment = encodeShareFragment(doc);
    expect(fragment.startsWith("doc=")).toBe(true);
    expect(fragment.length).toBeLessThan(serializeGraph(doc).length / 2);
    expect(fragment.length).toBeLessThan(5_000);
    expect(fragment).toMatch(/^doc=[A-Za-z0-9+\-$]+$/); // URL-safe alphabet, no escaping needed
  });

  test("the doc part is found among other fragment parts, and `+` is not read as a space", () => {
    const doc = { ...build("mlp"), name: "a+b c" };
    const back = readShareFragment(`#view=2&${encodeShareFragment(doc)}&z`);
    expect(back.found && back.result.ok && back.result.graph.name).toBe("a+b c");
  });

  test("a document too big for a link is refused with the reason", () => {
    const link = shareLink(build("gpt"), "https://x.test/", 500);
    expect(link.ok).toBe(false);
    expect(!link.ok && link.message).toMatch(/too big for a link .*KB compressed.*Download it/);
  });
});

describe("hostile or broken fragments give errors, never throws", () => {
  test("no doc part → nothing found", () => {
    expect(readShareFragment("")).toEqual({ found: false });
    expect(readShareFragment("#section-2")).toEqual({ found: false });
    expect(readShareFragment("#document=abc")).toEqual({ found: false });
  });

  test.each([
    ["empty", "#doc="],
    ["not lz data", "#doc=%%%%"],
    ["random characters", "#doc=ZZZZ-$$$$+++9999aaaa"],
    ["cut off", `#${encodeShareFragment(build("gpt")).slice(0, 400)}`],
  ])("%s → a parse error", (_name, hash) => {
    const r = readShareFragment(hash);
    expect(r.found).toBe(true);
    expect(r.found && r.result.ok).toBe(false);
    expect(r.found && !r.result.ok && r.result.errors.length).toBeGreaterThan(0);
  });

  test("valid compression of a hostile document: prototype keys are refused", () => {
    const hostile =
      '{"format":"tensorloom.graph","version":1,"name":"x","nodes":[],"edges":[],"groups":[],"meta":{},"__proto__":{"polluted":true}}';
    const r = readShareFragment(`#doc=${compressToEncodedURIComponent(hostile)}`);
    expect(r.found && !r.result.ok && r.result.errors[0].code).toBe("forbidden-key");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("valid compression of something that is not a graph", () => {
    const r = readShareFragment(`#doc=${compressToEncodedURIComponent("alert(1)")}`);
    expect(r.found && !r.result.ok && r.result.errors[0].code).toBe("invalid-json");
  });

  test("a long run of garbage", () => {
    const r = readShareFragment(`#doc=${"A".repeat(200_000)}`);
    expect(r.found && r.result.ok).toBe(false);
  });
});

test("clearing the link keeps other fragment parts", () => {
  expect(withoutShareFragment("#doc=abc")).toBe("");
  expect(withoutShareFragment("#a=1&doc=abc&b")).toBe("#a=1&b");
  expect(withoutShareFragment("")).toBe("");
});
