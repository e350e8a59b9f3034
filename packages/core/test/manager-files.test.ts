import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoSurvivors, makeStateDir, newOwnerId, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManager, type ProcessManager } from '../src/index';

let state: StateDir;
let owners: string[];
let managers: ProcessManager[];
const make = (options: Parameters<typeof createManager>[0] = {}) => {
  const ownerId = newOwnerId();
  owners.push(ownerId);
  const manager = createManager({ stateDir: state.dir, ownerId, handleSignals: false, graceMs: 500, ...options });
  managers.push(manager);
  return manager;
};
const pidFileOwner = () => JSON.parse(readFileSync(join(state.dir, 'lifeline.pid'), 'utf8').split('\n')[1]!).owner_id;
const logEvents = () =>
  readFileSync(join(state.dir, 'logs', 'lifeline.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).event as string);

beforeEach(async () => {
  state = await makeStateDir('lifeline-core-files-');
  owners = [];
  managers = [];
});
afterEach(async () => {
  for (const m of managers) await m.shutdown();
  for (const o of owners) await expectNoSurvivors(o);
  await state.cleanup();
});

describe('the main PID file', () => {
  it('moves a corrupt PID file aside (never deletes it), reports it, and takes the file', async () => {
    mkdirSync(state.dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(state.dir, 'lifeline.pid'), 'garbage\n', { mode: 0o600 });
    const manager = make();
    const corrupt: Array<{ path: string; quarantinedTo: string; reason: string }> = [];
    manager.on('state-corrupt', (e) => corrupt.push(e));
    await manager.start();
    expect(corrupt).toHaveLength(1);
    expect(readFileSync(corrupt[0]!.quarantinedTo, 'utf8')).toBe('garbage\n');
    expect(readdirSync(state.dir).filter((f) => f.startsWith('lifeline.pid.corrupt-'))).toHaveLength(1);
    expect(pidFileOwner()).toBe(manager.ownerId);
    expect(logEvents()).toContain('state-corrupt');
  });

  it('is not replaced by a second, non-single-instance manager while its holder lives', async () => {
    const first = make({ name: 'launcher' });
    await first.start();
    expect(pidFileOwner()).toBe(first.ownerId);
    const second = make({ name: 'lifeline run' });
    const kept: unknown[] = [];
    second.on('pid-file-kept', (e) => kept.push(e));
    await second.start();
    expect(pidFileOwner()).toBe(first.ownerId);
    expect(kept).toEqual([expect.objectContaining({ holderPid: process.pid, holderOwner: first.ownerId })]);
    // Both instances are known by their owner files all the same.
    expect(existsSync(join(state.dir, 'owners', `${second.ownerId}.json`))).toBe(true);
    await second.shutdown();
    expect(pidFileOwner()).toBe(first.ownerId); // releasing never removes someone else's file
  });

  it('pidFile: false never writes it', async () => {
    const m = make({ pidFile: false });
    await m.start();
    expect(existsSync(join(state.dir, 'lifeline.pid'))).toBe(false);
    expect(() => make({ pidFile: 'no' as unknown as boolean })).toThrow(/pidFile must be true or false, got "no"/);
  });
});

describe('close() and flush()', () => {
  it('a manager that was never started: flushes and closes without a shutdown event, then refuses to spawn', async () => {
    const m = make();
    await m.status(); // read-only: creates nothing, not even the state directory's log
    await m.flush();
    await m.close();
    expect(existsSync(join(state.dir, 'logs', 'lifeline.jsonl'))).toBe(false);
    expect(() => m.spawn('true')).toThrow(expect.objectContaining({ code: 'ERR_SHUTTING_DOWN' }));
    await expect(m.start()).rejects.toMatchObject({ code: 'ERR_SHUTTING_DOWN' });
  });

  it('a started manager: close() is shutdown()', async () => {
    const m = make();
    await m.start();
    const child = m.spawn('sleep', ['30'], { stdio: 'ignore' });
    await child.ready;
    await m.close();
    expect((await child.wait()).signal).toBe('SIGTERM');
    expect(logEvents()).toContain('shutdown');
  });
});
