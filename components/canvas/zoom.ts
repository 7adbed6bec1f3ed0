/**
 * Below this zoom the canvas shows its overview: blocks as coloured boxes with large names,
 * wires without shape labels drawn on one canvas (see OverviewEdges and `.tl-canvas-far`).
 * At 40 % the 11 px shape labels are 4.4 px on screen: unreadable anyway.
 */
export const FAR_ZOOM = 0.4;

/**
 * Room left around the graph when it is fitted to the canvas, in screen pixels: wider at the
 * sides, where the wires that turn a wrapped row bulge out with their labels (ShapeEdge).
 */
export const FIT_PADDING = { x: "80px", y: "36px" } as const;

/** How every "show the whole graph" fits it: the padding above, never zoomed past 120 %. */
export const FIT_VIEW = { padding: FIT_PADDING, maxZoom: 1.2 } as const;
