import { describe, expect, it } from "vitest";
import { generateCorpus, unigramEntropy } from "@/train/data";

const corpus = generateCorpus({ seed: 1, minChars: 200_000 });
const words = (text: string) => text.toLowerCase().match(/[a-z']+/g) ?? [];

describe("generateCorpus", () => {
  it("is at least the requested size and ends after a whole story", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200_000);
    expect(corpus.length).toBeLessThan(203_000);
    expect(corpus.endsWith(".\n")).toBe(true);
    expect(generateCorpus({ seed: 1, minChars: 300_000 }).length).toBeGreaterThanOrEqual(300_000);
  });

  it("uses a small character set (≤ 65 characters, like tiny-shakespeare)", () => {
    const chars = new Set(corpus);
    expect(chars.size).toBeLessThanOrEqual(65);
    expect(chars.size).toBeGreaterThan(40);
    for (const ch of chars) expect(ch).toMatch(/^[A-Za-z \n.,!?:"']$/);
  });

  it("has a rich vocabulary: hundreds of distinct words, used many times", () => {
    const all = words(corpus);
    const distinct = new Set(all);
    expect(distinct.size).toBeGreaterThanOrEqual(300);
    expect(all.length).toBeGreaterThan(30_000);
    for (const w of ["the", "and", "said", "because", "friend", "asked", "so"]) expect(distinct.has(w), w).toBe(true);
  });

  it("is deterministic from the seed", () => {
    expect(generateCorpus({ seed: 1, minChars: 200_000 })).toBe(corpus);
    expect(generateCorpus({ seed: 2, minChars: 200_000 }).slice(0, 2000)).not.toBe(corpus.slice(0, 2000));
  });

  it("is made of varied stories with dialogue and cause and effect", () => {
    const stories = corpus.split("\n\n");
    expect(stories.length).toBeGreaterThan(150);
    const openings = new Set(stories.map((s) => s.split("\n")[1]?.split(" ").slice(0, 3).join(" ")));
    expect(openings.size).toBeGreaterThan(20);
    expect(new Set(stories).size).toBe(stories.length);
    expect(corpus).toMatch(/"[A-Z][^"]*[,.!?]" (said|asked|replied|whispered|shouted)/);
    expect(corpus).toMatch(/\b[Bb]ecause\b/);
    expect(corpus).toMatch(/, so /);
  });

  it("writes sentences the way English does: capitals after a full stop, 'an' before a vowel", () => {
    expect(corpus).not.toMatch(/[.!?] [a-z]/);
    expect(corpus).not.toMatch(/\ba [aeiou]/i);
    expect(corpus).not.toMatch(/\{|\}|undefined/);
    expect(corpus).not.toMatch(/ {2}/);
  });

  it("generates 200 KB in well under a second", () => {
    const t0 = performance.now();
    generateCorpus({ seed: 9, minChars: 200_000 });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("unigramEntropy", () => {
  it("matches hand-computed values", () => {
    expect(unigramEntropy("")).toBe(0);
    expect(unigramEntropy("aaaa")).toBe(0);
    expect(unigramEntropy("abab")).toBeCloseTo(Math.log(2), 12);
    expect(unigramEntropy("abcd")).toBeCloseTo(Math.log(4), 12);
  });

  it("is about 2.5 to 3.2 nats per character on the English-like corpus", () => {
    const h = unigramEntropy(corpus);
    expect(h).toBeGreaterThan(2.5);
    expect(h).toBeLessThan(3.2);
    expect(h).toBeLessThan(Math.log(new Set(corpus).size)); // well below a uniform guess
  });
});
