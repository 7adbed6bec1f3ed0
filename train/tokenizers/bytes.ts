/**
 * UTF-8 bytes for byte-level BPE, and GPT-2's printable stand-in character for each byte (so a
 * saved vocabulary is readable text, as in GPT-2's `encoder.json`).
 *
 * A JavaScript string may hold lone surrogates (half of a UTF-16 pair), which have no UTF-8
 * form: encoding replaces each with U+FFFD "�" (bytes EF BF BD), as `TextEncoder` does and as
 * the WHATWG Encoding standard requires. So a tokenizer round-trips `toWellFormed(s)`, which is
 * `s` itself for every well-formed string.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");

/**
 * `s` with every lone surrogate replaced by U+FFFD, like ES2024's `String.prototype.toWellFormed`.
 * @example toWellFormed("a\uD800b"); // "a\uFFFDb"
 */
export function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** The UTF-8 bytes of `s` (lone surrogates become EF BF BD). */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Bytes → text; an invalid sequence (e.g. half a character) becomes U+FFFD. */
export function utf8Text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * GPT-2's `bytes_to_unicode`: printable bytes stand for themselves, the other 68 map to
 * U+0100… in order, so every byte has a visible, non-space character.
 * @example byteSymbols()[0x20]; // "Ġ" (a space)
 */
export function byteSymbols(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out: string[] = [];
  let extra = 0;
  for (let b = 0; b < 256; b++) out.push(String.fromCodePoint(printable(b) ? b : 256 + extra++));
  return out;
}
