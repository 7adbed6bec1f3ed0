#!/usr/bin/env node
/**
 * Writes compiler/codegen/layer-sources.json: the source of every module in compiler/layers/
 * (and the compiler modules they import, such as kernels.ts), statement by statement without its
 * imports, with the names each statement declares and uses and the layer classes each module
 * registers. The TypeScript export embeds exactly the statements a graph's layers need, so an
 * exported program runs the app's own layer code.
 *
 *   node scripts/gen-layer-sources.mjs          # rewrite the JSON
 *   node scripts/gen-layer-sources.mjs --check  # exit 1 when the JSON is out of date
 *
 * tests/compiler/codegen/layer-sources.test.ts fails when the JSON and the .ts files disagree.
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const compilerDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "compiler");
export const OUTPUT = join(compilerDir, "codegen", "layer-sources.json");
/** The generated list of every class, which compiler/layers/index.ts registers with tfjs. */
export const CLASSES = join(compilerDir, "layers", "classes.ts");
/** Modules that only re-export or register: the export defines what it uses itself. */
const SKIP = new Set(["layers/index", "layers/classes"]);

/** `layers/linear` for compiler/layers/linear.ts. */
const idOf = (file) => relative(compilerDir, file).replace(/\.ts$/, "");

/** Names a top-level statement declares. */
function declared(statement) {
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  return statement.name && ts.isIdentifier(statement.name) ? [statement.name.text] : [];
}

/** Identifiers a statement uses as values or types (not property names). */
function referenced(statement) {
  const refs = new Set();
  const visit = (node) => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isMember =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) ||
          ts.isPropertyDeclaration(parent) ||
          ts.isMethodDeclaration(parent) ||
          ts.isPropertySignature(parent)) &&
          parent.name === node) ||
        (ts.isQualifiedName(parent) && parent.right === node);
      if (!isMember) refs.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return refs;
}

/**
 * Names a layer class may extend: tf.layers.Layer and, transitively, every class of
 * compiler/layers/ that extends one (TLRecurrent, SameShapeLayer, TLNorm).
 */
function layerBases() {
  const dir = join(compilerDir, "layers");
  const extending = readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/^(?:export )?(?:abstract )?class (\w+) extends ([\w.]+)/gm)]);
  const bases = new Set(["tf.layers.Layer"]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [, name, base] of extending) {
      if (bases.has(base) && !bases.has(name)) grew = bases.add(name).size > 0;
    }
  }
  return bases;
}

/**
 * One module: its top-level statements without the imports (each with the names it declares and
 * uses, so an export can take only what it needs), the file's opening comment, and its imports.
 */
function readModule(file) {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const deps = [];
  let header = "";
  const pieces = [];
  let previousEnd = 0; // a comment after a statement on its line belongs to that statement
  for (const statement of source.statements) {
    const start = Math.max(statement.getFullStart(), previousEnd);
    const trailing = ts.getTrailingCommentRanges(text, statement.end) ?? [];
    const end = trailing.length > 0 ? trailing[trailing.length - 1].end : statement.end;
    previousEnd = end;
    if (ts.isImportDeclaration(statement)) {
      const spec = statement.moduleSpecifier.text;
      if (pieces.length === 0 && !header) header = text.slice(start, statement.getStart()).trim();
      if (spec === "@tensorflow/tfjs") continue;
      if (!spec.startsWith("."))
        throw new Error(`${idOf(file)} imports ${spec}: a layer module may import only @tensorflow/tfjs and other compiler modules`);
      deps.push(idOf(resolve(dirname(file), `${spec}.ts`)));
      continue;
    }
    const names = declared(statement);
    const refs = [...referenced(statement)].filter((r) => !names.includes(r));
    pieces.push({
      names,
      refs,
      source: text
        .slice(start, end)
        .replace(/^\s*\n/, "")
        .trimEnd(),
    });
  }
  const found = pieces.flatMap((p) => [
    ...p.source.matchAll(/^export class (\w+) extends ([\w.]+)[^\n]*\{\n\s+static className = "(\w+)";/gm),
  ]);
  const classes = found.map((m) => m[3]);
  const bases = layerBases();
  const layers = found.filter((m) => bases.has(m[2])).map((m) => m[1]);
  return { id: idOf(file), deps: [...new Set(deps)], classes, layers, header, pieces };
}

/** Every module under compiler/layers/ and, transitively, what they import; dependencies first. */
export function layerSources() {
  const layersDir = join(compilerDir, "layers");
  const pending = readdirSync(layersDir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => join(layersDir, f));
  const modules = new Map();
  while (pending.length > 0) {
    const file = pending.shift();
    const id = idOf(file);
    if (modules.has(id) || SKIP.has(id)) continue;
    const mod = readModule(file);
    modules.set(id, mod);
    for (const dep of mod.deps) pending.push(join(compilerDir, `${dep}.ts`));
  }
  const ordered = [];
  const visit = (id, stack = []) => {
    if (ordered.some((m) => m.id === id)) return;
    if (stack.includes(id)) throw new Error(`import cycle: ${[...stack, id].join(" → ")}`);
    const mod = modules.get(id);
    for (const dep of mod.deps) visit(dep, [...stack, id]);
    ordered.push(mod);
  };
  [...modules.keys()].sort().forEach((id) => visit(id));
  // Every top-level name once across the modules: an exported file defines them side by side.
  const owner = new Map();
  for (const mod of ordered)
    for (const name of mod.pieces.flatMap((p) => p.names)) {
      if (owner.has(name)) throw new Error(`${name} is declared in both ${owner.get(name)} and ${mod.id}: rename one`);
      owner.set(name, mod.id);
    }
  for (const mod of ordered) for (const piece of mod.pieces) piece.refs = piece.refs.filter((r) => owner.has(r)).sort();
  return { modules: ordered };
}

export const render = () => `${JSON.stringify(layerSources(), null, 2)}\n`;

/** compiler/layers/classes.ts: every class of the layer modules, layers apart from initializers. */
export function renderClasses() {
  const modules = layerSources().modules.filter((m) => m.classes.length > 0);
  const imports = modules.map((m) => `import { ${[...m.classes].sort().join(", ")} } from "./${m.id.replace(/^layers\//, "")}";`);
  const layers = modules.flatMap((m) => m.layers);
  const others = modules.flatMap((m) => m.classes.filter((c) => !m.layers.includes(c)));
  return [
    "// Generated by scripts/gen-layer-sources.mjs from compiler/layers/*.ts (npm run gen:layers): do not edit.",
    ...imports,
    "",
    "/** Every custom layer class, in file order. */",
    `export const LAYER_CLASSES = [${layers.join(", ")}] as const;`,
    "",
    "/** Custom classes that are not layers (initializers). */",
    `export const OTHER_CLASSES = [${others.join(", ")}] as const;`,
    "",
  ].join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = [
    [OUTPUT, render()],
    [CLASSES, renderClasses()],
  ];
  for (const [file, text] of files) {
    if (process.argv.includes("--check")) {
      if (readFileSync(file, "utf8") !== text) {
        console.error(`${relative(process.cwd(), file)} is out of date: run node scripts/gen-layer-sources.mjs`);
        process.exit(1);
      }
    } else {
      writeFileSync(file, text);
      console.log(`wrote ${relative(process.cwd(), file)}`);
    }
  }
}
