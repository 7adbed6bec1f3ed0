/**
 * Objects keyed by strings that come from a document (node ids, body ids, port names). A
 * document may use any string, `__proto__` and `toString` included, so such an object has no
 * prototype: a lookup finds only what was stored, and storing `__proto__` is a plain key.
 */

/** A fresh object with no prototype. @example const byId = emptyRecord<number>(); byId.toString // undefined */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `Object.fromEntries` into an object with no prototype. */
export function recordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = emptyRecord<T>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}
