import { isAscii, isUtf8 } from 'node:buffer';

/**
 * Why slices: V8 gives a string over about 128 KiB pages of its own, and on a VM like our CI
 * machine making one costs about 1 ms per 300 KB (fresh pages faulted in), while ten 30 KB
 * strings cost 0.01 ms. A registry of 1000 records is 300–450 KB, so decoding it as one string
 * and parsing that cost more than the rest of the startup decision together. A file as
 * Lifeline or Script Kit writes it is therefore cut between records and each slice decoded and
 * parsed alone.
 */
const SLICE_BYTES = 32 * 1024;
/** Below this a file is parsed whole: one slice would be all of it. */
export const MIN_SLICED_BYTES = 96 * 1024;

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
const BRACE_OPEN = 0x7b;
const BRACE_CLOSE = 0x7d;
const COMMA = 0x2c;
const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;

/** Index of the comma when the `{` at `at` follows `}` `,` (spaces allowed between), else -1. */
function commaBefore(bytes: Uint8Array, at: number): number {
  let i = at - 1;
  while (isSpace(bytes[i])) i--;
  if (bytes[i] !== COMMA) return -1;
  const comma = i--;
  while (isSpace(bytes[i])) i--;
  return bytes[i] === BRACE_CLOSE ? comma : -1;
}

/**
 * The array a registry file holds, parsed slice by slice, or undefined when the file is not a
 * well-formed UTF-8 JSON array that cuts cleanly (the caller then parses it whole and salvages
 * as before). Sound by construction: a cut is made only before a `{` that follows `},`, and
 * each slice must parse alone as `[slice]`. A cut that fell inside a string or inside a nested
 * value leaves its slice with an open string or bracket, which never parses; so when every
 * slice parses, the file is `[s1,s2,…]` and its value is the slices' values in order.
 * To decode each slice with its brackets and no copy, the separator byte before it and the
 * comma after it are overwritten with `[` and `]` while it is decoded, then put back.
 */
export function parseInSlices(bytes: Uint8Array): unknown[] | undefined {
  if (!isUtf8(bytes)) return undefined;
  // ASCII (the usual file) decodes as one-byte text, a plain copy.
  const encoding = isAscii(bytes) ? 'latin1' : 'utf8';
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let end = bytes.length;
  while (isSpace(bytes[start])) start++;
  while (end > start && isSpace(bytes[end - 1])) end--;
  if (bytes[start] !== BRACKET_OPEN || bytes[end - 1] !== BRACKET_CLOSE) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inner = end - 1;
  const values: unknown[] = [];
  let from = start + 1;
  while (from < inner) {
    let cut = -1;
    let next = inner;
    for (let at = buffer.indexOf(BRACE_OPEN, from + SLICE_BYTES); at !== -1 && at < inner; ) {
      cut = commaBefore(buffer, at);
      if (cut !== -1) {
        next = at;
        break;
      }
      at = buffer.indexOf(BRACE_OPEN, at + 1);
    }
    const last = cut === -1 ? inner : cut;
    const before = buffer[from - 1] as number;
    const after = buffer[last] as number;
    let parsed: unknown;
    try {
      buffer[from - 1] = BRACKET_OPEN;
      buffer[last] = BRACKET_CLOSE;
      parsed = JSON.parse(buffer.toString(encoding, from - 1, last + 1));
    } catch {
      return undefined;
    } finally {
      buffer[from - 1] = before;
      buffer[last] = after;
    }
    for (const value of parsed as unknown[]) values.push(value);
    from = next;
  }
  return values;
}
