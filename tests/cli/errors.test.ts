/**
 * Bad input gets one line on stderr and a non-zero exit, never a stack trace. (A missing file
 * and invalid JSON are covered in validate.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { serializeGraph } from "@/graph";
import { buildPreset } from "@/presets";
import { runCli, tempDir } from "./run-cli";

describe("bad input", () => {
  const tmp = tempDir();
  const saved = join(tmp.dir, "gpt.json");
  beforeAll(() => {
    const r = buildPreset("gpt", { nLayer: 1 });
    if (!r.ok) throw new Error(r.message);
    writeFileSync(saved, serializeGraph(r.graph));
  });
  afterAll(tmp.cleanup);

  const cases: [string, string[], RegExp][] = [
    ["an unknown preset", ["summary", "preset:nope"], /unknown preset "nope"/],
    [
      "an unknown --set key for a preset",
      ["summary", "preset:gpt", "--set", "bogus=1"],
      /preset gpt has no parameter "bogus"; it has vocabSize, /,
    ],
    [
      "an unknown --set key for a file",
      ["summary", saved, "--set", "wte.bogus=1"],
      /node wte \(Embedding\) has no param "bogus"; it has vocabSize, dim/,
    ],
    ["an unknown command", ["frobnicate"], /unknown command "frobnicate"/],
    ["--steps abc", ["train", "preset:mlp", "--steps", "abc"], /--steps needs a whole number, got "abc"/],
  ];

  test.each(cases)("%s: one line on stderr, no stack, non-zero exit", (_name, args, message) => {
    const r = runCli(args);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe("");
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s*at /m);
  });
});
