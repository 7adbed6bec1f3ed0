/**
 * Below this zoom the canvas shows its overview: blocks as coloured boxes with large names,
 * wires without shape labels drawn on one canvas (see OverviewEdges and `.tl-canvas-far`).
 * At 40 % the 11 px shape labels are 4.4 px on screen: unreadable anyway.
 */
export const FAR_ZOOM = 0.4;
