import type { Colors } from '../output/color.js';
import { sanitize } from '../output/sanitize.js';

export type LogEntry = Record<string, unknown> & { event?: unknown; time?: unknown };

/** Fields every line has, or that say nothing to a reader. */
const HIDDEN = new Set(['level', 'time', 'event', 'owner', 'hostname', 'msg', 'v']);

/** `12:00:01.234 exited         pid=123 scriptPath=/x/crash.mjs exitCode=3`: one short line. */
export function formatEvent(entry: LogEntry, colors: Colors): string {
  const event = sanitize(String(entry.event ?? '?'));
  const fields = Object.entries(entry)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${sanitize(key)}=${show(value)}`);
  const tone =
    event === 'error' || event === 'guardian-lost'
      ? colors.red
      : event.startsWith('orphan')
        ? colors.yellow
        : (t: string) => t;
  return `${colors.dim(clock(entry.time))} ${tone(event.padEnd(14))} ${fields.join(' ')}`.trimEnd();
}

function show(value: unknown): string {
  if (typeof value === 'object' && value !== null) return show(summarise(value));
  if (typeof value === 'string') {
    // Made inert first (a newline becomes a visible \n), then quoted when it has blanks.
    const safe = sanitize(value);
    return /\s/.test(safe) ? `"${safe}"` : safe;
  }
  return sanitize(String(value));
}

/** Nested objects (a whole record, a kill report, output files) would fill the screen: keep their identifying fields. */
function summarise(value: object): string | number {
  if (Array.isArray(value)) return `[${value.length}]`;
  const v = value as Record<string, unknown>;
  for (const key of ['name', 'script_path', 'id', 'pid', 'stdout', 'stderr'])
    if (typeof v[key] === 'string' || typeof v[key] === 'number') return v[key];
  return '{…}';
}

export function clock(time: unknown): string {
  const ms = typeof time === 'number' ? time : Date.parse(String(time));
  if (Number.isNaN(ms)) return '--:--:--.---';
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * A cleanup logs one `orphan-skipped` per record it leaves alone — most of a busy log. A run of
 * them from one instance becomes one line: how many, and why, by kind of reason.
 */
export class SkipSummary {
  #owner: unknown;
  #time: unknown;
  #count = 0;
  #reasons = new Map<string, number>();

  /** Counts an orphan-skipped entry; false (nothing counted) when it is another instance's: take() first. */
  add(entry: LogEntry): boolean {
    if (this.#count > 0 && entry.owner !== this.#owner) return false;
    if (this.#count === 0) {
      this.#owner = entry.owner;
      this.#time = entry.time;
    }
    this.#count++;
    const kind = kindOf(String(entry.reason ?? ''));
    this.#reasons.set(kind, (this.#reasons.get(kind) ?? 0) + 1);
    return true;
  }

  /** The summary line of what was collected (and a fresh start), or null when nothing was. */
  take(colors: Colors): string | null {
    if (this.#count === 0) return null;
    const reasons = [...this.#reasons].map(([kind, n]) => `${n} ${kind}`).join(', ');
    const line = `${colors.dim(clock(this.#time))} ${colors.dim('orphan-skipped'.padEnd(14))} ×${this.#count}: ${reasons}`;
    this.#count = 0;
    this.#reasons.clear();
    return line;
  }
}

function kindOf(reason: string): string {
  if (/live instance|child of this instance|is still running|legacy owner .* is alive/.test(reason))
    return 'owner alive';
  if (/no such process|zombie|exited/.test(reason)) return 'already gone';
  if (/reused|another process|start time differs/.test(reason)) return 'pid reused';
  if (/command line|started .* away/.test(reason)) return 'not ours';
  return 'other';
}
