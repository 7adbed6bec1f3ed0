/**
 * Issue 10, runs you can trust: runs are kept in the browser's IndexedDB per document. A reload
 * brings a run back with its curves and weights and Resume continues it; two variants are
 * compared (what differs, both curves, both boundaries); another document shows none of them;
 * a full disk (an injected QuotaExceededError) shows a banner and keeps the last good save.
 * Screenshots at 1440×900 and 1024×700 go to $SHOTS_DIR (default test-results/screens/runs).
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { loadPreset, node, openApp } from "./helpers";

const DIR = process.env.SHOTS_DIR ?? "test-results/screens/runs";

/** Shots of the Train tab at both sizes the layout must fit. */
async function shots(page: Page, name: string) {
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${DIR}/runs-${name}-${w}x${h}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Dialogs accepted, the beforeunload ones counted. */
function acceptAll(page: Page) {
  const seen: string[] = [];
  page.on("dialog", (d) => {
    seen.push(d.type());
    void d.accept();
  });
  return seen;
}

async function openTrain(page: Page) {
  await page.getByTestId("tab-train").click();
  await expect(page.getByTestId("train-backend")).toHaveText(/using (webgl|wasm|cpu)/, { timeout: 60_000 });
}

async function useWasm(page: Page) {
  await page.getByTestId("backend-select").selectOption("wasm");
  await expect(page.getByTestId("train-backend")).toHaveText("using wasm", { timeout: 60_000 });
}

async function setConfig(page: Page, config: Record<string, number>) {
  await page.getByTestId("train-panel-setup").click();
  for (const [key, value] of Object.entries(config)) {
    const field = page.getByTestId(`train-config-${key}`);
    await field.fill(String(value));
    await field.blur();
  }
}

async function stepOf(page: Page): Promise<number> {
  const text = await page.getByTestId("train-step").innerText();
  return Number(/step ([\d,]+)/.exec(text)?.[1].replace(/,/g, "") ?? NaN);
}

const rows = async (page: Page) => Number(await page.getByTestId("loss-chart").getAttribute("data-rows"));

async function pauseAndSave(page: Page, run = 1): Promise<number> {
  await page.getByTestId("train-pause").click();
  await expect(page.getByTestId("train-status")).toHaveText("paused");
  const item = page.getByTestId(`run-${run}`);
  await expect(item).toHaveAttribute("data-checkpoint-step", /\d+/, { timeout: 20_000 });
  await expect.poll(async () => Number(await item.getAttribute("data-checkpoint-step")), { timeout: 20_000 }).toBe(await stepOf(page));
  return Number(await item.getAttribute("data-checkpoint-step"));
}

/** Starts run `n` and waits until it is done. */
async function trainToEnd(page: Page, n: number) {
  await page.getByTestId("train-start").click();
  await expect(page.getByTestId(`run-${n}`)).toHaveAttribute("data-status", "done", { timeout: 120_000 });
}

test("a reload brings the run back with its curves and weights, and Resume continues it", async ({ page }) => {
  const dialogs = acceptAll(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  await loadPreset(page, "mlp");
  await openTrain(page);
  await useWasm(page);
  await setConfig(page, { steps: 3000, evalEvery: 250 });
  await page.getByTestId("train-start").click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(300);
  const saved = await pauseAndSave(page);
  const rowsBefore = await rows(page);
  expect(rowsBefore).toBeGreaterThan(10);

  // The run is paused, so it is live: leaving asks first.
  await page.reload();
  expect(dialogs).toContain("beforeunload");
  await expect(page.getByTestId("editor")).toBeVisible();
  await openTrain(page);
  await page.getByTestId("train-panel-curves").click();
  const run = page.getByTestId("run-1");
  await expect(run).toHaveAttribute("data-status", "interrupted");
  await expect(run).toHaveAttribute("data-checkpoint-step", String(saved));
  expect(await rows(page)).toBeGreaterThanOrEqual(rowsBefore - 1);
  await expect(page.getByTestId("train-interrupted")).toContainText(`step ${saved.toLocaleString("en-US")}`);
  await shots(page, "restored");

  // The weights are back: the boundary is drawn by the restored model, well above chance.
  await page.getByTestId("train-panel-boundary").click();
  await expect(page.getByTestId("boundary-accuracy")).toHaveText(/%/, { timeout: 30_000 });
  expect(Number((await page.getByTestId("boundary-accuracy").innerText()).replace("%", ""))).toBeGreaterThan(60);
  await shots(page, "restored-boundary");

  // Resume goes on from the saved step, the curve continuing the old one.
  await page.getByTestId("train-resume").click();
  await expect(page.getByTestId("train-status")).toHaveText(/training|done/, { timeout: 60_000 });
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(saved + 100);
  await page.getByTestId("train-panel-curves").click();
  expect(await rows(page)).toBeGreaterThan(rowsBefore);
  await page.getByTestId("train-stop").click();
  await expect(page.getByTestId("train-status")).toHaveText("stopped");
  await expect(page.getByTestId("run-list").locator("li")).toHaveCount(1);
});

test("two MLP variants: the runs view names the difference, overlays both curves and both boundaries; the GPT shows none of them", async ({
  page,
}) => {
  acceptAll(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  await loadPreset(page, "mlp");
  await openTrain(page);
  await useWasm(page);
  await setConfig(page, { steps: 400, evalEvery: 100 });
  await trainToEnd(page, 1);

  // A wider first hidden layer.
  await node(page, "linear1").click();
  await page.getByTestId("param-units").fill("64");
  await page.getByTestId("param-units").blur();
  await expect(page.getByTestId("train-stale")).toBeVisible();
  await trainToEnd(page, 2);

  await page.getByTestId("train-panel-curves").click();
  await expect(page.getByTestId("run-list").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("aria-label", /run 1, run 2/);
  await expect(page.getByTestId("run-summary-2")).toContainText("units 32 → 64 (linear1)");
  await shots(page, "curves-overlay");

  await page.getByTestId("train-panel-runs").click();
  await expect(page.getByTestId("run-diff-2")).toHaveText("vs run 1: units 32 → 64 (linear1)");
  await page.getByTestId("run-name-2").fill("wide first layer");
  await page.getByTestId("run-name-2").press("Enter");
  await expect(page.getByTestId("compare-boundary-1")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("compare-boundary-2")).toBeVisible();
  await expect(page.getByTestId("compare-boundary-2")).toContainText("wide first layer");
  await expect(page.getByTestId("storage-weights-1")).toContainText(/kB \(step 400\)/);
  await shots(page, "runs-view");

  // Drop run 1's weights: its curves and boundary stay, its weights are gone.
  await page.getByTestId("storage-drop-1").click();
  await expect(page.getByTestId("storage-weights-1")).toHaveText("none");
  await expect(page.getByTestId("compare-boundary-1")).toBeVisible();

  // Another document: none of the MLP's runs, curves or panels.
  await loadPreset(page, "gpt");
  await expect(page.getByTestId("train-step")).toHaveText("No run yet");
  await expect(page.getByTestId("run-list")).toHaveCount(0);
  await expect(page.getByTestId("train-panel-boundary")).toHaveCount(0);
  await expect(page.getByTestId("train-panel-activations")).toHaveCount(0);
  await expect(page.getByTestId("train-stale")).toHaveCount(0);
  await page.getByTestId("train-panel-runs").click();
  await expect(page.getByTestId("runs-view")).toHaveCount(0);
  await shots(page, "gpt-no-mlp-runs");

  // Undo brings the MLP back, and its runs with it.
  await page.keyboard.press("Control+z");
  await page.getByTestId("train-panel-curves").click();
  await expect(page.getByTestId("run-list").locator("li")).toHaveCount(2);
});

test("full storage while training: a banner names what was not saved, the last good save is kept", async ({ page }) => {
  acceptAll(page);
  // Once window.__failStorage is set, every IndexedDB put/add throws as a full disk does.
  await page.addInitScript(() => {
    const w = window as unknown as { __failStorage?: boolean };
    for (const name of ["put", "add"] as const) {
      const original = IDBObjectStore.prototype[name];
      IDBObjectStore.prototype[name] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
        if (w.__failStorage) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        return original.apply(this, args);
      };
    }
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  await loadPreset(page, "mlp");
  await openTrain(page);
  await useWasm(page);
  await setConfig(page, { steps: 5000, evalEvery: 250 });
  await page.getByTestId("train-start").click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(200);
  const good = await pauseAndSave(page);

  await page.getByTestId("train-resume").click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(good + 200);
  await page.evaluate(() => ((window as unknown as { __failStorage: boolean }).__failStorage = true));
  await page.getByTestId("train-pause").click();
  await expect(page.getByTestId("train-status")).toHaveText("paused");
  const banner = page.getByTestId("runs-storage-banner");
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toContainText("could not be saved");
  await expect(banner).toContainText(`The last good save (step ${good.toLocaleString("en-US")}) is kept`);
  await expect(banner).toContainText("drop their weights");
  await expect(page.getByTestId("run-1")).toHaveAttribute("data-checkpoint-step", String(good));
  await shots(page, "storage-full");

  // Nothing else is lost: the run goes on in the page.
  const pausedAt = await stepOf(page);
  await page.getByTestId("train-resume").click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(pausedAt + 100);
  await page.getByTestId("train-pause").click();
  await expect(page.getByTestId("train-status")).toHaveText("paused");

  // After a reload (storage works again) the run is back with the last good weights.
  await page.reload();
  await openTrain(page);
  await page.getByTestId("train-panel-curves").click();
  await expect(page.getByTestId("run-1")).toHaveAttribute("data-checkpoint-step", String(good));
  await expect(page.getByTestId("train-interrupted")).toContainText(`step ${good.toLocaleString("en-US")}`);
});
