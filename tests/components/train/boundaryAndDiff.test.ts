import { describe, expect, it } from "vitest";
import { boundaryPixels, boundarySide, cellAlpha, confusionShares, toCanvas } from "@/components/train/boundaryImage";
import { markMistakes } from "@/components/train/sequenceDiff";

describe("decision boundary image", () => {
  it("paints each cell in its class colour, paler where the model is unsure", () => {
    const px = boundaryPixels(
      { resolution: 2, classes: Int32Array.from([0, 1, 1, 0]), confidence: Float32Array.from([1, 0.5, 0.75, 1]) },
      2,
      ["#ff0000", "#0000ff"],
    );
    expect(px).toHaveLength(16);
    expect(Array.from(px.slice(0, 3))).toEqual([255, 0, 0]);
    expect(Array.from(px.slice(4, 7))).toEqual([0, 0, 255]);
    // Certain: 0.6 alpha; at chance (0.5 for two classes): 0.15.
    expect(px[3]).toBe(Math.round(0.6 * 255));
    expect(px[7]).toBe(Math.round(0.15 * 255));
    expect(px[11]).toBeGreaterThan(px[7]);
    expect(cellAlpha(0.1, 10)).toBeCloseTo(0.15);
  });

  it("maps data coordinates to the canvas with y up", () => {
    const b = { xMin: -1, xMax: 1, yMin: -2, yMax: 2 };
    expect(toCanvas(b, 100, -1, 2)).toEqual([0, 0]);
    expect(toCanvas(b, 100, 1, -2)).toEqual([100, 100]);
    expect(toCanvas(b, 100, 0, 0)).toEqual([50, 50]);
  });

  it("turns a confusion matrix into per-class shares", () => {
    expect(
      confusionShares([
        [3, 1],
        [0, 0],
      ]),
    ).toEqual([
      [0.75, 0.25],
      [0, 0],
    ]);
  });
});

describe("sequence mistakes", () => {
  it("marks the characters that differ from the target", () => {
    expect(markMistakes("12345", "12345")).toEqual([{ text: "12345", wrong: false }]);
    expect(markMistakes("12345", "12045")).toEqual([
      { text: "12", wrong: false },
      { text: "0", wrong: true },
      { text: "45", wrong: false },
    ]);
  });

  it("shows missing characters as dots and extra ones as wrong", () => {
    expect(markMistakes("1234", "12")).toEqual([
      { text: "12", wrong: false },
      { text: "··", wrong: true },
    ]);
    expect(markMistakes("12", "123")).toEqual([
      { text: "12", wrong: false },
      { text: "3", wrong: true },
    ]);
  });
});

describe("boundarySide", () => {
  it("the boundary is a square as tall as the panel allows, so it grows with the dock; never under 120 px", () => {
    expect(boundarySide(900, 212.6)).toBe(212);
    expect(boundarySide(900, 600)).toBe(600);
    expect(boundarySide(300, 600)).toBe(300);
    expect(boundarySide(40, 30)).toBe(120);
  });
});
