/**
 * The seed of a layer, from the model's seed and the layer's name (its flat node id, such as
 * `blocks_2_attn`, plus a part name for a second draw). compile() and the exported program both
 * call it: by name, not by position, so inserting a block leaves every other layer's initial
 * weights unchanged.
 */

/**
 * FNV-1a (32-bit) over `seed:name`, folded into [0, 2³¹ − 1).
 * @example layerSeed(0, "blocks_0_attn") // the same number on every run and in the export
 */
export function layerSeed(seed: number, name: string): number {
  const text = `${seed}:${name}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 2_147_483_647;
}
