import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HostileCase, iso, json, rec, selfRecordPrelude, trueRecord, writeRegistry } from './case';
import { cleanup, NONEXISTENT, q, ro, withRecords } from './registry-cases';

/** Well-formed records that name protected processes, and registry paths that are not regular files. */
export const registryTargetCases: HostileCase[] = [
  {
    area: 'registry file',
    name: "the CLI's parent (the runner), true identity, dead owner",
    setup: withRecords((c) => [trueRecord(c.ids.runner, c.deadOwner)]),
    args: cleanup,
  },
  {
    area: 'registry file',
    name: "the runner's parent, true identity, dead owner",
    setup: withRecords((c) => (c.ids.parent ? [trueRecord(c.ids.parent, c.deadOwner)] : [])),
    args: cleanup,
  },
  {
    area: 'registry file',
    name: 'the CLI itself ($$ before exec), true identity, dead owner',
    prelude: (c) => selfRecordPrelude(c, false),
    args: cleanup,
  },
  {
    area: 'registry file',
    name: 'the CLI itself, legacy record that matches it',
    prelude: (c) => selfRecordPrelude(c, true),
    args: cleanup,
  },
  {
    area: 'registry file',
    name: 'the runner, legacy record that matches it (start time and command)',
    setup: withRecords((c) => [
      { pid: c.ids.runner.pid, script_path: 'run.ts', started_at: startedAt(c.ids.runner.startTime) },
    ]),
    args: cleanup,
  },
  {
    area: 'registry file',
    name: 'sentinel pid, wrong start time (reused pid)',
    setup: withRecords((c) => [
      trueRecord(c.ids.sentinel, c.deadOwner, { start_time: String(BigInt(c.ids.sentinel.startTime) + 3n) }),
    ]),
    args: cleanup,
  },
  {
    area: 'registry file',
    name: 'sentinel pid, legacy record an hour off',
    setup: withRecords((c) => [
      { pid: c.ids.sentinel.pid, script_path: 'sentinel.mjs', started_at: iso(Date.now() - 3_600_000) },
    ]),
    args: cleanup,
  },
  {
    area: 'registry file',
    name: "nonexistent pid whose pgid is the runner's group",
    setup: withRecords((c) => [rec(NONEXISTENT, { pgid: c.ids.runner.pgid, start_time: '1', owner: c.deadOwner })]),
    args: cleanup,
  },
  {
    area: 'registry file',
    name: "nonexistent pid whose pgid is the sentinel's group",
    setup: withRecords((c) => [rec(NONEXISTENT, { pgid: c.ids.sentinel.pgid, start_time: '1', owner: c.deadOwner })]),
    args: cleanup,
  },
  {
    area: 'registry file',
    name: 'pgid 1 and pgid -1',
    setup: withRecords(() => [rec(NONEXISTENT, { pgid: 1 }), rec(NONEXISTENT - 1, { pgid: -1 })]),
    args: cleanup,
    bad: q,
  },
  {
    area: 'registry file',
    name: 'ps: owner id "../../../etc/passwd", owner pid 1',
    setup: withRecords(() => [rec(NONEXISTENT, { start_time: '1', owner: { id: '../../../etc/passwd', pid: 1 } })]),
    args: () => ['ps'],
    bad: { file: 'registry', expect: 'kept or quarantined' },
  },
  {
    area: 'registry file',
    name: 'ps: the sentinel twice (duplicate pid, wrong start times)',
    setup: withRecords((c) =>
      [1n, 2n].map((d) =>
        trueRecord(c.ids.sentinel, c.deadOwner, { start_time: String(BigInt(c.ids.sentinel.startTime) + d) }),
      ),
    ),
    args: () => ['ps'],
    bad: { file: 'registry', expect: 'kept or quarantined' },
  },
  {
    area: 'registry file',
    name: 'ps: __proto__ and constructor keys, unknown fields',
    setup: (c) =>
      writeRegistry(
        c,
        `[{"pid":${NONEXISTENT},"script_path":"x","started_at":"${iso()}","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"extra":true}]`,
      ),
    args: () => ['ps'],
    bad: { file: 'registry', expect: 'kept or quarantined' },
  },
  {
    area: 'registry file',
    name: 'start_time a number, boot_id 1 MB',
    setup: withRecords((c) => [
      { ...trueRecord(c.ids.sentinel, c.deadOwner), start_time: 5, boot_id: 'b'.repeat(1 << 20) },
    ]),
    args: cleanup,
    bad: q,
  },
  {
    area: 'registry file',
    name: 'ps: UTF-8 BOM before a valid file',
    setup: (c) => writeRegistry(c, `\uFEFF${json([rec(NONEXISTENT, { start_time: '1' })])}`),
    args: () => ['ps'],
    bad: { file: 'registry', expect: 'kept or quarantined' },
  },
  { area: 'registry file', name: 'registry is a directory', setup: (c) => mkdir(c.registryFile), args: cleanup },
  {
    area: 'registry file',
    name: 'registry is a symlink to a file naming the sentinel (true identity)',
    setup: async (c) => {
      const target = join(c.scratch, 'elsewhere.json');
      await writeFile(target, json([trueRecord(c.ids.sentinel, c.deadOwner)]));
      await symlink(target, c.registryFile);
    },
    args: cleanup,
    check: async (c) =>
      (await readFile(join(c.scratch, 'elsewhere.json'), 'utf8')).includes(`"pid": ${c.ids.sentinel.pid}`)
        ? null
        : 'symlink target was modified',
  },
  {
    area: 'registry file',
    name: 'registry is a FIFO (nobody writes)',
    setup: async (c) => void execFileSync('mkfifo', [c.registryFile]),
    args: () => ['ps'],
  },
  {
    area: 'registry file',
    name: 'ps: script_path with ANSI escapes and newlines',
    setup: withRecords((c) => [
      {
        ...trueRecord(c.ids.sentinel, { ...c.deadOwner }),
        script_path: '\u001b[2J\u001b[31mevil\nline',
        command: '\u001b]0;pwned\u0007x',
        name: '\u001b[5mblink',
      },
    ]),
    args: () => ['ps'],
    check: (_c, r) =>
      r.stdout.includes('\u001b') ? 'raw escape sequences from the registry reached the terminal' : null,
  },
  {
    area: 'registry file',
    name: 'ps on a truncated file',
    setup: (c) => writeRegistry(c, '[{"pid": 12'),
    args: () => ['ps'],
    bad: ro,
  },
  {
    area: 'registry file',
    name: 'ps --json on binary garbage',
    setup: (c) => writeRegistry(c, randomBytes(512)),
    args: () => ['ps', '--json'],
    bad: ro,
  },
  {
    area: 'registry file',
    name: 'kill --all with records naming runner, parent, sentinel (reused)',
    setup: withRecords((c) => [
      trueRecord(c.ids.runner, c.deadOwner),
      ...(c.ids.parent ? [trueRecord(c.ids.parent, c.deadOwner)] : []),
      trueRecord(c.ids.sentinel, c.deadOwner, { start_time: '77' }),
    ]),
    args: () => ['kill', '--all', '--grace', '100'],
  },
  {
    area: 'registry file',
    name: 'status on binary garbage',
    setup: (c) => writeRegistry(c, randomBytes(300)),
    args: () => ['status'],
    bad: ro,
  },
  {
    area: 'registry file',
    name: 'core start() on binary garbage',
    via: 'core start()',
    setup: (c) => writeRegistry(c, randomBytes(300)),
    bad: q,
  },
  {
    area: 'registry file',
    name: 'core start() on records naming itself and its parent (true identity, dead owner)',
    via: 'core start()',
    setup: withRecords((c) => [
      trueRecord(c.ids.runner, c.deadOwner),
      ...(c.ids.parent ? [trueRecord(c.ids.parent, c.deadOwner)] : []),
    ]),
  },
];

/** A start time in clock ticks since boot → the ISO date it means (for a legacy record that matches). */
function startedAt(startTime: string): string {
  const ticks = Number(startTime);
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  const bootMs = Date.now() - uptime * 1000;
  return iso(bootMs + (ticks / 100) * 1000);
}
