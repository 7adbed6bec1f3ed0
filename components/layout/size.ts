/** Rough size of a block view when it has not been measured yet. */
export const DEFAULT_SIZE = { width: 200, height: 84 };

/** A scope of more blocks than this is wrapped into rows when laid out (elk, and chainLayout). */
export const WRAP_ABOVE = 3;

/** Height of one named-port row of a block with several inputs or outputs (see BlockNode). */
export const PORT_ROW = 16;

/**
 * Rough size of a block with `inputs` and `outputs` ports: a side with several ports lists them
 * in rows under the title.
 * @example blockSize(3, 1) // { width: 200, height: 132 } — scaled dot-product attention's q, k, v
 */
export function blockSize(inputs: number, outputs: number): { width: number; height: number } {
  const rows = Math.max(inputs > 1 ? inputs : 0, outputs > 1 ? outputs : 0);
  return { width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height + rows * PORT_ROW };
}
