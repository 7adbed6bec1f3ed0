/**
 * Issue 10, check before Start: the data is checked against the graph as soon as either
 * changes, every problem is listed with its fix before Start (which stays disabled), one
 * "Apply fix" makes all the edits a fix implies as one undo step, an out-of-range setting
 * keeps Start disabled, and the data typed in the Train tab is the document's (the Code tab's
 * export trains on it). Screenshots of the problems list at 1440×900 and 1024×700 go to
 * SHOTS_DIR (default test-results/screens).
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { acceptDialogs, findInEditor, loadPreset, node, openApp, SHOTS } from "./helpers";

const SHOT_DIR = process.env.SHOTS_DIR ?? SHOTS;

async function openSetup(page: Page) {
  await page.getByTestId("tab-train").click();
  await expect(page.getByTestId("train-tab")).toBeVisible();
  await page.getByTestId("train-panel-setup").click();
  await expect(page.getByTestId("train-setup")).toBeVisible();
}

async function useData(page: Page, kind: "text" | "csv", text: string) {
  await page.getByTestId("train-dataset-kind").selectOption(kind);
  await page.getByTestId("train-text").fill(text);
}

const problems = (page: Page) => page.getByTestId("train-problem");

async function shots(page: Page, name: string) {
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOT_DIR}/checks-${name}-${w}x${h}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** 585 characters of a 30-letter alphabet: fits the GPT's vocabulary, too short for its block of 64. */
const SHORT_TEXT = Array.from({ length: 585 }, (_, i) => "abcdefghijklmnopqrstuvwxyz .,\n"[(i * 7) % 30]).join("");

/** 4 features, 3 classes, 60 rows. */
const IRIS = [
  "sepal_length,sepal_width,petal_length,petal_width,species",
  ...Array.from({ length: 60 }, (_, i) => {
    const c = i % 3;
    return `${(4.5 + c + (i % 5) * 0.1).toFixed(1)},${(3 + (i % 4) * 0.1).toFixed(1)},${(1.4 + 2 * c).toFixed(1)},${(0.2 + 0.8 * c).toFixed(1)},${["setosa", "versicolor", "virginica"][c]}`;
  }),
].join("\n");

test("a short text is flagged before Start, and Start stays disabled", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "gpt");
  await openSetup(page);
  await useData(page, "text", SHORT_TEXT);
  await expect(problems(page)).toHaveCount(1);
  await expect(problems(page).first()).toHaveAttribute("data-code", "val-split");
  await expect(problems(page).first()).toContainText("validation split (the last tenth) has 58 characters and a block needs 65");
  await expect(problems(page).first()).toContainText("at least 646 characters");
  await expect(page.getByTestId("train-start")).toBeDisabled();
  await shots(page, "short-text");
  // A long enough text clears it.
  await page.getByTestId("train-text").fill(SHORT_TEXT + SHORT_TEXT.slice(0, 61));
  await expect(problems(page)).toHaveCount(0);
  await expect(page.getByTestId("train-start")).toBeEnabled();
});

test("a 4-feature, 3-class CSV on the MLP: both problems listed before Start; one fix each makes it train", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "mlp");
  await openSetup(page);
  await useData(page, "csv", IRIS);
  await expect(problems(page)).toHaveCount(2);
  await expect(problems(page).nth(0)).toContainText(
    "4 features (sepal_length, sepal_width, petal_length, petal_width) but Input input has 2: set its features to 4",
  );
  await expect(problems(page).nth(1)).toContainText("3 classes but the network outputs 2 scores: set the units of Linear logits to 3");
  await expect(page.getByTestId("train-start")).toBeDisabled();
  await expect(page.getByTestId("train-fix-all")).toBeVisible();
  await shots(page, "csv");

  await problems(page).nth(0).getByTestId("train-problem-fix").click();
  await expect(problems(page)).toHaveCount(1);
  await problems(page).first().getByTestId("train-problem-fix").click();
  await expect(problems(page)).toHaveCount(0);
  await expect(node(page, "input")).toContainText("4 features");
  await expect(node(page, "logits")).toContainText("Linear 3");
  await expect(page.getByTestId("train-start")).toBeEnabled();

  await page.getByTestId("train-config-steps").fill("40");
  await page.getByTestId("train-config-steps").blur();
  await page.getByTestId("train-start").click();
  await expect(page.getByTestId("train-status")).toHaveText("done", { timeout: 90_000 });
  await expect(page.getByTestId("train-error")).toHaveCount(0);

  // The document holds the table: the exported program trains on it.
  await page.getByTestId("tab-code").click();
  await expect(page.getByTestId("code-tab")).toBeVisible();
  const lines = page.getByTestId("code-editor").locator(".view-lines");
  await expect(lines).toContainText("buildModel", { timeout: 60_000 });
  await expect(page.getByTestId("code-tab")).not.toContainText("names no training data");
  await findInEditor(page, "export const CLASS_NAMES");
  await expect(lines).toContainText('export const CLASS_NAMES = ["setosa", "versicolor", "virginica"];');
});

test("the vocabulary fix sets the Input, the Embedding and the tied head in one step; one undo restores all three", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "gpt");
  await openSetup(page);
  // 126 distinct characters: printable ASCII and Latin-1 letters, 3,000 in all.
  const alphabet = [
    ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
    ...Array.from({ length: 31 }, (_, i) => String.fromCharCode(192 + i)),
  ];
  expect(new Set(alphabet).size).toBe(126);
  await useData(page, "text", Array.from({ length: 3000 }, (_, i) => alphabet[(i * 11) % 126]).join(""));
  await expect(problems(page)).toHaveCount(1);
  await expect(problems(page).first()).toContainText(
    "126 distinct characters but the vocabulary of Input tokens is 65: set vocab to at least 126",
  );
  await page.getByTestId("train-problem-fix").click();
  await expect(problems(page)).toHaveCount(0);
  await expect(node(page, "tokens")).toContainText("V=126");
  await expect(node(page, "wte")).toContainText("126×128");
  await expect(node(page, "lm_head")).toContainText("Linear 126");
  await expect(page.getByTestId("train-error")).toHaveCount(0);
  await expect(page.getByTestId("train-start")).toBeEnabled();

  await page.getByTestId("undo").click();
  await expect(node(page, "tokens")).toContainText("V=65");
  await expect(node(page, "wte")).toContainText("65×128");
  await expect(node(page, "lm_head")).toContainText("Linear 65");
  await expect(problems(page)).toHaveCount(1);
});

test("learning rate 1e6: the field says why, Start is disabled, also after looking elsewhere", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "mlp");
  await openSetup(page);
  await page.getByTestId("train-config-lr").fill("1000000");
  await expect(page.getByTestId("train-setup").getByText("Must be a number from 0 to 100")).toBeVisible();
  await expect(page.getByTestId("train-start")).toBeDisabled();
  await expect(problems(page).first()).toContainText("Learning rate: Must be a number from 0 to 100 (typed 1000000)");
  await shots(page, "lr");
  await page.getByTestId("train-panel-curves").click();
  await expect(page.getByTestId("train-start")).toBeDisabled();
  await page.getByTestId("tab-cost").click();
  await page.getByTestId("tab-train").click();
  await expect(page.getByTestId("train-start")).toBeDisabled();
  await page.getByTestId("train-panel-setup").click();
  await expect(page.getByTestId("train-config-lr")).toHaveValue("1000000");
  await page.getByTestId("train-config-lr").fill("0.02");
  await expect(problems(page)).toHaveCount(0);
  await expect(page.getByTestId("train-start")).toBeEnabled();
});

test("text typed in the Train tab is the document's: the Code tab's program trains on it", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "gpt");
  await openSetup(page);
  const line = "the quick brown fox jumps over the lazy dog";
  await useData(page, "text", Array.from({ length: 40 }, () => line).join("\n"));
  await expect(problems(page)).toHaveCount(0);
  await page.getByTestId("tab-code").click();
  const lines = page.getByTestId("code-editor").locator(".view-lines");
  await expect(lines).toContainText("buildModel", { timeout: 60_000 });
  await expect(page.getByTestId("code-tab")).not.toContainText("names no training data");
  await findInEditor(page, line);
  await expect(lines).toContainText(`"${line}",`);
});

test("a text over the 2 MB limit: the document keeps a reference, trains on the page's copy, and asks for the file after a reload", async ({
  page,
}) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "gpt");
  await openSetup(page);
  await page.getByTestId("train-dataset-kind").selectOption("text");
  // 2.2 million characters of a 30-letter alphabet.
  const big = Array.from({ length: 2_200_000 }, (_, i) => "abcdefghijklmnopqrstuvwxyz .,\n"[(i * 7 + (i >> 9)) % 30]).join("");
  await page.getByTestId("train-upload").setInputFiles({ name: "big.txt", mimeType: "text/plain", buffer: Buffer.from(big) });
  await expect(page.getByTestId("train-flash")).toContainText("big.txt is 2.2 MB, more than the 2.0 MB a document keeps");
  await expect(page.getByTestId("train-flash")).toContainText("upload it again");
  await expect(problems(page)).toHaveCount(0);
  await expect(page.getByTestId("train-start")).toBeEnabled();
  await expect(page.getByTestId("train-preview")).toContainText("2,200,000 characters");

  // The downloaded document names the file; it does not hold it.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("doc-download").click()]);
  const saved = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(saved.meta.training.dataset).toMatchObject({
    kind: "text",
    text: "",
    file: { name: "big.txt", size: 2_200_000, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
  });

  await page.waitForTimeout(1500); // autosave is debounced (≤ 1 s)
  await page.reload();
  await openSetup(page);
  await expect(page.getByTestId("train-data-missing")).toContainText(
    "This document trains on big.txt (2.2 MB), too big to keep in the document: upload it again",
  );
  await expect(problems(page).first()).toHaveAttribute("data-code", "data-missing");
  await expect(page.getByTestId("train-start")).toBeDisabled();
  await shots(page, "data-missing");
  await page.getByTestId("train-upload").setInputFiles({ name: "big.txt", mimeType: "text/plain", buffer: Buffer.from(big) });
  await expect(problems(page)).toHaveCount(0);
  await expect(page.getByTestId("train-start")).toBeEnabled();
});
