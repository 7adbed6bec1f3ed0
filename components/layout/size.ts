/** Rough size of a block view when it has not been measured yet. */
export const DEFAULT_SIZE = { width: 200, height: 84 };
