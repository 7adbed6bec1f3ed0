/**
 * The one replacement that turns an editor's old text into the new one, so the view keeps its
 * scroll position and folds when the graph changes (replacing the whole text would reset them).
 */

export interface Replacement {
  /** Offsets (UTF-16 code units) in the old text of the part replaced. */
  start: number;
  end: number;
  text: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The shortest middle part of `before` to replace, keeping the longest common start and end;
 * undefined when the texts are equal. Never splits a surrogate pair.
 * @example replacement("units: 64,", "units: 128,") // { start: 7, end: 9, text: "128" }
 */
export function replacement(before: string, after: string): Replacement | undefined {
  if (before === after) return undefined;
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let tail = 0;
  while (tail < limit - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  if (tail > 0 && isLowSurrogate(before.charCodeAt(before.length - tail))) tail--;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}
