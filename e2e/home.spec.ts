import { expect, test } from "./fixtures";

test("the app loads and lists the blocks", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("app-title")).toHaveText("Tensorloom");
  await expect(page.getByTestId("block-list").locator("li")).toHaveCount(26);
});
