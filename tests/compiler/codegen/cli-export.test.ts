/** `cli export`: writes the file emitTypeScript gives, with one-line errors like the other commands. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitTypeScript } from "@/compiler/codegen";
import { createBuilder, serializeGraph } from "@/graph";
import { generateCorpus } from "@/train/data";
import { runCli, tempDir } from "../../cli/run-cli";
import { presetGraph } from "../build";

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe("cli export", () => {
  it("writes emitTypeScript of the preset, with a sample of the corpus it trains on", () => {
    const out = join(dir, "model.ts");
    const r = runCli(["export", "preset:gpt", "--set", "nLayer=2", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*model\.ts: \d+ lines; run it with npx tsx .*model\.ts$/m);
    const sampleText = generateCorpus({ seed: 0, minChars: 4_000 });
    expect(readFileSync(out, "utf8")).toBe(emitTypeScript(presetGraph("gpt", { nLayer: 2 }), { sampleText }));
  });

  it("leaves training out with --no-train", () => {
    const out = join(dir, "bare.ts");
    expect(runCli(["export", "preset:mlp", "--no-train", "--out", out]).status).toBe(0);
    expect(readFileSync(out, "utf8")).not.toContain("function train");
  });

  it.each([
    ["no --out", ["export", "preset:mlp"], 2, /^error: export needs --out model\.ts$/],
    ["an unknown preset", ["export", "preset:nope", "--out", "x.ts"], 2, /^error: unknown preset "nope"/],
    ["a bad --set", ["export", "preset:gpt", "--set", "nLayer=0", "--out", "x.ts"], 2, /^error: preset gpt: nLayer:/],
  ])("fails in one line on %s", (_, args, code, message) => {
    const r = runCli(args as string[]);
    expect(r.status).toBe(code);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });

  it("fails in one line, naming the node, on a graph with errors", () => {
    const b = createBuilder("broken");
    b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 2 }, {}, { id: "lonely" }) });
    const file = join(dir, "broken.json");
    writeFileSync(file, serializeGraph(b.build()));
    const r = runCli(["export", file, "--out", join(dir, "broken.ts")]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^error: cannot export broken: the graph has 1 error; fix them to export \(first, node lonely: input `x` of lonely is not connected\)$/,
    );
  });
});
