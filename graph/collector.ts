/**
 * What parseGraph reports: errors (at most LIMITS.errors, and the rest never built) and
 * repairs (the first LIMITS.repairs listed, the rest counted), with readable paths.
 */
import { LIMITS } from "./limits";
import type { GraphDocument } from "./types";

export type DocErrorCode =
  | "too-large"
  | "invalid-json"
  | "too-deep"
  | "forbidden-key"
  | "wrong-format"
  | "invalid-version"
  | "version-too-new"
  | "migration-failed"
  | "invalid-document"
  | "non-finite"
  | "duplicate-id"
  | "unknown-block"
  | "invalid-param"
  | "dangling-edge"
  | "unknown-group"
  | "internal";

/** A reason a document was rejected. `path` is like `nodes[0].position.x` ("" for the whole). */
export interface DocError {
  code: DocErrorCode;
  path: string;
  message: string;
}

/** A harmless fix applied while reading, listed so the user can see what changed. */
export interface Repair {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; graph: GraphDocument; repairs: Repair[] } | { ok: false; errors: DocError[] };

export type PathKey = string | number;
export type Path = readonly PathKey[];
export type Json = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["nodes", 0, "position", "x"]` → `nodes[0].position.x`; odd keys are quoted: `meta["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && IDENTIFIER.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

export function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A short, safe rendering of a value for messages. */
export function preview(value: unknown): string {
  const text = typeof value === "number" && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function at(path: Path, message: string): string {
  return path.length === 0 ? message : `${formatPath(path)}: ${message}`;
}

/** True when `path` or one of its prefixes is in `reported` (formatted paths). */
export function coveredBy(path: Path, reported: ReadonlySet<string>): boolean {
  for (let n = 1; n <= path.length; n++) if (reported.has(formatPath(path.slice(0, n)))) return true;
  return false;
}

export class Collector {
  readonly errors: DocError[] = [];
  private readonly listed: Repair[] = [];
  private unlisted = 0;

  /** True once LIMITS.errors errors are kept: every later check can stop. */
  get full(): boolean {
    return this.errors.length >= LIMITS.errors;
  }

  error(code: DocErrorCode, path: Path, message: string): void {
    if (!this.full) this.errors.push({ code, path: formatPath(path), message: at(path, message) });
  }

  repair(path: Path, message: string): void {
    if (this.listed.length < LIMITS.repairs) this.listed.push({ path: formatPath(path), message: at(path, message) });
    else this.unlisted++;
  }

  /** The listed repairs, and one last entry counting those not listed. */
  get repairs(): Repair[] {
    if (this.unlisted === 0) return this.listed;
    return [...this.listed, { path: "", message: `and ${this.unlisted.toLocaleString("en-US")} more repairs` }];
  }
}

/** A result with one error. */
export function failure(code: DocErrorCode, path: Path, message: string): ParseResult {
  const c = new Collector();
  c.error(code, path, message);
  return { ok: false, errors: c.errors };
}
