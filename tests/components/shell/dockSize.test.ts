/** The dock's height: limits, keyboard steps and what is kept across reloads. */
import { describe, expect, test } from "vitest";
import { clampDock, defaultDock, dockAfterKey, dockMax, DOCK_MIN, parseDock, serializeDock } from "@/components/shell/dockSize";

describe("dock size", () => {
  test("starts at about a third of the window, 220–360 px", () => {
    expect(defaultDock(700)).toBe(238);
    expect(defaultDock(900)).toBe(306);
    expect(defaultDock(1600)).toBe(360);
  });

  test("never leaves the canvas under 160 px nor the dock under its tabs and a line", () => {
    expect(clampDock(2000, 700)).toBe(700 - 44 - 160);
    expect(clampDock(10, 700)).toBe(DOCK_MIN);
    expect(dockMax(300)).toBe(DOCK_MIN);
  });

  test("keys on the handle: arrows by 16 px (up is taller), pages by 64, Home and End to the limits", () => {
    expect(dockAfterKey("ArrowUp", 300, 900)).toBe(316);
    expect(dockAfterKey("ArrowDown", 300, 900)).toBe(284);
    expect(dockAfterKey("PageUp", 300, 900)).toBe(364);
    expect(dockAfterKey("Home", 300, 900)).toBe(DOCK_MIN);
    expect(dockAfterKey("End", 300, 900)).toBe(dockMax(900));
    expect(dockAfterKey("a", 300, 900)).toBeUndefined();
  });

  test("a kept height reads back; a missing or broken entry gives none", () => {
    expect(parseDock(serializeDock(412.4))).toBe(412);
    expect(parseDock(null)).toBeUndefined();
    expect(parseDock("{oops")).toBeUndefined();
    expect(parseDock('{"height":"tall"}')).toBeUndefined();
    expect(parseDock('{"height":-5}')).toBeUndefined();
  });
});
