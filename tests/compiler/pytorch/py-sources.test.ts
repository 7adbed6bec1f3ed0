/**
 * The PyTorch export embeds compiler/pytorch/py/*.py from py-sources.json, which
 * scripts/gen-py-sources.mjs writes: the two must agree, and the export must carry the files verbatim.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitPyTorch } from "@/compiler";
import { presetGraph } from "../build";
import { repoRoot } from "../codegen/harness";

describe("py-sources.json", () => {
  it("matches compiler/pytorch/py/*.py (run npm run gen:py after changing one)", () => {
    const run = () =>
      execFileSync(process.execPath, [join(repoRoot, "scripts", "gen-py-sources.mjs"), "--check"], {
        cwd: repoRoot,
        encoding: "utf8",
        stdio: "pipe",
      });
    expect(run).not.toThrow();
  });

  it("is what the export writes: convert.py verbatim, layers.py's code inside model.py", () => {
    const files = emitPyTorch(presetGraph("mlp"), { weights: [] });
    const py = (name: string) => readFileSync(join(repoRoot, "compiler", "pytorch", "py", name), "utf8");
    expect(files["convert.py"]).toBe(py("convert.py"));
    expect(files["model.py"]).toContain(py("layers.py").slice(py("layers.py").indexOf("import math")));
  });
});
