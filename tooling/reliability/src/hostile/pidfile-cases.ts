import { randomBytes } from 'node:crypto';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CaseCtx, type HostileCase, writePidFile } from './case';

const kept = { file: 'pid file' as const, expect: 'kept or quarantined' as const };
const quarantined = { file: 'pid file' as const, expect: 'quarantined' as const };
const status = () => ['status'];
const pidLine = (pid: string, identity?: object) => async (c: CaseCtx) =>
  writePidFile(c, `${pid}\n${identity ? JSON.stringify(identity) : ''}`);

export const pidFileCases: HostileCase[] = [
  { area: 'PID file', name: 'empty', setup: pidLine(''), args: status, bad: kept },
  { area: 'PID file', name: 'garbage text', setup: (c) => writePidFile(c, 'hello world\n'), args: status, bad: kept },
  { area: 'PID file', name: 'pid 0', setup: pidLine('0'), args: status, bad: kept },
  { area: 'PID file', name: 'pid -1', setup: pidLine('-1'), args: () => ['cleanup'], bad: kept },
  { area: 'PID file', name: 'pid 1 (init)', setup: pidLine('1'), args: status, bad: kept },
  {
    area: 'PID file',
    name: 'pid of the runner, no identity',
    setup: async (c) => pidLine(String(c.ids.runner.pid))(c),
    args: () => ['cleanup'],
    bad: kept,
  },
  { area: 'PID file', name: 'pid 2^31', setup: pidLine(String(2 ** 31)), args: status, bad: kept },
  {
    area: 'PID file',
    name: 'binary garbage',
    setup: (c) => writePidFile(c, randomBytes(256)),
    args: () => ['cleanup'],
    bad: kept,
  },
  {
    area: 'PID file',
    name: 'huge: 17 MiB',
    setup: (c) => writePidFile(c, Buffer.alloc(17 * 1024 * 1024, 0x31)),
    args: status,
    bad: kept,
  },
  { area: 'PID file', name: 'PID file is a directory', setup: (c) => mkdir(c.pidFile), args: status },
  {
    area: 'PID file',
    name: 'PID file is a symlink to a file elsewhere',
    setup: async (c) => {
      await writeFile(join(c.scratch, 'target.pid'), `${c.ids.sentinel.pid}\n`);
      await symlink(join(c.scratch, 'target.pid'), c.pidFile);
    },
    args: status,
    check: async (c) =>
      (await readFile(join(c.scratch, 'target.pid'), 'utf8')) === `${c.ids.sentinel.pid}\n`
        ? null
        : 'symlink target was modified',
  },
  {
    area: 'PID file',
    name: 'line 2 is not JSON',
    setup: (c) => writePidFile(c, `${c.ids.sentinel.pid}\n{not json`),
    args: status,
    bad: kept,
  },
  {
    area: 'PID file',
    name: 'core start() over a garbage PID file',
    via: 'core start()',
    setup: (c) => writePidFile(c, 'garbage\n'),
    bad: quarantined,
  },
  {
    area: 'PID file',
    name: 'core start() single-instance, PID file names the runner without identity',
    via: 'core start()',
    singleInstance: true,
    setup: async (c) => pidLine(String(c.ids.runner.pid))(c),
    bad: kept,
  },
  {
    area: 'PID file',
    name: 'core start() single-instance, PID file names the sentinel with a wrong start time',
    via: 'core start()',
    singleInstance: true,
    setup: async (c) =>
      pidLine(String(c.ids.sentinel.pid), { pid: c.ids.sentinel.pid, start_time: '1', owner_id: 'ghost' })(c),
  },
];
