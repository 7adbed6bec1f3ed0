/** Rough size of a block view when it has not been measured yet. */
export const DEFAULT_SIZE = { width: 200, height: 84 };

/** A scope of more blocks than this is wrapped into rows when laid out (elk, and chainLayout). */
export const WRAP_ABOVE = 3;
