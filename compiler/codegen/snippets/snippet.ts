/** A piece of fixed source an exported file may need, and the pieces it needs before it. */
export interface Snippet {
  id: string;
  needs: string[];
  /** Pre-formatted source at indentation 0 (leading and trailing newlines are dropped). */
  source: string;
}

/**
 * The snippets `wanted` needs, each once, dependencies first, in the order of `all`.
 * @example resolveSnippets(LAYER_SNIPPETS, ["TLLinear"]) // types, normalInit, dense, TLLinear
 */
export function resolveSnippets(all: Snippet[], wanted: Iterable<string>): Snippet[] {
  const byId = new Map(all.map((s) => [s.id, s]));
  const needed = new Set<string>();
  const visit = (id: string) => {
    const snippet = byId.get(id);
    if (!snippet) throw new Error(`codegen: no snippet ${id}`);
    if (needed.has(id)) return;
    needed.add(id);
    snippet.needs.forEach(visit);
  };
  for (const id of wanted) visit(id);
  return all.filter((s) => needed.has(s.id));
}
