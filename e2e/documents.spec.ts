/** Documents: autosave survives a reload; download and re-open; a broken file changes nothing. */
import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { acceptDialogs, loadPreset, node, openApp, SHOTS } from "./helpers";

test("reload restores the document; download and re-open; a broken file is refused", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "gpt");
  await expect(node(page, "blocks")).toBeVisible();
  await page.getByTestId("doc-name").fill("My GPT");
  await page.waitForTimeout(1500); // autosave is debounced (≤ 1 s)
  await page.reload();
  await expect(page.getByTestId("doc-name")).toHaveValue("My GPT");
  await expect(node(page, "blocks")).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("doc-download").click()]);
  const path = await download.path();
  const text = readFileSync(path!, "utf8");
  expect(JSON.parse(text)).toMatchObject({ format: "tensorloom.graph", name: "My GPT" });

  await loadPreset(page, "mlp");
  await expect(node(page, "blocks")).toHaveCount(0);
  await page.getByTestId("doc-file-input").setInputFiles({ name: "my-gpt.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await expect(node(page, "blocks")).toBeVisible();
  await expect(page.getByTestId("doc-name")).toHaveValue("My GPT");

  await page.getByTestId("doc-file-input").setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"format": "tensorloom.graph", "version": 1, "nodes": ['),
  });
  await expect(page.getByTestId("open-errors")).toBeVisible();
  await expect(page.getByTestId("open-errors")).toContainText("not valid JSON");
  await page.screenshot({ path: `${SHOTS}/open-error.png` });
  await expect(page.getByTestId("doc-name")).toHaveValue("My GPT");
  await expect(node(page, "blocks")).toBeVisible();
});
