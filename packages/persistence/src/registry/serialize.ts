import type { ProcessRecord } from '../types';

/**
 * Pretty-printed JSON (2 spaces), byte for byte `JSON.stringify(records, null, 2) + '\n'`, but
 * each record's UTF-8 text is cached by object identity and the file is assembled with one
 * memcpy per record: a commit that adds 8 records to 1000 encodes 8, not 1008 (joining 1000
 * strings and re-encoding them cost more than the fsync). Records are never mutated after they
 * enter the registry, so the cache stays valid.
 */
const fragments = new WeakMap<ProcessRecord, Buffer>();
const OPEN = Buffer.from('[\n');
const SEPARATOR = Buffer.from(',\n');
const CLOSE = Buffer.from('\n]\n');
const EMPTY = Buffer.from('[]\n');

function fragment(record: ProcessRecord): Buffer {
  let bytes = fragments.get(record);
  if (bytes === undefined) {
    bytes = Buffer.from(`  ${JSON.stringify(record, null, 2).replace(/\n/g, '\n  ')}`, 'utf8');
    fragments.set(record, bytes);
  }
  return bytes;
}

export function serializeRecords(records: readonly ProcessRecord[]): Buffer {
  if (records.length === 0) return Buffer.from(EMPTY);
  const parts: Buffer[] = [OPEN];
  records.forEach((record, i) => {
    if (i > 0) parts.push(SEPARATOR);
    parts.push(fragment(record));
  });
  parts.push(CLOSE);
  return Buffer.concat(parts);
}
