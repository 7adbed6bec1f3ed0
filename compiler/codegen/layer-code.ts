/**
 * The app's own layer code for an exported file: compiler/layers/*.ts (and the kernels they
 * use) as scripts/gen-layer-sources.mjs recorded them in layer-sources.json, statement by
 * statement without the imports. An exported program defines exactly the statements its layers
 * (and its training code) use, so it trains with the kernels and numerics the app trains with.
 */
import recorded from "./layer-sources.json" with { type: "json" };

/** One top-level statement of a module. */
export interface LayerPiece {
  /** Names it declares (none for `tf.serialization.registerClass(X);`). */
  names: string[];
  /** Top-level names of the recorded modules it uses. */
  refs: string[];
  source: string;
}

export interface LayerModule {
  /** `layers/linear` for compiler/layers/linear.ts. */
  id: string;
  /** Modules it imports. */
  deps: string[];
  /** Layer (or initializer) classes it defines and registers. */
  classes: string[];
  /** The file's opening comment. */
  header: string;
  pieces: LayerPiece[];
}

/** Every recorded module, dependencies before the modules that import them. */
export const LAYER_MODULES: readonly LayerModule[] = recorded.modules;

/** Every top-level name the recorded modules declare. */
export const LAYER_NAMES: readonly string[] = LAYER_MODULES.flatMap((m) => m.pieces.flatMap((p) => p.names));

/** True when the app defines class `className` itself (the export must embed it). */
export function isAppClass(className: string): boolean {
  return LAYER_MODULES.some((m) => m.classes.includes(className));
}

/**
 * The source an exported file needs for `wanted` (class or function names): every statement
 * they use, transitively, with the statements that register a used class, module by module in
 * dependency order, each under its file's opening comment. Names in `defined` (source emitted
 * earlier in the file) are left out.
 * @example layerCode(["TLLinear"]).map((m) => m.id) // ["kernels", "layers/args", "layers/linear"]
 */
export function layerCode(
  wanted: Iterable<string>,
  defined: ReadonlySet<string> = new Set(),
): { id: string; source: string; names: string[] }[] {
  const byName = new Map(LAYER_MODULES.flatMap((m) => m.pieces.flatMap((p) => p.names.map((n) => [n, p] as const))));
  const used = new Set<string>();
  const visit = (name: string) => {
    if (used.has(name) || defined.has(name)) return;
    const piece = byName.get(name);
    if (!piece) throw new Error(`codegen: no layer module defines ${name}`);
    used.add(name);
    piece.refs.forEach(visit);
  };
  for (const name of wanted) visit(name);
  // Statements that declare nothing (registerClass calls) come along with what they use.
  const taken = (p: LayerPiece) =>
    p.names.length > 0
      ? p.names.some((n) => used.has(n))
      : p.refs.some((r) => used.has(r)) && p.refs.every((r) => used.has(r) || defined.has(r));
  return LAYER_MODULES.flatMap((m) => {
    const pieces = m.pieces.filter(taken);
    if (pieces.length === 0) return [];
    const source = [m.header, ...pieces.map((p) => p.source)].filter(Boolean).join("\n\n");
    return [{ id: m.id, source, names: pieces.flatMap((p) => p.names) }];
  });
}
