import type { Colors } from '../output/color.js';
import { sanitize } from '../output/sanitize.js';

/**
 * A line of Script Kit's own log (`script-kit-gpui.jsonl`). Current app (script-kit-next's
 * JsonWithCorrelation): `{timestamp, level: "INFO", target, correlation_id, message, fields?}`.
 * Older app (script-kit-gpui, tracing-subscriber's json()): the message is inside `fields`.
 */
export interface HostEntry {
  timestamp?: unknown;
  level?: unknown;
  target?: unknown;
  message?: unknown;
  fields?: unknown;
}

/** A Script Kit log line, or undefined when the line is not one (not JSON, or no timestamp and level). */
export function parseHostLine(line: string): HostEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entry = value as HostEntry;
  return typeof entry.timestamp === 'string' && typeof entry.level === 'string' ? entry : undefined;
}

export const hostTime = (entry: HostEntry): number => Date.parse(String(entry.timestamp));

/** `12:00:01.234 script-kit INFO process_manager.register_process.start pid=123 script_path=/x.ts (process_manager)`. */
export function formatHostEntry(entry: HostEntry, colors: Colors, clock: (ms: number) => string): string {
  const fields = typeof entry.fields === 'object' && entry.fields !== null ? { ...(entry.fields as object) } : {};
  const nested = (fields as Record<string, unknown>).message;
  const message = entry.message ?? nested;
  if (entry.message === undefined) delete (fields as Record<string, unknown>).message;
  const level = sanitize(String(entry.level));
  const tone = level === 'ERROR' ? colors.red : level === 'WARN' ? colors.yellow : (t: string) => t;
  const parts = Object.entries(fields).map(([key, value]) => `${sanitize(key)}=${show(value)}`);
  const target = typeof entry.target === 'string' ? colors.dim(`(${sanitize(shortTarget(entry.target))})`) : '';
  const text = [
    colors.dim(clock(hostTime(entry))),
    colors.dim('script-kit'),
    tone(level.padEnd(5)),
    show(message ?? ''),
  ]
    .concat(parts, target ? [target] : [])
    .join(' ');
  return text.trimEnd();
}

/** `script_kit_gpui::process_manager` → `process_manager`: the crate name is the same on every line. */
function shortTarget(target: string): string {
  const parts = target.split('::');
  return parts.length > 1 ? parts.slice(1).join('::') : target;
}

function show(value: unknown): string {
  if (typeof value === 'string') {
    const safe = sanitize(value);
    return /\s/.test(safe) && safe.includes('=') ? `"${safe}"` : safe;
  }
  if (typeof value === 'object' && value !== null) return sanitize(JSON.stringify(value));
  return sanitize(String(value));
}
