/** Acting on the editor the way a person does: drag blocks in, wire handles, read the state. */
import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

export const SHOTS = "test-results/screens";

export async function openApp(page: Page) {
  await page.goto("/");
  await expect(page.getByTestId("editor")).toBeVisible();
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
}

/** Accept every confirm() (replacing a document with unsaved changes). */
export function acceptDialogs(page: Page) {
  page.on("dialog", (d) => void d.accept());
}

export async function newDocument(page: Page) {
  await page.getByTestId("doc-new").click();
  await expect(page.locator(".react-flow__node")).toHaveCount(0);
}

export async function dragBlock(page: Page, type: string, x: number, y: number) {
  const canvas = page.getByTestId("canvas");
  await page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: { x, y } });
}

export function node(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

export async function wire(page: Page, from: string, fromPort: string, to: string, toPort: string) {
  const src = node(page, from).getByTestId(`handle-out-${fromPort}`);
  const dst = node(page, to).getByTestId(`handle-in-${toPort}`);
  const a = await src.boundingBox();
  const b = await dst.boundingBox();
  if (!a || !b) throw new Error(`handles of ${from} or ${to} are not on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

export async function loadPreset(page: Page, id: string) {
  await page.getByTestId("doc-presets").click();
  await page.getByTestId(`preset-${id}`).click();
  await expect(page.getByTestId("preset-gallery")).toBeHidden();
}

export async function edgeLabels(page: Page): Promise<string[]> {
  return page.locator('[data-testid^="edge-label-"]').allInnerTexts();
}

/** The lines Monaco has drawn (only those in view). */
export const editorLines = (page: Page) => page.getByTestId("code-editor").locator(".view-lines");

/** Scrolls the editor to `text` with Monaco's find, as a person would (Ctrl+F, Enter, Esc). */
export async function findInEditor(page: Page, text: string) {
  await editorLines(page).click();
  await page.keyboard.press("Control+f");
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  await expect(editorLines(page)).toContainText(text);
}
