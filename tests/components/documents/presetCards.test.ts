/** The preset gallery shows every preset with its true parameter count. */
import { expect, test } from "vitest";
import { analyse } from "@/graph";
import { formatParamCount, presetCards } from "@/components/documents/presetCards";
import { presets } from "@/presets";

test("one card per preset, in order, each counting the default build's parameters", () => {
  const cards = presetCards();
  expect(cards.map((c) => c.id)).toEqual(presets.map((p) => p.id));
  for (const card of cards) {
    expect(card.title.length).toBeGreaterThan(0);
    expect(card.summary.length).toBeGreaterThan(0);
    expect(card.params).toBe(analyse(card.graph).totals.params);
  }
  expect(cards.find((c) => c.id === "gpt")!.params).toBe(809_856);
});

test("parameter counts read like people say them", () => {
  expect(formatParamCount(0)).toBe("0");
  expect(formatParamCount(2_402)).toBe("2.4K");
  expect(formatParamCount(12_345)).toBe("12K");
  expect(formatParamCount(809_856)).toBe("810K");
  expect(formatParamCount(124_439_808)).toBe("124M");
  expect(formatParamCount(1_500_000_000)).toBe("1.5B");
});
