/**
 * Hostile documents in the browser: the editor opens a document at the size limit and one
 * nested at the depth limit, and refuses one past each, without freezing the page (it still
 * answers an evaluate() within seconds) and with a message that names the limit.
 */
import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { acceptDialogs, openApp } from "./helpers";
import { chain, nestedRepeats } from "../tests/graph/hostile/make";

const SHOTS = "/work/wt/shots/hostile";
const LIMIT = 10 * 1024 * 1024;

async function open(page: Page, name: string, text: string) {
  await page.getByTestId("doc-file-input").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
}

/** The page still runs script: an evaluate() comes back within a few seconds. */
async function responsive(page: Page) {
  const started = Date.now();
  expect(await page.evaluate(() => 1 + 1)).toBe(2);
  expect(Date.now() - started).toBeLessThan(5000);
}

async function shots(page: Page, name: string) {
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/${name}-${w}.png` });
  }
}

test("a document at the 10 MB limit opens; one past it is refused with the limit named", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  const doc = { ...chain(3), name: "At the size limit" };
  const filler = Math.floor((LIMIT - JSON.stringify(doc).length - 40) / 2);
  const text = JSON.stringify({ ...doc, meta: { training: { points: new Array(filler).fill(0) } } });
  expect(text.length).toBeLessThanOrEqual(LIMIT);
  expect(text.length).toBeGreaterThan(LIMIT - 100);
  await open(page, "big.json", text);
  await responsive(page);
  await expect(page.getByTestId("doc-name")).toHaveValue("At the size limit", { timeout: 20_000 });
  await expect(page.locator(".react-flow__node")).toHaveCount(5);
  await responsive(page);
  await shots(page, "size-limit");

  await open(
    page,
    "too-big.json",
    text.replace(
      '"points":[',
      '"points":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,',
    ),
  );
  await expect(page.getByTestId("open-errors")).toContainText("the limit is 10 MB");
  await responsive(page);
  await expect(page.getByTestId("doc-name")).toHaveValue("At the size limit");
});

test("blocks nested 32 deep open; 1,000 deep are refused with the depth limit named", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await open(page, "deep.json", JSON.stringify({ ...nestedRepeats(32, 1), name: "Nested 32 deep" }));
  await expect(page.getByTestId("doc-name")).toHaveValue("Nested 32 deep");
  await expect(page.locator(".react-flow__node")).toHaveCount(3);
  await responsive(page);
  await shots(page, "nested-32");

  await open(page, "deeper.json", JSON.stringify({ ...nestedRepeats(1000, 1), name: "Nested 1000 deep" }));
  await expect(page.getByTestId("open-errors")).toContainText("1,000 deep; the limit is 32");
  await responsive(page);
  await expect(page.getByTestId("doc-name")).toHaveValue("Nested 32 deep");
  await shots(page, "nested-1000");
});
