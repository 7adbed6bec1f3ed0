/**
 * The limits that protect every stage a document reaches (parsing, analysis, flattening,
 * compiling, export), in one place. A document comes from anyone, so each limit is checked
 * before the work it bounds, and its message names the limit and what was over it.
 */
export const LIMITS = {
  /** Longest document text, in UTF-16 code units (≈ 10 MB); also the limit on its compact form. */
  documentChars: 10 * 1024 * 1024,
  /** Nodes in a document, top level and every group body together. */
  nodes: 10_000,
  /** Wires in a document, top level and every group body together. */
  edges: 20_000,
  /** Group bodies in a document. */
  groups: 1_000,
  /** Wires into one input port (Add, Concat take several). */
  inputsPerPort: 1_024,
  /** Group bodies inside group bodies: a Group node at the top level is depth 1. */
  groupDepth: 32,
  /** Layers once every repeat is expanded (∏ repeats × nodes): what compile() builds. */
  expandedNodes: 100_000,
  /** Parameters of a model (GPT-3 has 1.75e11); beyond this counts lose meaning. */
  params: 1e13,
  /** Items in one list-valued block param (Reshape has at most 6). */
  paramItems: 1_000,
  /** Errors returned by parseGraph; the rest are not even built. */
  errors: 100,
  /** Repairs listed by parseGraph; the rest are counted in one last entry. */
  repairs: 100,
} as const;
