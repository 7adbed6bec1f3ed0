/**
 * A binary heap of (priority, key) number pairs, ordered by a comparison the caller gives:
 * BPE training pops the most frequent pair, encoding the lowest-ranked merge. Entries are
 * never updated in place: a caller pushes a fresh entry and skips stale ones when popping.
 */
export class PairHeap {
  private readonly pri: number[] = [];
  private readonly key: number[] = [];

  /** `before(p1, k1, p2, k2)`: whether entry 1 comes out before entry 2. */
  constructor(private readonly before: (p1: number, k1: number, p2: number, k2: number) => boolean) {}

  get size(): number {
    return this.pri.length;
  }

  push(priority: number, key: number): void {
    const { pri, key: keys } = this;
    let i = pri.length;
    pri.push(priority);
    keys.push(key);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.before(priority, key, pri[up], keys[up])) break;
      pri[i] = pri[up];
      keys[i] = keys[up];
      i = up;
    }
    pri[i] = priority;
    keys[i] = key;
  }

  /** The first entry as `[priority, key]`, removed; undefined when empty. */
  pop(): [number, number] | undefined {
    const { pri, key: keys } = this;
    if (pri.length === 0) return undefined;
    const top: [number, number] = [pri[0], keys[0]];
    const lastP = pri.pop()!;
    const lastK = keys.pop()!;
    const n = pri.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.before(pri[r], keys[r], pri[l], keys[l]) ? r : l;
      if (!this.before(pri[c], keys[c], lastP, lastK)) break;
      pri[i] = pri[c];
      keys[i] = keys[c];
      i = c;
    }
    pri[i] = lastP;
    keys[i] = lastK;
    return top;
  }
}
