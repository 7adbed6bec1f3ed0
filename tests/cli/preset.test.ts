/** `preset list` and `preset save`: the presets a user starts from, written as graph files. */
import { afterAll, describe, expect, test } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir } from "./run-cli";

describe("preset", () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  test("list names mlp, lstm, transformer and gpt with their parameter counts", () => {
    const r = runCli(["preset", "list"]);
    expect(r.status).toBe(0);
    const counts = Object.fromEntries(
      r.stdout
        .split("\n")
        .map((l) => l.match(/^(\S+)\s+([\d,]+)\s/))
        .filter((m): m is RegExpMatchArray => m !== null)
        .map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(counts)).toEqual(expect.arrayContaining(["mlp", "lstm", "transformer", "gpt"]));
    expect(counts.gpt).toBe("809,856");
    for (const id of ["mlp", "lstm", "transformer"]) expect(Number(counts[id].replace(/,/g, ""))).toBeGreaterThan(0);
  });

  test("save gpt with nLayer=2 writes a file that summary reads back", () => {
    const out = join(tmp.dir, "x.json");
    const saved = runCli(["preset", "save", "gpt", "--set", "nLayer=2", "--out", out]);
    expect(saved.status).toBe(0);
    expect(saved.stdout.trim()).toBe(`wrote ${out}`);
    expect(existsSync(out)).toBe(true);
    const r = runCli(["summary", out, "--json"]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.name).toBe("GPT");
    // 809,856 less two of the four blocks of 198,272 each.
    expect(s.params).toBe(809_856 - 2 * 198_272);
    expect(s.diagnostics).toEqual([]);
  });
});
