/**
 * Text from state files (registry records, owner files, the log) is untrusted: anyone who can
 * write the state directory could put terminal control sequences in a script path and have
 * `lifeline ps` clear the screen, retitle the window or hide text. Every human-readable string
 * that came from state goes through `sanitizeDeep` before it is formatted, and every byte we
 * write goes through `guardText` (see io.ts) as a backstop. JSON output keeps values exact.
 *
 * Unsafe: C0 controls (U+0000–U+001F), DEL, C1 controls (U+0080–U+009F; U+009B is CSI on some
 * terminals), the Unicode line/paragraph separators and the bidi overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069: "trojan source" reordering). Backslashes are not escaped, so
 * Windows paths stay readable; an escape is therefore readable, not reversible.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same set minus newline, or an SGR colour sequence that we emitted ourselves. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_KEEP_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEP_NEWLINE_AND_SGR = new RegExp(`\\u001b\\[[0-9;]*m|${UNSAFE_KEEP_NEWLINE.source}`, 'g');

/** Characters that JSON.stringify leaves raw although a terminal may act on them. */
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of untrusted text made inert: `\x1b[31mevil\nx` → `\\x1b[31mevil\\nx` (visible, one line). */
export function sanitize(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * A copy of `value` with every string in it sanitized: arrays, plain objects and errors are
 * walked (an Error becomes a plain object keeping name, message and its own fields), anything
 * else is returned as is. For the human output path only; JSON output uses the raw values.
 */
export function sanitizeDeep<T>(value: T): T {
  return walk(value, 0) as T;
}

function walk(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return sanitize(value);
  if (typeof value !== 'object' || value === null || depth > 32) return value;
  if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
  if (value instanceof Error) {
    const own = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, depth + 1)]));
    return { ...own, name: sanitize(value.name), message: sanitize(value.message) };
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, depth + 1)]));
}

/**
 * The backstop for a whole chunk about to be written: newlines stay (they end our lines), and
 * with `keepSgr` (colour is on) so do SGR colour sequences, which is all picocolors emits. Everything else unsafe becomes visible.
 */
export function guardText(text: string, keepSgr: boolean): string {
  if (keepSgr) return text.replace(UNSAFE_KEEP_NEWLINE_AND_SGR, (match) => (match.length > 1 ? match : visible(match)));
  return text.replace(UNSAFE_KEEP_NEWLINE, visible);
}

/**
 * Makes a JSON text safe for a terminal without changing the value it encodes: the characters
 * JSON.stringify leaves raw (DEL, C1, separators, bidi controls) can only occur inside strings
 * in valid JSON, where `\uXXXX` means exactly the same thing.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(JSON_RAW, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
