/**
 * A deliberately naive byte-level BPE, the reference the real one is checked against: every
 * merge recounts every pair of every word from scratch, then rewrites every word. Plain and
 * slow on purpose; it shares nothing with train/tokenizers/bpe-train.ts but the pre-split.
 *
 * Same rules as the real one: a pair's count is the number of adjacent positions holding it
 * (times the word's frequency), the highest count wins, ties go to the smallest (first, second)
 * pair, and a merge replaces occurrences left to right.
 */
import { splitPieces } from "../../../train/tokenizers";

export function naiveWords(text: string, preSplit: boolean): { ids: number[]; count: number }[] {
  const counts = new Map<string, number>();
  for (const piece of splitPieces(text, preSplit)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  return [...counts].map(([piece, count]) => ({ ids: Array.from(new TextEncoder().encode(piece)), count }));
}

/** `ids` with every left-to-right occurrence of (a, b) replaced by `id`. */
export function naiveReplace(ids: number[], a: number, b: number, id: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < ids.length) {
    if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) {
      out.push(id);
      i += 2;
    } else {
      out.push(ids[i]);
      i += 1;
    }
  }
  return out;
}

export function naiveBpeMerges(text: string, vocabSize: number, preSplit: boolean): [number, number][] {
  let words = naiveWords(text, preSplit);
  const merges: [number, number][] = [];
  while (256 + merges.length < vocabSize) {
    const counts = new Map<string, number>();
    for (const w of words) {
      for (let i = 0; i + 1 < w.ids.length; i++) {
        const key = `${w.ids[i]},${w.ids[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + w.count);
      }
    }
    let best: [number, number] | undefined;
    let bestCount = 0;
    for (const [key, count] of counts) {
      const [a, b] = key.split(",").map(Number);
      const smaller = best !== undefined && (a < best[0] || (a === best[0] && b < best[1]));
      if (count > bestCount || (count === bestCount && smaller)) {
        best = [a, b];
        bestCount = count;
      }
    }
    if (!best) break;
    const id = 256 + merges.length;
    merges.push(best);
    words = words.map((w) => ({ ids: naiveReplace(w.ids, best[0], best[1], id), count: w.count }));
  }
  return merges;
}

/** Encodes by applying every merge in order to each piece: the plainest possible encoder. */
export function naiveEncode(text: string, merges: [number, number][], preSplit: boolean): number[] {
  return splitPieces(text, preSplit).flatMap((piece) => {
    let ids = Array.from(new TextEncoder().encode(piece));
    merges.forEach(([a, b], i) => (ids = naiveReplace(ids, a, b, 256 + i)));
    return ids;
  });
}
