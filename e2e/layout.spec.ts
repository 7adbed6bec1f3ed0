/**
 * Issue 10, room to look: the dock resizes (drag, keys), maximises and restores and keeps its
 * height across a reload, and the boundary and attention maps grow with it; at 1024×700 and
 * 1440×900 no control is off-screen or cut; and the canvas bugs stay fixed (leaving a block
 * body an undo took away, SDPA's port names, the Transformer's wire labels, the minimap over a
 * block). Screenshots go to SHOTS/layout-*.png.
 */
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { acceptDialogs, dragBlock, loadPreset, newDocument, node, openApp, SHOTS } from "./helpers";

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error("not on screen");
  return b;
}

/**
 * Every visible button, input, select, textarea, tab and separator of the top bar, palette,
 * inspector and dock that is not fully on screen: outside the window, or cut by a parent that
 * clips it. One inside a scrolling area only has to lie within that area's scroll range (it is
 * reached by scrolling), and the area itself must be on screen.
 */
async function offscreenControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const within = (r: DOMRect, o: { left: number; top: number; right: number; bottom: number }) =>
      r.left >= o.left - 1 && r.top >= o.top - 1 && r.right <= o.right + 1 && r.bottom <= o.bottom + 1;
    const name = (el: Element) =>
      el.getAttribute("data-testid") ?? el.getAttribute("aria-label") ?? (el.textContent ?? "").trim().slice(0, 30) ?? el.tagName;
    const controls = document.querySelectorAll(
      [".tl-topbar", ".tl-palette", ".tl-inspector", ".tl-dock"]
        .flatMap((area) => ["button", "input", "select", "textarea", '[role="tab"]', '[role="separator"]'].map((c) => `${area} ${c}`))
        .join(","),
    );
    for (const el of controls) {
      let r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width <= 1 || r.height <= 1 || style.visibility === "hidden" || style.display === "none") continue;
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === "visible" && s.overflowY === "visible") continue;
        const scrolls =
          (/(auto|scroll)/.test(s.overflowY) && a.scrollHeight > a.clientHeight + 1) ||
          (/(auto|scroll)/.test(s.overflowX) && a.scrollWidth > a.clientWidth + 1);
        const ar = a.getBoundingClientRect();
        if (scrolls) {
          r = ar; // reached by scrolling this area: the area must be on screen
          continue;
        }
        if (!within(r, ar)) {
          bad.push(`${name(el)} cut by ${a.className || a.tagName}`);
          break;
        }
      }
      if (!within(r, { left: 0, top: 0, right: innerWidth, bottom: innerHeight }))
        bad.push(`${name(el)} off-screen at ${Math.round(r.left)},${Math.round(r.top)}`);
    }
    if (document.documentElement.scrollWidth > innerWidth)
      bad.push(`page ${document.documentElement.scrollWidth}px wide in a ${innerWidth}px window`);
    if (document.documentElement.scrollHeight > innerHeight)
      bad.push(`page ${document.documentElement.scrollHeight}px tall in a ${innerHeight}px window`);
    return [...new Set(bad)];
  });
}

async function shot(page: Page, name: string, target?: Locator) {
  await page.waitForTimeout(300);
  const { width } = page.viewportSize()!;
  const path = `${SHOTS}/layout-${name}-${width}.png`;
  if (target) await target.screenshot({ path });
  else await page.screenshot({ path });
}

async function openTrain(page: Page) {
  await page.getByTestId("tab-train").click();
  await expect(page.getByTestId("train-backend")).toHaveText(/using (webgl|wasm|cpu)/, { timeout: 60_000 });
}

async function train(page: Page, config: Record<string, number>) {
  await page.getByTestId("train-panel-setup").click();
  for (const [key, value] of Object.entries(config)) {
    const field = page.getByTestId(`train-config-${key}`);
    await field.fill(String(value));
    await field.blur();
  }
  await page.getByTestId("train-start").click();
  await expect(page.getByTestId("train-status")).toHaveText("done", { timeout: 180_000 });
}

const dockHeight = async (page: Page) => (await box(page.getByTestId("dock"))).height;

/** Drags the dock's top edge by `dy` (negative: up, a taller dock) with real pointer steps. */
async function dragDockEdge(page: Page, dy: number) {
  const edge = await box(page.getByTestId("dock-resizer"));
  const x = edge.x + edge.width / 2;
  const y = edge.y + edge.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + dy, { steps: 8 });
  await page.mouse.up();
}

test("the dock: drag its edge (the boundary grows), keys, maximise and restore, and the height is kept after a reload", async ({
  page,
}) => {
  test.setTimeout(240_000);
  acceptDialogs(page);
  await page.setViewportSize(SIZES[1]);
  await openApp(page);
  await page.evaluate(() => localStorage.removeItem("tensorloom.dock"));
  await page.reload();
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  await openTrain(page);
  await train(page, { steps: 150, evalEvery: 50 });
  await page.getByTestId("train-panel-boundary").click();
  await expect(page.getByTestId("boundary-accuracy")).toHaveText(/%/, { timeout: 30_000 });
  const before = { dock: await dockHeight(page), plot: (await box(page.getByTestId("boundary-canvas"))).width };
  await shot(page, "boundary-small");

  await dragDockEdge(page, -200);
  await expect.poll(() => dockHeight(page)).toBeCloseTo(before.dock + 200, -1);
  // The boundary is a square as tall as the panel: 200 px more dock, ~200 px more plot.
  await expect.poll(async () => (await box(page.getByTestId("boundary-canvas"))).width).toBeGreaterThan(before.plot + 150);
  const plot = await box(page.getByTestId("boundary-canvas"));
  expect(plot.width).toBeCloseTo(plot.height, 0);
  await shot(page, "boundary-large");

  // Keys on the focused edge: up 16 px taller, down 16 px shorter.
  const dragged = await dockHeight(page);
  await page.getByTestId("dock-resizer").focus();
  await page.keyboard.press("ArrowUp");
  await expect.poll(() => dockHeight(page)).toBeCloseTo(dragged + 16, 0);
  await page.keyboard.press("ArrowDown");
  await expect.poll(() => dockHeight(page)).toBeCloseTo(dragged, 0);

  // Maximise by double-click: the dock takes the window below the top bar; Restore gives the canvas back.
  await page.getByTestId("dock-resizer").dblclick();
  const top = await box(page.locator(".tl-topbar"));
  await expect.poll(() => dockHeight(page)).toBeCloseTo(900 - top.height - 1, -1);
  await expect(page.getByTestId("canvas")).toBeHidden();
  await expect(page.getByTestId("dock-maximise")).toHaveText("Restore");
  await page.getByTestId("dock-maximise").click();
  await expect.poll(() => dockHeight(page)).toBeCloseTo(dragged, 0);
  await expect(page.getByTestId("canvas")).toBeVisible();
  // …and the button maximises as the double-click does.
  await page.getByTestId("dock-maximise").click();
  await expect.poll(() => dockHeight(page)).toBeGreaterThan(800);
  await page.getByTestId("dock-maximise").click();

  await page.reload();
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  expect(await dockHeight(page)).toBeCloseTo(dragged, 0);
});

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} no control is off-screen: the empty editor, the MLP trained, the GPT's attention maps (which grow with the dock)`, async ({
    page,
  }) => {
    test.setTimeout(300_000);
    acceptDialogs(page);
    await page.setViewportSize(size);
    await openApp(page);
    await page.evaluate(() => localStorage.removeItem("tensorloom.dock"));
    await page.reload();
    await expect(page.locator(".react-flow__node").first()).toBeVisible();
    await shot(page, "editor-mlp");
    expect(await offscreenControls(page), "the MLP in the editor").toEqual([]);
    // The top bar fits on one line (it would wrap rather than cut a control).
    expect((await box(page.locator(".tl-topbar"))).height).toBeLessThan(50);
    // A selected block fills the inspector with its fields.
    await node(page, "linear1").click();
    expect(await offscreenControls(page), "a block selected").toEqual([]);

    await openTrain(page);
    await train(page, { steps: 100, evalEvery: 50 });
    expect(await offscreenControls(page), "the MLP trained, curves").toEqual([]);
    await page.getByTestId("train-panel-boundary").click();
    await expect(page.getByTestId("boundary-accuracy")).toHaveText(/%/, { timeout: 30_000 });
    expect(await offscreenControls(page), "the MLP trained, boundary").toEqual([]);
    await shot(page, "train-boundary");

    await newDocument(page);
    expect(await offscreenControls(page), "the empty editor").toEqual([]);

    await loadPreset(page, "gpt");
    await openTrain(page);
    await page.getByTestId("backend-select").selectOption("wasm");
    await expect(page.getByTestId("train-backend")).toHaveText("using wasm", { timeout: 60_000 });
    await train(page, { steps: 4, batchSize: 4, warmupSteps: 0, evalEvery: 4, evalBatches: 1 });
    await page.getByTestId("train-panel-attention").click();
    const heatmap = page.getByTestId("attention-heatmap");
    await expect(heatmap).toBeVisible({ timeout: 30_000 });
    expect(await offscreenControls(page), "the GPT's attention panel").toEqual([]);
    expect((await box(page.locator(".tl-topbar"))).height).toBeLessThan(50);
    // The maps fit the panel: nothing of them is cut.
    const area = await box(page.locator(".tl-heatmap-area"));
    const small = await box(heatmap);
    expect(small.x + small.width).toBeLessThanOrEqual(area.x + area.width + 1);
    expect(small.y + small.height).toBeLessThanOrEqual(area.y + area.height + 1);
    const cell = Number(await heatmap.getAttribute("data-cell"));
    await shot(page, "gpt-attention");
    await page.getByTestId("dock-maximise").click();
    await expect.poll(async () => Number(await heatmap.getAttribute("data-cell"))).toBeGreaterThanOrEqual(2 * cell);
    expect(await offscreenControls(page), "the GPT's attention panel, dock maximised").toEqual([]);
    await shot(page, "gpt-attention-max");
    await page.getByTestId("dock-maximise").click();
  });
}

test("undoing a preset load while inside one of its block bodies goes back to the top level, where a drop works", async ({ page }) => {
  acceptDialogs(page);
  await openApp(page);
  await loadPreset(page, "gpt");
  await node(page, "blocks").dblclick();
  await expect(page.getByTestId("breadcrumb")).toBeVisible();
  await page.getByTestId("undo").click();
  await expect(page.getByTestId("breadcrumb")).toBeHidden();
  await expect(node(page, "linear1")).toBeVisible(); // the MLP again
  const count = await page.locator(".react-flow__node").count();
  await dragBlock(page, "Linear", 120, 60);
  await expect(page.locator(".react-flow__node")).toHaveCount(count + 1);
  await expect(page.getByTestId("notice")).not.toHaveText(/no block body/);
});

for (const size of SIZES) {
  test(`${size.width}×${size.height}: scaled dot-product attention lists q, k and v in rows under its title: no name over the title or the shape`, async ({
    page,
  }) => {
    acceptDialogs(page);
    await page.setViewportSize(size);
    await openApp(page);
    await newDocument(page);
    await dragBlock(page, "ScaledDotProductAttention", 300, 200);
    const sdpa = page.locator(".tl-node").first();
    await expect(sdpa).toBeVisible();
    const title = await box(sdpa.locator(".tl-node-title"));
    const shape = await box(sdpa.locator(".tl-node-shape"));
    const labels = sdpa.locator(".tl-port-label");
    const names = (await labels.allInnerTexts()).filter(Boolean);
    expect(names).toEqual(expect.arrayContaining(["q", "k", "v"]));
    const boxes: Box[] = [];
    for (let i = 0; i < (await labels.count()); i++) {
      if (!(await labels.nth(i).innerText())) continue;
      const b = await box(labels.nth(i));
      expect(overlap(b, title), `port label ${i} over the title`).toBe(false);
      expect(overlap(b, shape), `port label ${i} over the shape`).toBe(false);
      for (const other of boxes) expect(overlap(b, other), "two port labels overlap").toBe(false);
      boxes.push(b);
    }
    // Each handle sits beside its name.
    for (const port of ["q", "k", "v"]) {
      const handle = await box(sdpa.getByTestId(`handle-in-${port}`));
      const label = await box(sdpa.locator(".tl-port-label", { hasText: new RegExp(`^${port}$`) }));
      expect(Math.abs(handle.y + handle.height / 2 - (label.y + label.height / 2))).toBeLessThan(3);
    }
    await page.getByTestId("canvas").click({ position: { x: 40, y: 40 } });
    await shot(page, "sdpa", sdpa);
  });

  test(`${size.width}×${size.height}: the Transformer preset: no wire label over another or over a block, the decoder's context name clear of its shape`, async ({
    page,
  }) => {
    acceptDialogs(page);
    await page.setViewportSize(size);
    await openApp(page);
    await loadPreset(page, "transformer");
    await page.waitForTimeout(600); // the fit to the new document
    const labels = page.locator('[data-testid^="edge-label-"]');
    const texts = await labels.allInnerTexts();
    expect(texts.length).toBeGreaterThan(8);
    const labelBoxes: (Box & { text: string })[] = [];
    for (let i = 0; i < texts.length; i++) labelBoxes.push({ ...(await box(labels.nth(i))), text: texts[i] });
    const blocks = page.locator(".react-flow__node");
    const blockBoxes: Box[] = [];
    for (let i = 0; i < (await blocks.count()); i++) blockBoxes.push(await box(blocks.nth(i)));
    for (let i = 0; i < labelBoxes.length; i++) {
      for (let j = i + 1; j < labelBoxes.length; j++)
        expect(overlap(labelBoxes[i], labelBoxes[j]), `${labelBoxes[i].text} and ${labelBoxes[j].text} overlap`).toBe(false);
      for (const b of blockBoxes) expect(overlap(labelBoxes[i], b), `${labelBoxes[i].text} lies over a block`).toBe(false);
    }
    const decoder = node(page, "decoder");
    const context = await box(decoder.locator(".tl-port-label", { hasText: "context" }));
    expect(overlap(context, await box(decoder.locator(".tl-node-shape")))).toBe(false);
    expect(overlap(context, await box(decoder.locator(".tl-node-title")))).toBe(false);
    await shot(page, "transformer");
    await shot(page, "transformer-canvas", page.getByTestId("canvas"));
  });
}

test("the minimap never covers a block: with a block in the bottom-right corner it goes elsewhere and the block takes the click", async ({
  page,
}) => {
  acceptDialogs(page);
  await page.setViewportSize(SIZES[0]);
  await openApp(page);
  await newDocument(page);
  const canvas = await box(page.getByTestId("canvas"));
  // Dropped so that its right part is out of view: a minimap is wanted, and the corner is taken.
  await dragBlock(page, "Linear", canvas.width - 90, canvas.height - 60);
  const block = page.locator(".react-flow__node").first();
  await expect(block).toBeVisible();
  const minimap = page.locator(".react-flow__minimap");
  await expect(minimap).toBeVisible();
  const b = await box(block);
  expect(overlap(await box(minimap), b)).toBe(false);
  await page.getByTestId("canvas").click({ position: { x: 40, y: canvas.height / 2 } }); // deselect
  await page.mouse.click(b.x + Math.min(40, b.width / 2), b.y + b.height - 12);
  await expect(block).toHaveClass(/selected/);
  await shot(page, "minimap");
});
