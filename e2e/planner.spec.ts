/** The Cost tab's parallelism planner on a GPT-2-small-sized graph, 8 GPUs × 16 GB. */
import { mkdirSync } from "node:fs";
import { serializeGraph } from "../graph";
import { buildPreset } from "../presets";
import { expect, test } from "./fixtures";
import { acceptDialogs, node, openApp } from "./helpers";

const SHOTS = process.env.PLANNER_SHOTS ?? "test-results/screens/planner";

test("GPT-2 small on 8 × 16 GB: which strategies fit, and the torchrun command for one", async ({ page }) => {
  acceptDialogs(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  const gpt2 = buildPreset("gpt", { nLayer: 12, nEmbd: 768, nHead: 12, blockSize: 1024, vocabSize: 50257 });
  if (!gpt2.ok) throw new Error(gpt2.message);
  await page
    .getByTestId("doc-file-input")
    .setInputFiles({ name: "gpt2-small.json", mimeType: "application/json", buffer: Buffer.from(serializeGraph(gpt2.graph)) });
  await expect(node(page, "blocks")).toBeVisible();

  await page.getByTestId("tab-cost").click();
  await expect(page.getByTestId("cost-params")).toHaveText("124M");
  const planner = page.getByTestId("planner");
  await planner.locator("summary").click();
  const dims = page.getByTestId("plan-dims");
  for (const f of ["Ψ = 124M", "L = 12", "h = 768", "a = 12", "s = 1024", "V = 50257"]) await expect(dims).toContainText(f);

  await page.getByTestId("plan-gpus").fill("8");
  await page.getByTestId("plan-memory").fill("16");
  await page.getByTestId("plan-micro-batch").fill("16");
  const rows = page.locator('[data-testid^="plan-row-"]');
  await expect(rows).toHaveCount(11);
  const fits = async (value: "true" | "false") =>
    (
      await page
        .locator(`[data-testid^="plan-row-"][data-fits="${value}"]`)
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")!.slice("plan-row-".length)))
    ).sort();
  // At micro-batch 16 the activations (~20 GB) sink plain DP and every ZeRO stage; recompute or Megatron splitting saves them.
  expect(await fits("true")).toEqual(["dp-recompute", "tp4", "tp4-pp2-dp1", "tp4-sp", "tp4-sp-sel", "zero3-recompute"]);
  expect(await fits("false")).toEqual(["dp", "pp4", "zero1", "zero2", "zero3"]);
  await expect(page.getByTestId("plan-row-dp").getByTestId("plan-fits")).toHaveText("✗");
  await expect(page.getByTestId("plan-row-zero3-recompute").getByTestId("plan-fits")).toHaveText("✓");

  // Halving the micro-batch brings activations to ~10 GB: now plain DP fits too.
  await page.getByTestId("plan-micro-batch").fill("8");
  await expect(page.getByTestId("plan-row-dp")).toHaveAttribute("data-fits", "true");
  await page.getByTestId("plan-micro-batch").fill("16");
  await expect(page.getByTestId("plan-row-dp")).toHaveAttribute("data-fits", "false");

  await page.getByTestId("plan-row-zero3-recompute").click();
  await expect(page.getByTestId("plan-torchrun")).toHaveText(
    /^torchrun --standalone --nproc_per_node=8 train\.py --engine=fsdp-full-shard --recompute=full --micro-batch=16/,
  );
  await expect(page.getByTestId("plan-citations")).toContainText("Rajbhandari et al. 2020");
  await expect(page.getByTestId("plan-citations")).toContainText("Korthikanti et al. 2022");

  mkdirSync(SHOTS, { recursive: true });
  // The planner sits at the top of the Cost tab: scroll the tab (and the page) back to it.
  const top = () =>
    page.getByTestId("cost-tab").evaluate((el) => {
      el.closest(".tl-tab-body")?.scrollTo(0, 0);
      window.scrollTo(0, 0);
    });
  await top();
  await page.screenshot({ path: `${SHOTS}/planner-1440x900.png` });
  await page.getByTestId("plan-row-zero3-recompute").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/planner-rows-1440x900.png` });
  await page.getByTestId("plan-citations").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/planner-torchrun-1440x900.png` });
  await page.setViewportSize({ width: 1024, height: 700 });
  await top();
  await page.screenshot({ path: `${SHOTS}/planner-1024x700.png` });
});
