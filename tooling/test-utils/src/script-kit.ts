/**
 * Script Kit's own file rules, as its Rust code applies them (script-kit-next
 * src/process_manager/mod.rs), for tests that check Lifeline's files both ways.
 */

/** Rust's `str::trim`: Unicode White_Space at both ends (unlike JS trim, not U+FEFF). */
function rustTrim(text: string): string {
  return text.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
}

/** `read_main_pid`: `contents.trim().parse::<u32>().ok()` (u32's FromStr takes an optional '+'). */
export function scriptKitReadPid(text: string): number | null {
  const trimmed = rustTrim(text);
  if (!/^\+?\d+$/.test(trimmed)) return null;
  const value = Number(trimmed.replace(/^\+/, ''));
  return value <= 0xffff_ffff ? value : null;
}

/** chrono's serde form of a DateTime<Utc> (RFC 3339, `Z`, SecondsFormat::AutoSi). `ns`: since the epoch. */
export function chronoUtc(ns: bigint): string {
  const secs = ns / 1_000_000_000n;
  const frac = ns % 1_000_000_000n;
  const base = new Date(Number(secs) * 1000).toISOString().slice(0, 19);
  if (frac === 0n) return `${base}Z`;
  if (frac % 1_000_000n === 0n) return `${base}.${String(frac / 1_000_000n).padStart(3, '0')}Z`;
  if (frac % 1_000n === 0n) return `${base}.${String(frac / 1_000n).padStart(6, '0')}Z`;
  return `${base}.${String(frac).padStart(9, '0')}Z`;
}

/** `serde_json::to_string_pretty`: 2-space indent, no trailing newline. */
export function serdePretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** chrono's `DateTime::parse_from_rfc3339` shape (what serde accepts for `started_at`). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * `load_pids`: serde into `Vec<ProcessInfo { pid: u32, script_path: String, started_at: DateTime<Utc> }>`
 * (unknown keys ignored, as serde does without deny_unknown_fields); null where Script Kit would
 * log a parse error and treat the file as empty.
 */
export function scriptKitReadRegistry(
  text: string,
): Array<{ pid: number; script_path: string; started_at: string }> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const out: Array<{ pid: number; script_path: string; started_at: string }> = [];
  for (const item of parsed) {
    if (typeof item !== 'object' || item === null) return null;
    const { pid, script_path, started_at } = item as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid < 0 || pid > 0xffff_ffff) return null;
    if (typeof script_path !== 'string' || typeof started_at !== 'string' || !RFC3339.test(started_at)) return null;
    out.push({ pid, script_path, started_at });
  }
  return out;
}
