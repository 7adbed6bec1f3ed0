/**
 * The pieces every emitted line is made of: safe literals (user strings only through
 * JSON.stringify, numbers only when finite), identifiers chosen by the generator, and a small
 * Prettier-like printer for calls, objects and arrays that breaks them only when a line is full.
 */

/** Thrown when a graph cannot be exported; the message names the node (or field) and the fix. */
export class CodegenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CodegenError";
  }
}

/** Lines longer than this are broken, as Prettier does with `printWidth: 100`. */
export const PRINT_WIDTH = 100;

// Embedding, override and isolate controls: they reorder how the source is displayed (Trojan Source).
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// Other characters a reader cannot see: controls, format characters, line/paragraph separators.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u007F-\u009F]/gu;

/**
 * A user string as a TypeScript string literal. Refuses bidi control characters (naming
 * `where`, e.g. `the label of node attn1`) and escapes every other invisible character.
 * @example stringLiteral('say "hi"', "the document name") // "\"say \\\"hi\\\"\""
 */
export function stringLiteral(value: string, where: string): string {
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) {
    const code = bidi[0].codePointAt(0)!.toString(16).toUpperCase();
    throw new CodegenError(
      `${where} contains the bidirectional control character U+${code} at position ${bidi.index}: remove it to export`,
    );
  }
  return JSON.stringify(value).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A finite number as a literal (`1e-5`, `0.02`, `-1`); anything else is refused, naming `where`. */
export function numberLiteral(value: unknown, where: string): string {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new CodegenError(`${where} must be a finite number to export, got ${typeof value === "number" ? String(value) : typeof value}`);
  }
  const plain = String(value);
  const exponent = value.toExponential();
  return value !== 0 && Math.abs(value) < 1e-3 && exponent.length < plain.length ? exponent : plain;
}

/** A finite number with thousands separators, for comments: `818048` → `818,048`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await async of as any boolean number string symbol object " +
    "never unknown undefined type declare namespace module readonly keyof infer is asserts satisfies abstract accessor " +
    "get set constructor require global eval arguments NaN Infinity globalThis console process Math JSON Number String " +
    "Array Object Promise Error Symbol Map Set Date RegExp Boolean Int32Array Float32Array Float64Array Uint8Array " +
    "performance window self document tf"
  ).split(" "),
);

/** A user-given id that can serve as a variable name as it is: short, plain (`ln_1`), not reserved. */
const PLAIN_ID = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/**
 * The identifiers of one scope. Names come from the generator: a node id only when it is a plain
 * identifier (`attn1`, `mlpUp`), else a name made from the block type (`linear3`).
 */
export class Names {
  private readonly taken: Set<string>;

  constructor(outer: Iterable<string> = []) {
    this.taken = new Set([...RESERVED, ...outer]);
  }

  /** A fresh name: `preferred` when it is a plain id and free, else `fallback1`, `fallback2`, … */
  claim(preferred: string | undefined, fallback: string): string {
    let name = preferred !== undefined && PLAIN_ID.test(preferred) && !this.taken.has(preferred) ? preferred : undefined;
    for (let n = 1; name === undefined; n++) if (!this.taken.has(`${fallback}${n}`)) name = `${fallback}${n}`;
    this.taken.add(name);
    return name;
  }

  names(): string[] {
    return [...this.taken];
  }
}

/**
 * A piece of code the printer lays out: plain text, or a call, `new` call, object or array that
 * it may break over several lines.
 */
export type Doc = string | CallDoc | ObjectDoc | ArrayDoc;
interface CallDoc {
  kind: "call";
  callee: string;
  args: Doc[];
}
interface ObjectDoc {
  kind: "object";
  entries: [string, Doc][];
}
interface ArrayDoc {
  kind: "array";
  items: Doc[];
}

export const call = (callee: string, ...args: Doc[]): Doc => ({ kind: "call", callee, args });
/** An object literal; keys must be plain identifiers from the generator. */
export const object = (entries: [string, Doc][]): Doc => ({ kind: "object", entries });
export const array = (items: Doc[]): Doc => ({ kind: "array", items });

/** The doc on one line. */
export function flat(doc: Doc): string {
  if (typeof doc === "string") return doc;
  if (doc.kind === "call") return `${doc.callee}(${doc.args.map(flat).join(", ")})`;
  if (doc.kind === "array") return `[${doc.items.map(flat).join(", ")}]`;
  return doc.entries.length === 0 ? "{}" : `{ ${doc.entries.map(([k, v]) => (flat(v) === k ? k : `${k}: ${flat(v)}`)).join(", ")} }`;
}

/** Words of `text` in lines of at most `width` characters (a longer word gets its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

const pad = (depth: number) => "  ".repeat(depth);
const firstLine = (text: string) => text.split("\n", 1)[0];

/**
 * Lays out `doc` starting at column `column`, flat when it fits with `reserve` more characters
 * after it, else broken like Prettier (a last object argument hugs its call's parentheses). Lines
 * it breaks are indented relative to the line it starts on, which sits at column `base`.
 */
export function layout(doc: Doc, column: number, base: number, reserve = 0): string {
  const oneLine = flat(doc);
  if (typeof doc === "string" || column + oneLine.length + reserve <= PRINT_WIDTH) return oneLine;
  const inner = (d: Doc, close: number) => `  ${layout(d, base + 2, base + 2, close).replace(/\n/g, "\n  ")}`;
  if (doc.kind === "call") {
    const last = doc.args[doc.args.length - 1];
    const hugs =
      last !== undefined && typeof last !== "string" && last.kind !== "array" && doc.args.slice(0, -1).every((a) => typeof a === "string");
    if (hugs) {
      const head = `${doc.callee}(${doc.args
        .slice(0, -1)
        .map((a) => `${flat(a)}, `)
        .join("")}`;
      const tail = layout(last, column + head.length, base, reserve + 1);
      if (column + head.length + firstLine(tail).length <= PRINT_WIDTH) return `${head}${tail})`;
    }
    return `${doc.callee}(\n${doc.args.map((a) => `${inner(a, 1)},`).join("\n")}\n)`;
  }
  if (doc.kind === "array") return `[\n${doc.items.map((a) => `${inner(a, 1)},`).join("\n")}\n]`;
  const entries = doc.entries.map(([k, v]) =>
    flat(v) === k ? `  ${k},` : `  ${k}: ${layout(v, base + 4 + k.length, base + 2, 1).replace(/\n/g, "\n  ")},`,
  );
  return `{\n${entries.join("\n")}\n}`;
}

/** Lines of code with indentation, in the order they are written. */
export class Writer {
  private readonly lines: string[] = [];

  constructor(private depth = 0) {}

  /** One line (or several, pre-formatted, each indented to the current depth). */
  line(text = ""): this {
    for (const l of text.split("\n")) this.lines.push(l === "" ? "" : pad(this.depth) + l);
    return this;
  }

  /** A block of pre-formatted source (a snippet), indented to the current depth. */
  source(text: string): this {
    return this.line(text.replace(/^\n+|\n+$/g, ""));
  }

  /** The lines `body` writes, one level deeper. */
  indent(body: () => void): this {
    this.depth += 1;
    body();
    this.depth -= 1;
    return this;
  }

  /** `open`, the body one level deeper, then `close`. */
  block(open: string, body: () => void, close = "}"): this {
    return this.line(open).indent(body).line(close);
  }

  /** Another writer's lines, as they are (it was made at this depth). */
  append(other: Writer): this {
    this.lines.push(...other.lines);
    return this;
  }

  /**
   * `${head}${doc}${tail}` laid out at the current depth, with a `// comment` after it when the
   * statement fits on one line, or on the line above it when it does not.
   */
  statement(head: string, doc: Doc, tail = ";", comment?: string): this {
    const column = this.depth * 2;
    const oneLine = `${head}${flat(doc)}${tail}`;
    const withComment = comment ? `${oneLine} // ${comment}` : oneLine;
    if (column + withComment.length <= PRINT_WIDTH) return this.line(withComment);
    if (comment) this.line(`// ${comment}`);
    return this.line(`${head}${layout(doc, column + head.length, column, tail.length)}${tail}`);
  }

  /** A doc comment of paragraphs, each wrapped to the width; on one line when it fits. */
  doc(paragraphs: string[]): this {
    const room = PRINT_WIDTH - this.depth * 2 - 3;
    if (paragraphs.length === 1 && paragraphs[0].length + 4 <= room) return this.line(`/** ${paragraphs[0]} */`);
    this.line("/**");
    for (const p of paragraphs) for (const l of wrap(p, room)) this.line(l ? ` * ${l}` : " *");
    return this.line(" */");
  }

  blank(): this {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== "") this.lines.push("");
    return this;
  }

  toString(): string {
    return `${this.lines.join("\n").replace(/\n+$/, "")}\n`;
  }
}
