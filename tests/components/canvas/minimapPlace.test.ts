/** The minimap goes where no block is, so it never covers one or takes its clicks. */
import { describe, expect, test } from "vitest";
import { minimapCorner, minimapRect } from "@/components/canvas/minimapPlace";

const VIEW = { width: 800, height: 500 };
const SIZE = { width: 168, height: 110 };

describe("minimapCorner", () => {
  test("bottom right when nothing is there", () => {
    expect(minimapCorner([{ x: 100, y: 100, width: 200, height: 84 }], VIEW, SIZE)).toBe("bottom-right");
  });

  test("a block in the bottom-right corner sends it to the top left; blocks there too, to the top right below the attribution", () => {
    const corner = { x: 600, y: 400, width: 200, height: 84 };
    expect(minimapCorner([corner], VIEW, SIZE)).toBe("top-left");
    expect(minimapCorner([corner, { x: 20, y: 20, width: 200, height: 84 }], VIEW, SIZE)).toBe("top-right");
    expect(minimapRect("top-right", VIEW, SIZE).y).toBeGreaterThan(15);
  });

  test("with a block in every corner there is no minimap", () => {
    const blocks = [
      { x: 600, y: 400, width: 200, height: 84 },
      { x: 20, y: 20, width: 200, height: 84 },
      { x: 600, y: 30, width: 200, height: 84 },
    ];
    expect(minimapCorner(blocks, VIEW, SIZE)).toBeUndefined();
  });

  test("a block just beside the minimap's box counts as under it, one clear of it does not", () => {
    const box = minimapRect("bottom-right", VIEW, SIZE);
    expect(minimapCorner([{ x: box.x - 200 - 4, y: box.y, width: 200, height: 84 }], VIEW, SIZE)).toBe("top-left");
    expect(minimapCorner([{ x: box.x - 200 - 20, y: box.y, width: 200, height: 84 }], VIEW, SIZE)).toBe("bottom-right");
  });
});
