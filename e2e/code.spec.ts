/**
 * Issue 6 acceptance, the Code tab: the generated program in Monaco (bundled, no network), the
 * same file the CLI's `export` writes, Copy, the project .zip, the trained weights (alone, and in
 * the zip, where the program loads them), updates as the graph changes, and a clear message
 * instead of code for a graph with errors.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Download, Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { emitTypeScript } from "../compiler/codegen";
import { TrainingSpecSchema, parseGraph } from "../graph";
import { generateCorpus } from "../train/data";
import { expect, test } from "./fixtures";
import { acceptDialogs, editorLines, findInEditor, loadPreset, node, openApp, SHOTS } from "./helpers";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

async function downloadOf(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

async function openCode(page: Page) {
  await page.getByTestId("tab-code").click();
  await expect(page.getByTestId("code-tab")).toBeVisible();
  await expect(editorLines(page)).toContainText("buildModel", { timeout: 60_000 });
}

/** What emitTypeScript gives for a downloaded document, with the corpus sample training uses. */
function emitted(docText: string): string {
  const parsed = parseGraph(docText);
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  const spec = TrainingSpecSchema.parse(parsed.graph.meta.training);
  const sampleText = spec.dataset.kind === "corpus" ? generateCorpus({ seed: spec.config.seed, minChars: 4_000 }) : undefined;
  return emitTypeScript(parsed.graph, { sampleText });
}

/** What `npm run cli -- export file --out model.ts` writes for a document. */
function cliExport(docText: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tensorloom-code-"));
  writeFileSync(join(dir, "doc.json"), docText);
  const r = spawnSync(
    join("node_modules", ".bin", "tsx"),
    ["cli/main.ts", "export", join(dir, "doc.json"), "--out", join(dir, "model.ts")],
    { encoding: "utf8", timeout: 110_000 },
  );
  expect(r.stderr).toBe("");
  return readFileSync(join(dir, "model.ts"), "utf8");
}

test("GPT: the code in Monaco is what export writes; copy, download and the project zip", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "gpt");
  // Monaco loads with the Code tab, not before.
  expect(await page.evaluate(() => "MonacoEnvironment" in self)).toBe(false);
  await openCode(page);
  expect(await page.evaluate(() => "MonacoEnvironment" in self)).toBe(true);
  await expect(page.getByTestId("code-status")).toContainText(/[\d,]+ lines/);

  const doc = (await downloadOf(page, "doc-download")).bytes.toString("utf8");
  const file = await downloadOf(page, "code-download");
  expect(file.name).toBe("model.ts");
  const code = file.bytes.toString("utf8");
  expect(code).toBe(emitted(doc));
  expect(code).toBe(cliExport(doc));
  expect(code).toContain("const TEXT ="); // the corpus sample, as export embeds it

  await page.getByTestId("code-copy").click();
  await expect(page.getByTestId("code-status")).toContainText("Copied model.ts");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

  const zip = await downloadOf(page, "code-zip");
  expect(zip.name).toBe("gpt.zip");
  const files = unzipSync(new Uint8Array(zip.bytes));
  expect(Object.keys(files).sort()).toEqual(["gpt/README.md", "gpt/model.ts", "gpt/package.json"]);
  expect(strFromU8(files["gpt/model.ts"])).toBe(code);
  const pkg = JSON.parse(strFromU8(files["gpt/package.json"]));
  expect(pkg.dependencies).toEqual({ "@tensorflow/tfjs": "4.22.0" });
  expect(pkg.devDependencies.tsx).toMatch(/^\d+\.\d+\.\d+$/);
  expect(strFromU8(files["gpt/README.md"])).toContain("npm install\nnpx tsx model.ts");

  // No run yet: the weights button says how to get some.
  await expect(page.getByTestId("code-weights")).toBeDisabled();
  await expect(page.getByTestId("code-weights")).toHaveAttribute("title", /No run has trained this graph/);
});

test("the code follows graph edits, keeps its place, and gives way to the error of a broken graph", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "mlp");
  await openCode(page);

  // Keys in the editor are the editor's: Ctrl+A, Ctrl+C copy code, not the selected blocks.
  await node(page, "linear1").click();
  await editorLines(page).click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Control+c");
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toMatch(/^\/\*\*\n \* A neural network exported from Tensorloom/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\n}\n?$/);

  // Scroll the editor to linear1 (Monaco's find), then change its units in the inspector.
  // Layers print their full config, one arg a line: name, then units.
  await findInEditor(page, 'name: "linear1",');
  await expect(editorLines(page)).toContainText("units: 32,");
  await node(page, "linear1").click();
  await page.getByTestId("param-units").fill("48");
  // Still in view: the edit replaced the changed text, not the whole file.
  await expect(editorLines(page)).toContainText("units: 48,"); // no other layer is 48 wide

  // Delete the Output block: no code, the reason, and no buttons.
  await node(page, "loss").click();
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("code-error")).toContainText("the graph has no Output block");
  await expect(page.getByTestId("code-editor")).toBeHidden();
  for (const id of ["code-copy", "code-download", "code-zip", "code-weights"]) await expect(page.getByTestId(id)).toBeDisabled();
  await page.screenshot({ path: `${SHOTS}/code-error.png` });
  await page.getByTestId("code-problems").click();
  await expect(page.getByTestId("problems-tab")).toContainText("the graph has no Output block");
  await page.getByTestId("tab-code").click();

  // Undo: the code is back, with the edit.
  await page.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("code-error")).toHaveCount(0);
  await expect(page.getByTestId("code-editor")).toBeVisible();
  await expect(editorLines(page)).toContainText("units: 48,"); // still in its place
  await expect(page.getByTestId("code-download")).toBeEnabled();
  const code = (await downloadOf(page, "code-download")).bytes.toString("utf8");
  expect(code).toMatch(/name: "linear1",\n\s*units: 48,/);
});

test("the trained weights download from the Code tab, only while they fit the code", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "mlp");
  await openCode(page);
  await expect(page.getByTestId("code-weights")).toBeDisabled();

  await page.getByTestId("tab-train").click();
  await expect(page.getByTestId("train-backend")).toHaveText(/using (webgl|wasm|cpu)/, { timeout: 60_000 });
  await page.getByTestId("train-panel-setup").click();
  await page.getByTestId("train-config-steps").fill("30");
  await page.getByTestId("train-config-steps").blur();
  await page.getByTestId("train-start").click();
  await expect(page.getByTestId("train-status")).toHaveText("done", { timeout: 90_000 });

  await page.getByTestId("tab-code").click();
  await expect(page.getByTestId("code-weights")).toBeEnabled();
  await expect(page.getByTestId("code-weights")).toHaveAttribute("title", /weights of run 1:/);
  const downloads: Download[] = [];
  page.on("download", (d) => downloads.push(d));
  await page.getByTestId("code-weights").click();
  await expect.poll(() => downloads.length).toBe(2);
  const [json, bin] = downloads;
  expect(json.suggestedFilename()).toBe("mlp-on-spirals.model.json");
  expect(bin.suggestedFilename()).toBe("mlp-on-spirals.weights.bin");
  const manifest = JSON.parse(readFileSync((await json.path())!, "utf8"));
  expect(manifest.weightsManifest[0].paths).toEqual(["./mlp-on-spirals.weights.bin"]);
  // 2,274 float32 parameters
  const weights = readFileSync((await bin.path())!);
  expect(weights.length).toBe(2_274 * 4);

  // The project zip now holds them too, and its program runs with them.
  const zip = await downloadOf(page, "code-zip");
  await expect(page.getByTestId("code-status")).toContainText(
    "Downloaded mlp-on-spirals.zip (model.ts, package.json, README.md and the trained weights)",
  );
  const files = unzipSync(new Uint8Array(zip.bytes));
  expect(Object.keys(files).sort()).toEqual([
    "mlp-on-spirals/README.md",
    "mlp-on-spirals/model.ts",
    "mlp-on-spirals/package.json",
    "mlp-on-spirals/weights/mlp-on-spirals.model.json",
    "mlp-on-spirals/weights/mlp-on-spirals.weights.bin",
  ]);
  expect(JSON.parse(strFromU8(files["mlp-on-spirals/weights/mlp-on-spirals.model.json"]))).toEqual(manifest);
  expect(Buffer.from(files["mlp-on-spirals/weights/mlp-on-spirals.weights.bin"]).equals(weights)).toBe(true);
  expect(strFromU8(files["mlp-on-spirals/README.md"])).toContain("npx tsx model.ts --weights weights/mlp-on-spirals.model.json --steps 0");
  // Unzipped where @tensorflow/tfjs resolves (the repo's ignored tmp/).
  mkdirSync("tmp", { recursive: true });
  const project = mkdtempSync(join("tmp", "e2e-project-"));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), bytes);
  }
  const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
  const run = spawnSync(tsx, ["model.ts", "--weights", "weights/mlp-on-spirals.model.json", "--steps", "0"], {
    cwd: join(project, "mlp-on-spirals"),
    encoding: "utf8",
    timeout: 60_000,
  });
  rmSync(project, { recursive: true, force: true });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toBe(
    "MLP on spirals: 2,274 parameters, on the cpu backend\nLoaded the weights of weights/mlp-on-spirals.model.json\n",
  );

  // A changed model no longer matches the trained weights.
  await node(page, "linear1").click();
  await page.getByTestId("param-units").fill("48");
  await expect(page.getByTestId("code-weights")).toBeDisabled();
  await expect(page.getByTestId("code-weights")).toHaveAttribute("title", /trained an earlier version of this graph/);
});

test("screenshots of the Code tab in light and dark", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "gpt");
  await openCode(page);
  // Show code, not the header comment: jump to buildModel with Monaco's find.
  await findInEditor(page, "export function buildModel");
  // Highlighted: the TypeScript grammar loads after the editor, then keywords get their own colour.
  await expect(editorLines(page).locator('span[class^="mtk"]:not(.mtk1)').first()).toBeVisible();
  await expect(page.getByTestId("notice")).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/code-light.png` });
  await page.getByTestId("theme").click();
  await expect(page.getByTestId("code-editor").locator(".monaco-editor")).toHaveClass(/vs-dark/);
  await page.screenshot({ path: `${SHOTS}/code-dark.png` });
});
