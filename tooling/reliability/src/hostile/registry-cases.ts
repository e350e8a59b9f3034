import { randomBytes } from 'node:crypto';
import { type CaseCtx, type HostileCase, iso, json, rec, writeRegistry } from './case';

export const NONEXISTENT = 2 ** 31 - 3; // above any pid_max: certainly no such process
export const q = { file: 'registry' as const, expect: 'quarantined' as const };
/** A read-only command facing a corrupt registry: the file stays as it is, the corruption is reported. */
export const ro = { file: 'registry' as const, expect: 'untouched and reported' as const };
export const cleanup = () => ['cleanup'];
export const withRecords = (make: (ctx: CaseCtx) => unknown[]) => async (ctx: CaseCtx) =>
  writeRegistry(ctx, json(make(ctx)));

/** Registry files that are corrupt, oversized, deeply nested or name impossible pids. */
export const registryCases: HostileCase[] = [
  { area: 'registry file', name: 'empty file (0 bytes)', setup: (c) => writeRegistry(c, ''), args: cleanup, bad: q },
  { area: 'registry file', name: 'whitespace only', setup: (c) => writeRegistry(c, ' \n\t \n'), args: cleanup, bad: q },
  {
    area: 'registry file',
    name: 'truncated mid-record',
    setup: (c) => writeRegistry(c, json([rec(NONEXISTENT), rec(NONEXISTENT - 1)]).slice(0, 70)),
    args: cleanup,
    bad: q,
  },
  {
    area: 'registry file',
    name: 'binary garbage (4 KiB, NUL bytes)',
    setup: (c) => writeRegistry(c, randomBytes(4096)),
    args: cleanup,
    bad: q,
  },
  {
    area: 'registry file',
    name: 'huge: 17 MiB (over the size cap)',
    setup: (c) => writeRegistry(c, Buffer.alloc(17 * 1024 * 1024, 0x20)),
    args: cleanup,
    bad: q,
  },
  {
    area: 'registry file',
    name: 'huge but valid: 20 000 records of nonexistent pids',
    setup: withRecords(() =>
      Array.from({ length: 20_000 }, (_, i) =>
        rec(NONEXISTENT - i, { start_time: '1', owner: { id: 'ghost', pid: NONEXISTENT } }),
      ),
    ),
    args: cleanup,
  },
  {
    area: 'registry file',
    name: 'deeply nested arrays (200 000 levels)',
    setup: (c) => writeRegistry(c, `${'['.repeat(200_000)}${']'.repeat(200_000)}`),
    args: cleanup,
    bad: q,
  },
  {
    area: 'registry file',
    name: 'deeply nested object inside a record (20 000 levels)',
    setup: (c) =>
      writeRegistry(
        c,
        `[{"pid":${NONEXISTENT},"script_path":"x","started_at":"${iso()}","owner":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}]`,
      ),
    args: cleanup,
    bad: q,
  },
  {
    area: 'registry file',
    name: 'JSON object instead of an array',
    setup: (c) => writeRegistry(c, json(rec(NONEXISTENT))),
    args: cleanup,
    bad: q,
  },
  { area: 'registry file', name: 'JSON null', setup: (c) => writeRegistry(c, 'null\n'), args: cleanup, bad: q },
  {
    area: 'registry file',
    name: 'JSON string',
    setup: (c) => writeRegistry(c, '"[{\\"pid\\":1}]"\n'),
    args: cleanup,
    bad: q,
  },
  {
    area: 'registry file',
    name: 'array of nulls, numbers, arrays',
    setup: withRecords(() => [null, 1, [], 'x', true]),
    args: cleanup,
    bad: q,
  },
  { area: 'registry file', name: 'record pid 0', setup: withRecords(() => [rec(0)]), args: cleanup, bad: q },
  {
    area: 'registry file',
    name: 'record pid 1',
    setup: withRecords(() => [rec(1, { start_time: '1' })]),
    args: cleanup,
    bad: q,
  },
  { area: 'registry file', name: 'record pid -1', setup: withRecords(() => [rec(-1)]), args: cleanup, bad: q },
  { area: 'registry file', name: 'record pid 2^31', setup: withRecords(() => [rec(2 ** 31)]), args: cleanup, bad: q },
  {
    area: 'registry file',
    name: 'record pid as a string',
    setup: withRecords((c) => [rec(String(c.prot.sentinel.pid))]),
    args: cleanup,
    bad: q,
  },
  { area: 'registry file', name: 'record pid null', setup: withRecords(() => [rec(null)]), args: cleanup, bad: q },
  { area: 'registry file', name: 'record pid 1.5', setup: withRecords(() => [rec(1.5)]), args: cleanup, bad: q },
];
