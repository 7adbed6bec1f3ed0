/**
 * The pre-split of byte-level BPE: text is cut into words, numbers, runs of punctuation and
 * runs of spaces before merging, so no token spans two words (GPT-2's rule). The pattern is
 * GPT-2's, with Unicode property escapes: a word keeps the one space before it (" cat"), and a
 * run of spaces leaves its last space to the word that follows.
 */

/** GPT-2's pre-tokenizer pattern (`encoder.py`), written with `\p{L}` and `\p{N}`. */
export const GPT2_SPLIT_PATTERN = String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`;

/**
 * The pieces of `text`, in order; joined they give `text` back exactly. With `preSplit` false
 * the whole text is one piece.
 * @example splitPieces("Hi there, 42!", true); // ["Hi", " there", ",", " 42", "!"]
 */
export function splitPieces(text: string, preSplit: boolean): string[] {
  if (!preSplit) return text.length ? [text] : [];
  const pieces: string[] = [];
  let at = 0;
  for (const m of text.matchAll(new RegExp(GPT2_SPLIT_PATTERN, "gu"))) {
    // The alternatives cover every code point, so there are no gaps; keep any anyway, so that
    // joining the pieces can never lose text.
    if (m.index > at) pieces.push(text.slice(at, m.index));
    pieces.push(m[0]);
    at = m.index + m[0].length;
  }
  if (at < text.length) pieces.push(text.slice(at));
  return pieces;
}

/**
 * Each distinct piece of `text` with how often it occurs, in order of first appearance: BPE
 * trains on these instead of the raw text, so 1 MB of prose is a few thousand short words.
 * @example pieceCounts("a b a", true); // Map { "a" => 1, " b" => 1, " a" => 1 }
 */
export function pieceCounts(text: string, preSplit: boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of splitPieces(text, preSplit)) counts.set(p, (counts.get(p) ?? 0) + 1);
  return counts;
}
