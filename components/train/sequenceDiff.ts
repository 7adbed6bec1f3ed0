/**
 * A prediction against its target, position by position: the characters that differ (or are
 * missing or extra) are marked, so a mistake stands out in a row of examples.
 */
export interface Segment {
  text: string;
  wrong: boolean;
}

/**
 * Splits `prediction` into runs of right and wrong characters; missing characters at the end
 * show as `·` marked wrong.
 * @example markMistakes("abc", "abd") // [{ text: "ab", wrong: false }, { text: "d", wrong: true }]
 */
export function markMistakes(target: string, prediction: string): Segment[] {
  const t = Array.from(target);
  const p = Array.from(prediction);
  const n = Math.max(t.length, p.length);
  const out: Segment[] = [];
  for (let i = 0; i < n; i++) {
    const ch = p[i] ?? "·";
    const wrong = p[i] !== t[i];
    const last = out[out.length - 1];
    if (last && last.wrong === wrong) last.text += ch;
    else out.push({ text: ch, wrong });
  }
  return out;
}
