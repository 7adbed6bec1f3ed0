/**
 * Running exported files in tests: write them where `@tensorflow/tfjs` resolves (the repo's
 * ignored tmp/), typecheck many at once with the TypeScript compiler API (strict, and no unused
 * locals or parameters: no dead code), and import them into the test process.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as tf from "@tensorflow/tfjs";
import ts from "typescript";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
export const tsx = join(repoRoot, "node_modules", ".bin", "tsx");

/** What every exported file exports; train/generate only when it has data to train on. */
export interface ExportedModule {
  MODEL_NAME: string;
  LABELS?: Record<string, string>;
  buildModel(seed?: number): tf.LayersModel;
  loadWeights(model: tf.LayersModel, modelJsonPath: string): Promise<void>;
  train?(model: tf.LayersModel, options?: { steps?: number; log?: (line: string) => void }): Promise<number[]>;
  generate?(model: tf.LayersModel, prompt: string, length: number): Promise<string>;
}

/** A fresh directory under the repo's tmp/ (ignored by git, tsc and eslint); `cleanup` removes it. */
export function exportDir(): { dir: string; cleanup: () => void } {
  mkdirSync(join(repoRoot, "tmp"), { recursive: true });
  const dir = mkdtempSync(join(repoRoot, "tmp", "codegen-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeSource(dir: string, name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

/** What `tsc --strict --noEmit --noUnusedLocals --noUnusedParameters` says about the files. */
export function typecheck(files: string[]): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
    skipLibCheck: true,
  };
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

export async function importExported(file: string): Promise<ExportedModule> {
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as ExportedModule;
}
