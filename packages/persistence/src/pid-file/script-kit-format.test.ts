import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import {
  expectNoSurvivors,
  makeStateDir,
  newOwnerId,
  type StateDir,
  scriptKitReadPid,
  startFixture,
} from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { procVerify, startTimeOf } from '../../test/helpers/proc-verify';
import { resolveLayout } from '../paths/layout';
import type { StateLayout } from '../types';
import { openLayoutPidFile } from './pid-file';

let tmp: StateDir;
let layout: StateLayout;
let owner: string;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-skpid-');
  layout = resolveLayout({ preset: 'scriptkit', stateDir: tmp.dir });
  owner = newOwnerId('skpid');
});
afterEach(async () => {
  await expectNoSurvivors(owner);
  await tmp.cleanup();
});

const myStartTime = await startTimeOf(process.pid);
const me = () => ({ pid: process.pid, start_time: myStartTime, owner_id: 'me', guardian_pid: null });

describe("script-kit.pid in Script Kit's format", () => {
  it('Lifeline writes the bare pid, which Script Kit reads (trim, then u32); the identity is in the sidecar', async () => {
    const pidFile = openLayoutPidFile(layout);
    await pidFile.acquire(me(), procVerify);
    const text = await readFile(layout.pidFile, 'utf8');
    expect(text).toBe(String(process.pid)); // `write!(file, "{}", pid)`: no newline, no second line
    expect(scriptKitReadPid(text)).toBe(process.pid);
    expect((await stat(layout.pidFile)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(layout.pidIdentityFile as string, 'utf8'))).toEqual(me());
    expect(await pidFile.read()).toEqual(me());
    // write() (a guardian named) keeps both properties.
    await pidFile.write({ ...me(), guardian_pid: 4242 });
    expect(scriptKitReadPid(await readFile(layout.pidFile, 'utf8'))).toBe(process.pid);
    expect(await pidFile.read()).toMatchObject({ guardian_pid: 4242, owner_id: 'me' });
    expect(await pidFile.remove({ pid: process.pid, start_time: myStartTime })).toBe(true);
    await expect(stat(layout.pidFile)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(layout.pidIdentityFile as string)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("the reader's semantics: what Script Kit accepts and refuses", () => {
    expect(scriptKitReadPid('4242')).toBe(4242);
    expect(scriptKitReadPid(' 4242\n')).toBe(4242);
    expect(scriptKitReadPid('+4242')).toBe(4242);
    expect(scriptKitReadPid(`4242\n{"pid":4242}\n`)).toBeNull(); // Lifeline's own two-line format
    expect(scriptKitReadPid('4294967296')).toBeNull();
    expect(scriptKitReadPid('')).toBeNull();
  });

  it("reads the file Script Kit's app writes (a real process), as a holder without Lifeline identity", async () => {
    const app = await startFixture('script-kit-app', { owner, args: [tmp.dir] });
    const pidFile = openLayoutPidFile(layout);
    expect(await readFile(layout.pidFile, 'utf8')).toBe(String(app.pid));
    expect(await pidFile.read()).toEqual({ pid: app.pid });
    expect(await pidFile.isStale(procVerify)).toBe(false);
    // Lifeline cannot take it while that app lives…
    await expect(pidFile.acquire(me(), procVerify)).rejects.toMatchObject({ code: 'ERR_INSTANCE_RUNNING' });
    expect(await readFile(layout.pidFile, 'utf8')).toBe(String(app.pid));
    app.child.kill('SIGKILL');
    await app.exited;
    // …and takes it once the app crashed (Script Kit only removes it on a clean shutdown).
    expect(await pidFile.isStale(procVerify)).toBe(true);
    await pidFile.acquire(me(), procVerify);
    expect(scriptKitReadPid(await readFile(layout.pidFile, 'utf8'))).toBe(process.pid);
    await pidFile.remove();
  });

  it('a sidecar that does not describe the PID file beside it is ignored: other pid, or older than the file', async () => {
    const pidFile = openLayoutPidFile(layout);
    await pidFile.write(me());
    // Script Kit rewrote its file with another pid: the sidecar names ours, so it says nothing.
    await writeFile(layout.pidFile, '4242');
    expect(await pidFile.read()).toEqual({ pid: 4242 });
    // Script Kit's file names the same pid, but was written after the sidecar (a reused pid).
    await writeFile(layout.pidFile, String(process.pid));
    const sidecar = layout.pidIdentityFile as string;
    const past = new Date(Date.now() - 60_000);
    await utimes(sidecar, past, past);
    expect(await pidFile.read()).toEqual({ pid: process.pid });
    // Garbage in the sidecar costs the identity only.
    await pidFile.write(me());
    await writeFile(sidecar, '{not json');
    expect(await pidFile.read()).toEqual({ pid: process.pid });
  });
});
