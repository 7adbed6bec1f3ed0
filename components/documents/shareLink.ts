/**
 * Share links: the whole document, lz-compressed, in the URL fragment (`#doc=…`). The fragment
 * never reaches a server, and reading it goes through `parseGraph` like every other document.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import { parseGraph, serializeGraph } from "@/graph";
import type { GraphDocument, ParseResult } from "@/graph";

/** The fragment key: `#doc=<compressed>`. */
export const SHARE_KEY = "doc";
/** Longest compressed document put in a link; browsers and chat apps choke on longer URLs. */
export const MAX_SHARE_CHARS = 100_000;

/** `encodeShareFragment(doc)` → `"doc=N4Ig…"` (no leading `#`). */
export function encodeShareFragment(doc: GraphDocument): string {
  return `${SHARE_KEY}=${compressToEncodedURIComponent(serializeGraph(doc))}`;
}

export type ShareLinkResult = { ok: true; url: string; compressedChars: number } | { ok: false; compressedChars: number; message: string };

/**
 * The link that opens `doc`: `base` without its fragment, plus `#doc=…`; refused when the
 * compressed document is longer than `maxChars`.
 *
 * @example shareLink(doc, window.location.href) // { ok: true, url: "https://…/#doc=N4Ig…", … }
 */
export function shareLink(doc: GraphDocument, base: string, maxChars = MAX_SHARE_CHARS): ShareLinkResult {
  const fragment = encodeShareFragment(doc);
  const compressedChars = fragment.length - SHARE_KEY.length - 1;
  if (compressedChars > maxChars) {
    return {
      ok: false,
      compressedChars,
      message: `This document is too big for a link (${Math.ceil(compressedChars / 1000)} KB compressed; links hold up to ${Math.floor(maxChars / 1000)} KB). Download it and send the file instead.`,
    };
  }
  const hash = base.indexOf("#");
  return { ok: true, url: `${hash < 0 ? base : base.slice(0, hash)}#${fragment}`, compressedChars };
}

/** What a URL fragment holds: nothing for us, or a document read through `parseGraph`. */
export type ShareFragment = { found: false } | { found: true; result: ParseResult };

/**
 * Reads `#doc=…` from a fragment (`location.hash`, with or without `#`). Never throws: a
 * fragment that does not decompress or parse gives `{ found: true, result: { ok: false, errors } }`.
 *
 * @example readShareFragment(location.hash) // { found: true, result: { ok: true, graph, repairs: [] } }
 */
export function readShareFragment(hash: string): ShareFragment {
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  // Not URLSearchParams: it would turn the `+` of the compressed alphabet into spaces.
  const part = body.split("&").find((p) => p.startsWith(`${SHARE_KEY}=`));
  if (part === undefined) return { found: false };
  const compressed = part.slice(SHARE_KEY.length + 1);
  let text: string | null;
  try {
    text = decompressFromEncodedURIComponent(compressed);
  } catch {
    text = null;
  }
  if (!text) {
    return {
      found: true,
      result: {
        ok: false,
        errors: [
          {
            code: "invalid-json",
            path: "",
            message: "the link is damaged: its document does not decompress (was it cut off when copied?)",
          },
        ],
      },
    };
  }
  return { found: true, result: parseGraph(text) };
}

/** `hash` without the `doc=` part, for clearing the link once it is read: `"#doc=…&x=1"` → `"#x=1"`. */
export function withoutShareFragment(hash: string): string {
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  const rest = body.split("&").filter((p) => p !== "" && !p.startsWith(`${SHARE_KEY}=`));
  return rest.length ? `#${rest.join("&")}` : "";
}
