/**
 * The export embeds the app's layer code from compiler/codegen/layer-sources.json, which
 * scripts/gen-layer-sources.mjs writes from compiler/layers/*.ts: the two must agree, and the
 * exported model must run the app's own implementation (not a copy that could drift).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitTypeScript } from "@/compiler/codegen";
import { LAYER_MODULES, layerCode } from "@/compiler/codegen/layer-code";
import { presetGraph } from "../build";
import { repoRoot } from "./harness";

describe("layer-sources.json", () => {
  it("matches compiler/layers/*.ts (run node scripts/gen-layer-sources.mjs after changing a layer)", () => {
    const run = () =>
      execFileSync(process.execPath, [join(repoRoot, "scripts", "gen-layer-sources.mjs"), "--check"], {
        cwd: repoRoot,
        encoding: "utf8",
        stdio: "pipe",
      });
    expect(run).not.toThrow();
  });

  it("holds every statement of a layer file but its imports, verbatim", () => {
    const file = readFileSync(join(repoRoot, "compiler", "layers", "mha.ts"), "utf8");
    const mha = LAYER_MODULES.find((m) => m.id === "layers/mha")!;
    for (const piece of mha.pieces) expect(file).toContain(piece.source);
    expect(mha.deps).toEqual(["kernels", "layers/attention", "layers/args", "layers/position"]);
    expect(mha.pieces.some((p) => /^import /m.test(p.source))).toBe(false);
  });

  it("takes only the statements a class needs, dependencies first", () => {
    const code = layerCode(["TLLinear"]);
    expect(code.map((m) => m.id)).toEqual(["kernels", "layers/args", "layers/linear"]);
    const names = code.flatMap((m) => m.names);
    expect(names).toEqual(expect.arrayContaining(["TLLinear", "dense", "normalInit", "weightSeed"]));
    expect(names).not.toContain("groupedMatMul"); // attention's kernel: TLLinear does not use it
    expect(code[2].source).toContain("tf.serialization.registerClass(TLLinear);");
  });
});

describe("the exported GPT's attention", () => {
  const gpt = emitTypeScript(presetGraph("gpt"), { train: false });

  it("is the app's time-major implementation with its hand-written-gradient kernels", () => {
    const appMha = readFileSync(join(repoRoot, "compiler", "layers", "mha.ts"), "utf8");
    const call = /^ {2}call\(inputs[\s\S]*?^ {2}\}$/m.exec(appMha)![0];
    expect(gpt).toContain(call);
    expect(gpt).toContain("export function attendGrouped(");
    expect(gpt).toContain("export function groupedMatMul(");
  });
});
