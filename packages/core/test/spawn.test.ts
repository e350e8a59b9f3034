import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { openRegistry } from '@lifeline/persistence';
import { fixturePath, waitFor } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import { CoreError, createManager, createOutputFile } from '../src/index';
import { fixture, isAlive, makeManager, useManager } from './helpers';

const h = useManager();

const records = async () => openRegistry({ path: h.manager.layout.registryFile, lock: false }).list();

describe('spawn and wait', () => {
  it('a child that is gone before its record could be written leaves no record at all', async () => {
    const child = h.manager.spawn('/bin/true', [], { stdio: 'ignore' });
    expect(h.manager.list()).toHaveLength(1);
    expect((await child.wait()).exitCode).toBe(0);
    expect(h.manager.list()).toEqual([]);
    await h.manager.flush(); // the removal is durable once flushed (wait/kill resolve before)
    expect(await records()).toEqual([]);
  });

  it('registers in memory before spawn returns, durably once ready, and unregisters after exit', async () => {
    const child = h.manager.spawn(process.execPath, [fixturePath('exit-with'), '0', '10000'], { stdio: 'ignore' });
    expect(h.manager.get(child.pid)?.pid).toBe(child.pid);
    expect(child.pgid).toBe(child.pid);
    const info = await child.ready;
    expect(info.identity?.pid).toBe(child.pid);
    expect(info.identity?.command).toContain('exit-with'); // read after exec, not the spawner's command line
    const [record] = await records();
    expect(record).toMatchObject({
      pid: child.pid,
      start_time: info.identity?.startTime,
      owner: { id: h.owner, pid: process.pid },
    });
    const tag = (await readFile(`/proc/${child.pid}/environ`, 'latin1')).split('\0');
    expect(tag).toContain(`LIFELINE_OWNER=${h.owner}`);
    await h.manager.kill(child.pid, { graceMs: 1000 });
    await h.manager.flush(); // the removal is durable once flushed (wait/kill resolve before)
    expect(await records()).toEqual([]);
    expect(h.manager.list()).toEqual([]);
  });

  it('wait() resolves with exit codes and signals, never rejecting for a failure', async () => {
    const ok = h.manager.spawn('/bin/sh', ['-c', 'exit 0']);
    const failed = h.manager.spawn('/bin/sh', ['-c', 'exit 7']);
    const signalled = h.manager.spawn('/bin/sh', ['-c', 'kill -TERM $$']);
    expect(await ok.wait()).toMatchObject({ pid: ok.pid, exitCode: 0, signal: null });
    expect(await failed.wait()).toMatchObject({ exitCode: 7, signal: null });
    expect(await signalled.wait()).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
    await h.manager.flush(); // the removal is durable once flushed (wait/kill resolve before)
    expect(await records()).toEqual([]);
  });

  it('emits spawned, registered, exited, unregistered in order', async () => {
    const events: string[] = [];
    for (const name of ['spawned', 'registered', 'exited', 'unregistered'] as const)
      h.manager.on(name, () => events.push(name));
    // The child exits only when we close its stdin, after it was registered.
    const child = h.manager.spawn('/bin/sh', ['-c', 'read x; exit 3'], { stdio: ['pipe', 'ignore', 'ignore'] });
    await child.ready;
    child.child.stdin?.end();
    expect((await child.wait()).exitCode).toBe(3);
    expect(events.indexOf('spawned')).toBe(0);
    expect(events.slice(-1)).toEqual(['unregistered']);
    expect(events).toContain('registered');
  });

  it('waits for group members that outlive the leader and ends them', async () => {
    // The shell exits at once; its background sleeper stays in the group.
    const child = h.manager.spawn('/bin/sh', ['-c', 'sleep 1000 & echo $!'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let straggler = 0;
    child.child.stdout?.once('data', (d: Buffer) => {
      straggler = Number(d.toString().trim());
    });
    const result = await child.wait();
    expect(result.exitCode).toBe(0);
    expect(straggler).toBeGreaterThan(1);
    expect(isAlive(straggler)).toBe(false);
    await h.manager.flush(); // the removal is durable once flushed (wait/kill resolve before)
    expect(await records()).toEqual([]);
  });

  it('a missing executable rejects ready with ERR_SPAWN_FAILED and leaves no record', async () => {
    const child = h.manager.spawn('/nonexistent/lifeline-no-such-binary', ['x']);
    await expect(child.ready).rejects.toMatchObject({ code: 'ERR_SPAWN_FAILED' });
    await expect(child.wait()).rejects.toSatisfy(CoreError.isInstance);
    expect(h.manager.list()).toEqual([]);
    await h.manager.flush(); // the removal is durable once flushed (wait/kill resolve before)
    expect(await records()).toEqual([]);
  });

  it('a non-executable file rejects with ERR_SPAWN_FAILED (EACCES)', async () => {
    const child = h.manager.spawn(fixturePath('sleeper'), []);
    await expect(child.ready).rejects.toThrow(/EACCES/);
    expect(h.manager.list()).toEqual([]);
  });

  it('captures stdout and stderr to files the child writes directly', async () => {
    const out = join(h.state.dir, 'out.log');
    const err = join(h.state.dir, 'err.log');
    const child = h.manager.spawn('/bin/sh', ['-c', 'echo hello; echo oops >&2'], { stdoutFile: out, stderrFile: err });
    await child.wait();
    expect(await readFile(out, 'utf8')).toBe('hello\n');
    expect(await readFile(err, 'utf8')).toBe('oops\n');
  });

  it('writes every lifecycle event to the JSONL log', async () => {
    const child = h.manager.spawn('/bin/sh', ['-c', 'read x'], {
      scriptPath: '/scripts/x.ts',
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    await child.ready;
    child.child.stdin?.end();
    await child.wait();
    await h.manager.shutdown();
    const lines = (await readFile(h.manager.layout.logFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const events = lines.map((l) => l.event);
    expect(events).toEqual(expect.arrayContaining(['spawned', 'registered', 'exited', 'unregistered', 'shutdown']));
    expect(lines.find((l) => l.event === 'exited')).toMatchObject({
      pid: child.pid,
      script: '/scripts/x.ts',
      owner: h.owner,
    });
  });

  it('refuses to spawn once shutting down', async () => {
    await h.manager.shutdown();
    expect(() => h.manager.spawn('/bin/true')).toThrow(expect.objectContaining({ code: 'ERR_SHUTTING_DOWN' }));
  });

  it('an unusable state directory: ready rejects ERR_STATE_DIR and the child is ended, not left untracked', async () => {
    // A path under a regular file: mkdir fails with ENOTDIR. (Not /proc: Node's recursive mkdir hangs there.)
    await writeFile(join(h.state.dir, 'a-file'), '');
    const bad = await makeManager(h.owner, { stateDir: join(h.state.dir, 'a-file', 'state') });
    try {
      const child = bad.manager.spawn(process.execPath, [fixturePath('sleeper')], { stdio: 'ignore' });
      await expect(child.ready).rejects.toMatchObject({ code: 'ERR_STATE_DIR' });
      await waitFor(() => !isAlive(child.pid), { message: 'the untracked child to be ended' });
      expect(bad.manager.list()).toEqual([]);
      await expect(bad.manager.start()).rejects.toMatchObject({ code: 'ERR_STATE_DIR' });
    } finally {
      await bad.close();
    }
  });
});

describe('the handle exposes the ChildProcess', () => {
  it('piped stdin, stdout and stderr are streams on handle.child', async () => {
    const child = h.manager.spawn('/bin/sh', ['-c', 'read x; echo "out:$x"; echo "err:$x" >&2']);
    expect(child.child.pid).toBe(child.pid);
    const read = (stream: NodeJS.ReadableStream | null) =>
      new Promise<string>((resolve) => {
        let text = '';
        stream?.on('data', (d: Buffer) => {
          text += d.toString();
        });
        stream?.once('end', () => resolve(text));
      });
    const [out, err] = [read(child.child.stdout), read(child.child.stderr)];
    child.child.stdin?.end('hi\n');
    expect((await child.wait()).exitCode).toBe(0);
    expect(await out).toBe('out:hi\n');
    expect(await err).toBe('err:hi\n');
  });

  it("buffer: true puts the piped output in wait()'s result", async () => {
    const child = h.manager.spawn('/bin/sh', ['-c', 'echo one; echo two >&2; exit 4'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      buffer: true,
    });
    expect(await child.wait()).toMatchObject({ exitCode: 4, stdout: 'one\n', stderr: 'two\n' });
    const plain = h.manager.spawn('/bin/sh', ['-c', 'echo x'], { stdio: 'ignore' });
    const result = await plain.wait();
    expect(result).not.toHaveProperty('stdout');
  });

  it('spawn errors stay typed: ERR_SPAWN_FAILED with the errno error as cause', async () => {
    const missing = h.manager.spawn('/nonexistent/lifeline-no-such-binary');
    const error = await missing.ready.catch((e: unknown) => e);
    expect(CoreError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_SPAWN_FAILED', cause: expect.objectContaining({ code: 'ENOENT' }) });
    expect(missing.pid).toBe(0);
    await expect(missing.kill()).rejects.toMatchObject({ code: 'ERR_SPAWN_FAILED' });
    const denied = h.manager.spawn(fixturePath('sleeper'));
    await expect(denied.ready).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'EACCES' }) });
    expect(h.manager.list()).toEqual([]);
    await h.manager.flush();
    expect(await records()).toEqual([]);
  });
});

describe('where a child’s output goes (ProcessInfo.output, the record’s output)', () => {
  it('a child captured to one file: ProcessInfo, the record and listTracked() name that file for both streams', async () => {
    await h.manager.start();
    const file = createOutputFile(h.manager.layout.logsDir, 'sleeper');
    const spawned: unknown[] = [];
    h.manager.on('spawned', (event) => spawned.push(event));
    const child = h.manager.spawn(process.execPath, [fixturePath('sleeper')], {
      stdio: 'ignore',
      stdoutFile: file,
      stderrFile: file,
      name: 'sleeper',
    });
    expect(spawned).toEqual([
      expect.objectContaining({ pid: child.pid, name: 'sleeper', output: { stdout: file, stderr: file } }),
    ]);
    const info = await child.ready;
    expect(info.output).toEqual({ stdout: file, stderr: file });
    expect(h.manager.get(child.pid)?.output).toEqual({ stdout: file, stderr: file });
    expect((await records()).find((r) => r.pid === child.pid)?.output).toEqual({ stdout: file, stderr: file });
    const tracked = await h.manager.listTracked();
    expect(tracked.find((t) => t.record.pid === child.pid)?.record.output).toEqual({ stdout: file, stderr: file });
    // The file really is where the output went.
    await waitFor(async () => (await readFile(file, 'utf8')).includes(`"pid":${child.pid}`), { message: 'ready line' });
    await child.kill({ graceMs: 1000 });
  });

  it('separate files, a relative path made absolute, and no output field when nothing is captured', async () => {
    const out = join(h.state.dir, 'out.log');
    const relative = join(h.state.dir, 'x', '..', 'err.log');
    const captured = h.manager.spawn('/bin/sh', ['-c', 'echo hi; echo oops >&2; read x'], {
      stdio: ['pipe', 'ignore', 'ignore'],
      stdoutFile: out,
      stderrFile: relative,
    });
    const plain = h.manager.spawn(process.execPath, [fixturePath('sleeper')], { stdio: 'ignore' });
    expect((await captured.ready).output).toEqual({ stdout: out, stderr: join(h.state.dir, 'err.log') });
    expect((await plain.ready).output).toBeUndefined();
    const byPid = new Map((await records()).map((r) => [r.pid, r]));
    expect(byPid.get(captured.pid)?.output).toEqual({ stdout: out, stderr: join(h.state.dir, 'err.log') });
    expect(byPid.get(plain.pid)).toBeDefined();
    expect(byPid.get(plain.pid)).not.toHaveProperty('output');
    captured.child.stdin?.end();
    await captured.wait();
    await plain.kill({ graceMs: 1000 });
  });
});

describe('names default to the script’s basename', () => {
  it('spawn: the basename of scriptPath, else of the command; spawnScript: of the script; a name given wins', async () => {
    const byScript = h.manager.spawn(process.execPath, [fixturePath('sleeper')], {
      stdio: 'ignore',
      scriptPath: '/scripts/hello.ts',
    });
    const byCommand = h.manager.spawn(process.execPath, [fixturePath('sleeper')], { stdio: 'ignore' });
    const named = h.manager.spawn(process.execPath, [fixturePath('sleeper')], { stdio: 'ignore', name: 'web' });
    const script = h.manager.spawnScript(fixture('wait.mjs'), { runtime: 'node', stdio: 'ignore' });
    const infos = await Promise.all([byScript.ready, byCommand.ready, named.ready, script.ready]);
    expect(infos.map((i) => i.name)).toEqual(['hello.ts', basename(process.execPath), 'web', 'wait.mjs']);
    const byPid = new Map((await records()).map((r) => [r.pid, r.name]));
    expect(infos.map((i) => byPid.get(i.pid))).toEqual(['hello.ts', basename(process.execPath), 'web', 'wait.mjs']);
    await h.manager.killAll({ graceMs: 1000 });
  });
});

describe('manager.graceMs', () => {
  it('is the effective grace (given, else 3000) and read-only', () => {
    expect(h.manager.graceMs).toBe(2000);
    const plain = createManager({ stateDir: h.state.dir, ownerId: h.owner, handleSignals: false, logger: false });
    expect(plain.graceMs).toBe(3000);
    expect(() => {
      (plain as { graceMs: number }).graceMs = 5;
    }).toThrow(TypeError);
    expect(plain.graceMs).toBe(3000);
  });
});
