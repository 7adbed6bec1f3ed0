import { expect, test } from "./fixtures";
import { acceptDialogs, loadPreset, openApp } from "./helpers";
const D = "/work/wt/shots/room/explore";
for (const [w, h] of [[1024, 700], [1440, 900]]) {
  test(`explore ${w}`, async ({ page }) => {
    acceptDialogs(page);
    await page.setViewportSize({ width: w, height: h });
    await openApp(page);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${D}-mlp-${w}.png` });
    console.log(await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]));
    for (const id of ["lstm", "transformer", "gpt"]) {
      await loadPreset(page, id);
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${D}-${id}-${w}.png` });
    }
  });
}
