/**
 * The downloadable project: model.ts, a pinned package.json and a README, zipped in a folder,
 * with the trained weights in weights/ when a run has them.
 */
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { exportSource } from "@/components/code/exportSource";
import {
  packageName,
  projectFiles,
  projectFolder,
  projectPackageJson,
  projectReadme,
  TFJS_VERSION,
  TSX_VERSION,
} from "@/components/code/projectFiles";
import { zipProject } from "@/components/code/zip";
import { weightsFiles } from "@/components/train/weightsFiles";
import { emitTypeScript } from "@/compiler/codegen";
import { buildPreset } from "@/presets";

function code(id: string, train = true): string {
  const r = buildPreset(id);
  if (!r.ok) throw new Error(r.message);
  if (!train) return emitTypeScript(r.graph, { train: false });
  const source = exportSource(r.graph);
  if (!source.ok) throw new Error(source.message);
  return source.code;
}

const ours = JSON.parse(readFileSync("package.json", "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe("project files", () => {
  it("pins the tfjs and tsx that Tensorloom itself uses", () => {
    expect(TFJS_VERSION).toBe(ours.dependencies["@tensorflow/tfjs"]);
    expect(TSX_VERSION).toBe(ours.devDependencies.tsx);
    const pkg = JSON.parse(projectPackageJson("GPT (tiny)"));
    expect(pkg).toMatchObject({
      name: "gpt-tiny",
      private: true,
      type: "module", // model.ts uses import.meta
      scripts: { start: "tsx model.ts" },
      dependencies: { "@tensorflow/tfjs": "4.22.0" },
      devDependencies: { tsx: TSX_VERSION },
    });
  });

  it("names the package in npm's alphabet, whatever the document is called", () => {
    expect(packageName("MLP on spirals")).toBe("mlp-on-spirals");
    expect(packageName("Café model v2")).toBe("cafe-model-v2");
    expect(packageName("日本語")).toBe("tensorloom-model");
    expect(packageName("")).toBe("untitled"); // as the document file is named
    expect(projectFolder("MLP on spirals")).toBe("mlp-on-spirals");
  });

  it("has a README that says how to run the program and what it does", () => {
    const gpt = projectReadme("GPT", code("gpt"));
    expect(gpt).toMatch(/^# GPT\n/);
    expect(gpt).toContain("```sh\nnpm install\nnpx tsx model.ts\n```");
    expect(gpt).toContain("then prints a sample of generated text");
    expect(gpt).toContain('import { buildModel, train, generate } from "./model";');

    const mlp = projectReadme("MLP", code("mlp"));
    expect(mlp).toContain("trains it with the document's training settings");
    expect(mlp).not.toContain("generated text");
    expect(mlp).toContain('import { buildModel, train } from "./model";');

    const bare = projectReadme("MLP", code("mlp", false));
    expect(bare).toContain("prints its summary");
    expect(bare).toContain('import { buildModel } from "./model";');
  });

  it("says how to add weights downloaded later, and how to run with them", () => {
    const gpt = projectReadme("GPT", code("gpt"));
    expect(gpt).toContain("The project holds no trained weights");
    expect(gpt).toContain("put both files, `gpt.model.json` and `gpt.weights.bin`, in a `weights/` folder beside `model.ts`");
    expect(gpt).toContain("```sh\nnpx tsx model.ts --weights weights/gpt.model.json --steps 0\n```");
    expect(gpt).toContain("prints a sample of the text they generate, without training");
    expect(gpt).not.toContain("loadWeights");

    const bare = projectReadme("MLP", code("mlp", false));
    expect(bare).toContain("```sh\nnpx tsx model.ts --weights weights/mlp.model.json\n```");
    expect(bare).toContain("loads them and prints the model's summary");
  });

  it("says that the weights are in the project, and how to load them", () => {
    const mlp = projectReadme("MLP on spirals", code("mlp"), true);
    expect(mlp).not.toContain("no trained weights");
    expect(mlp).toContain("`weights/mlp-on-spirals.model.json` and `weights/mlp-on-spirals.weights.bin` hold the weights of the run");
    expect(mlp).toContain("```sh\nnpx tsx model.ts --weights weights/mlp-on-spirals.model.json --steps 0\n```");
    expect(mlp).toContain("Leave out `--steps 0` to train further from them.");
    expect(mlp).toContain('import { buildModel, loadWeights, train } from "./model";');
    expect(mlp).toContain('await loadWeights(model, "weights/mlp-on-spirals.model.json");');
  });

  it("zips model.ts, package.json and README.md into one folder, unchanged", async () => {
    const source = code("mlp");
    const files = projectFiles("MLP on spirals", source);
    expect(files.map((f) => f.name)).toEqual(["model.ts", "package.json", "README.md"]);
    const zipped = unzipSync(await zipProject("mlp-on-spirals", files));
    expect(Object.keys(zipped).sort()).toEqual(["mlp-on-spirals/README.md", "mlp-on-spirals/model.ts", "mlp-on-spirals/package.json"]);
    expect(strFromU8(zipped["mlp-on-spirals/model.ts"])).toBe(source);
    expect(strFromU8(zipped["mlp-on-spirals/package.json"])).toBe(projectPackageJson("MLP on spirals"));
  });

  it("zips the trained weights in weights/, the model.json naming the weights file beside it", async () => {
    const source = code("mlp");
    const bin = new Float32Array([0.5, -1, 2]).buffer;
    const client = {
      exportWeights: async () => ({ modelJson: '{"weightsManifest":[{"paths":["./model.weights.bin"],"weights":[]}]}', weights: bin }),
    };
    const files = projectFiles("MLP on spirals", source, await weightsFiles(client, "MLP on spirals"));
    expect(files.map((f) => f.name)).toEqual([
      "model.ts",
      "package.json",
      "README.md",
      "weights/mlp-on-spirals.model.json",
      "weights/mlp-on-spirals.weights.bin",
    ]);
    const zipped = unzipSync(await zipProject("mlp-on-spirals", files));
    expect(Object.keys(zipped).sort()).toEqual([
      "mlp-on-spirals/README.md",
      "mlp-on-spirals/model.ts",
      "mlp-on-spirals/package.json",
      "mlp-on-spirals/weights/mlp-on-spirals.model.json",
      "mlp-on-spirals/weights/mlp-on-spirals.weights.bin",
    ]);
    const manifest = JSON.parse(strFromU8(zipped["mlp-on-spirals/weights/mlp-on-spirals.model.json"]));
    expect(manifest.weightsManifest[0].paths).toEqual(["./mlp-on-spirals.weights.bin"]);
    expect(Array.from(new Float32Array(zipped["mlp-on-spirals/weights/mlp-on-spirals.weights.bin"].slice().buffer))).toEqual([0.5, -1, 2]);
    expect(strFromU8(zipped["mlp-on-spirals/README.md"])).toBe(projectReadme("MLP on spirals", source, true));
  });
});
