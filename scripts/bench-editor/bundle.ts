/**
 * Part 3: the JavaScript of the initial page `/` after `next build`, gzipped with node:zlib
 * (default level, as `next start` compresses). Two lists: the chunks the prerendered HTML
 * names (script tags and the flight data, `noModule` polyfills left out), and — from the
 * browser part — every chunk fetched until the editor is on screen (the HTML's chunks plus
 * the editor's own chunk, which `next/dynamic` loads straight after hydration).
 * Any chunk with tfjs or Monaco in it is listed: they must only load lazily.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const NEXT = ".next";
/** Strings that survive minification in the libraries that must stay lazy. */
const LAZY_MARKERS: { name: string; pattern: RegExp }[] = [
  { name: "tfjs", pattern: /_FusedMatMul|IS_BROWSER|WEBGL_VERSION|tfjs-core/ },
  { name: "monaco", pattern: /MonacoEnvironment|monaco-editor/ },
];

export interface Chunk {
  /** Path under `.next/`, e.g. `static/chunks/0wfurka9errm3.js`. */
  file: string;
  bytes: number;
  gzip: number;
  /** Lazy libraries found in it (`tfjs`, `monaco`). */
  lazy: string[];
}

export function chunkInfo(file: string): Chunk {
  const text = readFileSync(join(NEXT, file));
  const s = text.toString("utf8");
  return { file, bytes: text.length, gzip: gzipSync(text).length, lazy: LAZY_MARKERS.filter((m) => m.pattern.test(s)).map((m) => m.name) };
}

/** `/_next/static/chunks/x.js?dpl=…` → `static/chunks/x.js`. */
export function fileOfUrl(url: string): string | undefined {
  const m = /\/_next\/(static\/[^?#"]+\.js)/.exec(url);
  return m?.[1];
}

/** Chunks named by the prerendered `/` (script tags and the RSC payload), in order of appearance. */
export function htmlChunks(): Chunk[] {
  const html = readFileSync(join(NEXT, "server/app/index.html"), "utf8");
  const noModule = new Set([...html.matchAll(/<script[^>]*src="([^"]+)"[^>]*noModule/gi)].map((m) => fileOfUrl(m[1])));
  const files = new Set<string>();
  for (const m of html.matchAll(/\/_next\/static\/[A-Za-z0-9_\-./]+\.js/g)) {
    const f = fileOfUrl(m[0]);
    if (f && !noModule.has(f)) files.add(f);
  }
  return [...files].map(chunkInfo);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every built client chunk that holds a lazy library, wherever it is loaded. */
export function lazyChunks(): Chunk[] {
  return walk(join(NEXT, "static"))
    .filter((p) => p.endsWith(".js"))
    .map((p) => chunkInfo(p.slice(NEXT.length + 1)))
    .filter((c) => c.lazy.length > 0);
}

export const sumGzip = (chunks: readonly Chunk[]) => chunks.reduce((a, c) => a + c.gzip, 0);
export const sumBytes = (chunks: readonly Chunk[]) => chunks.reduce((a, c) => a + c.bytes, 0);
