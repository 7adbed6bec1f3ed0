/** The Code tab's source is the file `export` writes: same generator, same corpus sample. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportSource, lineCount } from "@/components/code/exportSource";
import { emitTypeScript } from "@/compiler/codegen";
import { createBuilder } from "@/graph";
import { buildPreset } from "@/presets";
import { generateCorpus } from "@/train/data";
import { runCli, tempDir } from "../../cli/run-cli";

const { dir, cleanup } = tempDir();
afterAll(cleanup);

function preset(id: string) {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  return r.graph;
}

describe("exportSource", () => {
  it("gives the GPT preset exactly as `export preset:gpt` writes it, corpus sample included", () => {
    const out = join(dir, "gpt.ts");
    expect(runCli(["export", "preset:gpt", "--out", out]).status).toBe(0);
    const source = exportSource(preset("gpt"));
    expect(source).toEqual({ ok: true, code: readFileSync(out, "utf8") });
    // The document trains on the built-in corpus with seed 0: its first 4,000+ characters are embedded.
    const sample = generateCorpus({ seed: 0, minChars: 4_000 });
    expect(source.ok && source.code).toBe(emitTypeScript(preset("gpt"), { sampleText: sample }));
  });

  it("embeds no corpus for a document that trains on other data", () => {
    const mlp = preset("mlp");
    expect(exportSource(mlp)).toEqual({ ok: true, code: emitTypeScript(mlp) });
  });

  it("gives the generator's reason, naming the node, for a graph with errors", () => {
    const b = createBuilder("broken");
    b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 2 }, {}, { id: "lonely" }) });
    expect(exportSource(b.build())).toEqual({
      ok: false,
      message: "the graph has 1 error; fix them to export (first, node lonely: input `x` of lonely is not connected)",
    });
  });

  it("counts lines as an editor numbers them", () => {
    expect(lineCount("a")).toBe(1);
    expect(lineCount("a\nb\n")).toBe(3);
  });
});
