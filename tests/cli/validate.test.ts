/** `validate`: exit 0 when valid, 1 with diagnostics, 2 when the file cannot be read as a graph. */
import { afterAll, describe, expect, test } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { serializeGraph } from "@/graph";
import { buildPreset } from "@/presets";
import { runCli, tempDir } from "./run-cli";

describe("validate", () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const file = (name: string) => join(tmp.dir, name);

  test("a saved preset is valid: exit 0 with its parameter count", () => {
    expect(runCli(["preset", "save", "gpt", "--out", file("gpt.json")]).status).toBe(0);
    const r = runCli(["validate", file("gpt.json")]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe("valid: GPT, 809,856 parameters");
  });

  test("heads that do not divide the width: exit 1 and the diagnostic on stdout", () => {
    // Edit the preset's JSON by hand, as a user would: the attention inside the block gets 6 heads.
    const r0 = buildPreset("gpt");
    if (!r0.ok) throw new Error(r0.message);
    const doc = JSON.parse(serializeGraph(r0.graph));
    const attention = doc.groups
      .flatMap((g: { nodes: unknown[] }) => g.nodes)
      .filter((n: { type: string }) => n.type === "MultiHeadAttention");
    expect(attention).toHaveLength(1);
    attention[0].params.heads = 6;
    writeFileSync(file("heads6.json"), JSON.stringify(doc));
    const r = runCli(["validate", file("heads6.json")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^error: .*heads \(6\) must divide model width \(128\)/m);
    expect(r.stdout).not.toContain("valid:");
  });

  test("a missing file: exit 2 and one line on stderr", () => {
    const r = runCli(["validate", file("nope.json")]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`error: cannot read ${file("nope.json")}: no such file\n`);
  });

  test("invalid JSON: exit 2 and one line on stderr", () => {
    writeFileSync(file("broken.json"), '{"format": "tensorloom.graph", ');
    const r = runCli(["validate", file("broken.json")]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: .*broken\.json is not a valid graph: not valid JSON: [^\n]*\n$/);
  });
});
