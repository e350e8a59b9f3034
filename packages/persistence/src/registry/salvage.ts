/**
 * Turns the text of a registry file into valid records plus a list of what was wrong.
 * Valid JSON: each entry is validated and the valid ones kept. Not JSON (a torn write by an
 * in-place writer, garbage): complete `{…}` objects are cut out of the text and each is tried
 * as a record, so one bad byte does not cost every child we were tracking.
 */

import { decodeUtf8 } from '../files/utf8';
import type { ProcessRecord } from '../types';
import { checkAll } from '../validate/check';
import { MIN_SLICED_BYTES, parseInSlices } from './slices';

export interface ParsedRegistry {
  records: ProcessRecord[];
  /** Set when the file as a whole is wrong (empty, not JSON, not an array). */
  fileProblem?: string;
  /** Per-record problems, "record 3: pid: must be an integer > 1, got 0". */
  recordProblems: string[];
  dropped: number;
}

/** Salvage scans at most this many characters in total, so garbage full of `{` cannot take quadratic time. */
const SALVAGE_BUDGET = 64 * 1024 * 1024;
/** No valid record is longer than this (bounded strings); longer candidates are skipped. */
const MAX_RECORD_CHARS = 64 * 1024;

/** End index (exclusive) of the JSON object starting at `start`, or -1. String-aware. */
function objectEnd(text: string, start: number, budget: { left: number }): number {
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, start + MAX_RECORD_CHARS);
  for (let i = start; i < limit; i++) {
    if (--budget.left < 0) return -1;
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped char
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return i + 1;
  }
  return -1;
}

/** Every complete top-level-looking `{…}` in `text` that parses as JSON. */
export function scanObjects(text: string): unknown[] {
  const found: unknown[] = [];
  const budget = { left: SALVAGE_BUDGET };
  let i = text.indexOf('{');
  while (i !== -1 && budget.left > 0) {
    const end = objectEnd(text, i, budget);
    if (end !== -1) {
      try {
        found.push(JSON.parse(text.slice(i, end)));
        i = text.indexOf('{', end);
        continue;
      } catch {
        // not an object after all: try the next brace
      }
    }
    i = text.indexOf('{', i + 1);
  }
  return found;
}

async function keepValid(candidates: unknown[], parsed: ParsedRegistry): Promise<void> {
  const byPid = new Map<number, ProcessRecord>();
  // The candidates were parsed here from the file's text: nobody else holds them.
  (await checkAll('record', candidates, true)).forEach((check, index) => {
    if (check.ok) {
      // Duplicate pids: the later entry wins, as it would in a map.
      byPid.delete(check.value.pid);
      byPid.set(check.value.pid, check.value);
    } else {
      parsed.dropped++;
      if (parsed.recordProblems.length < 5) parsed.recordProblems.push(`record ${index}: ${check.reason}`);
    }
  });
  parsed.records = [...byPid.values()];
}

/**
 * The registry file's bytes. Bytes that are not UTF-8 make the file corrupt: it is salvaged
 * like text that is not JSON, and a record holding a replacement character (where a bad byte
 * was) is dropped rather than kept with U+FFFD in place of what was written.
 */
export async function parseRegistryBytes(bytes: Uint8Array): Promise<ParsedRegistry> {
  const sliced = bytes.length >= MIN_SLICED_BYTES ? parseInSlices(bytes) : undefined;
  if (sliced) {
    const parsed: ParsedRegistry = { records: [], recordProblems: [], dropped: 0 };
    await keepValid(sliced, parsed);
    return parsed;
  }
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch (error) {
    const parsed: ParsedRegistry = { records: [], recordProblems: [], dropped: 0 };
    parsed.fileProblem = (error as Error).message;
    const candidates = scanObjects(Buffer.from(bytes).toString('utf8'));
    const clean = candidates.filter((candidate) => !JSON.stringify(candidate).includes('\uFFFD'));
    await keepValid(clean, parsed);
    parsed.dropped += candidates.length - clean.length;
    return parsed;
  }
  return parseRegistryText(text);
}

export async function parseRegistryText(raw: string): Promise<ParsedRegistry> {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const parsed: ParsedRegistry = { records: [], recordProblems: [], dropped: 0 };
  if (text.trim() === '') {
    parsed.fileProblem = 'file is empty (a torn write?)';
    return parsed;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    parsed.fileProblem = `not valid JSON: ${(error as Error).message}`;
    await keepValid(scanObjects(text), parsed);
    return parsed;
  }
  if (Array.isArray(value)) {
    await keepValid(value, parsed);
  } else if (value !== null && typeof value === 'object') {
    parsed.fileProblem = 'expected a JSON array of records, got an object';
    // One record, or a pid → record map: both are worth salvaging.
    await keepValid('pid' in value ? [value] : Object.values(value), parsed);
  } else {
    parsed.fileProblem = `expected a JSON array of records, got ${value === null ? 'null' : typeof value}`;
  }
  return parsed;
}

/** "not valid JSON: …; record 2: pid: must be an integer > 1, got 0 (and 3 more)" */
export function describeProblems(parsed: ParsedRegistry): string | undefined {
  const parts = [...(parsed.fileProblem ? [parsed.fileProblem] : []), ...parsed.recordProblems];
  if (parts.length === 0) return undefined;
  const more = parsed.dropped - parsed.recordProblems.length;
  return parts.join('; ') + (more > 0 ? ` (and ${more} more invalid records)` : '');
}
