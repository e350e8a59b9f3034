import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreError, createManager, type ProcessManager } from '@lifeline/core';
import { openInspector } from '@lifeline/core/inspect';
import {
  expectNoSurvivors,
  fixturePath,
  makeStateDir,
  newOwnerId,
  procState,
  readOwnerTag,
  type StateDir,
  waitFor,
} from '@lifeline/test-utils';
import type { ResultPromise } from 'execa';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createExeca, type TrackedExeca } from '../src/index';

const here = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const node = process.execPath;
let owner: string;
let state: StateDir;
let manager: ProcessManager;
let x: TrackedExeca;

beforeEach(async () => {
  owner = newOwnerId();
  state = await makeStateDir('lifeline-execa-');
  manager = createManager({ stateDir: state.dir, ownerId: owner, handleSignals: false, graceMs: 2000, logger: false });
  x = createExeca(manager);
});
afterEach(async () => {
  await manager.shutdown();
  await expectNoSurvivors(owner);
  await state.cleanup();
});

const alive = (pid: number) => {
  const s = procState(pid);
  return s !== undefined && s !== 'Z' && s !== 'X';
};
const allGone = (pids: number[], message: string) =>
  waitFor(() => pids.every((pid) => !alive(pid)), { timeoutMs: 30_000, message });

/** The pids recorded in a state directory (read as `lifeline ps` reads them). */
const recordPids = async (stateDir: string) => {
  await manager.flush();
  const inspector = openInspector({ stateDir });
  try {
    return (await inspector.listTracked()).map((t) => t.record.pid);
  } finally {
    await inspector.close();
  }
};

/** The tree fixture's ready line, read beside execa's own reading of stdout. */
function treeReady(subprocess: ResultPromise): Promise<{ pid: number; descendants: number[]; escaped: number[] }> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk;
      if (!text.includes('\n')) return;
      subprocess.stdout!.off('data', onData);
      resolve(JSON.parse(text.slice(0, text.indexOf('\n'))));
    };
    subprocess.stdout!.on('data', onData);
  });
}

const groupOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
};

describe('@lifeline/execa', () => {
  it('a subprocess runs in its own group, carries the owner tag, is recorded, and leaves the registry when done', async () => {
    const subprocess = x.execa(node, [fixturePath('sleeper')]);
    const ready = await treeReady(subprocess);
    expect(groupOf(ready.pid)).toBe(ready.pid);
    expect(readOwnerTag(ready.pid)).toBe(owner);
    await waitFor(async () => (await recordPids(state.dir)).includes(ready.pid), {
      timeoutMs: 30_000,
      message: 'record',
    });
    expect(manager.get(ready.pid)?.adopted).toBe(true);
    subprocess.kill();
    const result = await subprocess.catch((error: unknown) => error as { signal: string; isTerminated: boolean });
    expect(result).toMatchObject({ signal: 'SIGTERM', isTerminated: true });
    await waitFor(() => manager.list().length === 0, { timeoutMs: 30_000, message: 'unregistered' });
    expect(await recordPids(state.dir)).toEqual([]);
  });

  it('timeout ends the whole tree (a setsid escapee included); execa reports timedOut', async () => {
    const subprocess = x.execa(node, [fixturePath('tree'), '2', '1', '--setsid'], { timeout: 6000 });
    const ready = await treeReady(subprocess);
    expect(ready.escaped.length).toBe(1);
    const error = await subprocess.then(
      () => null,
      (e: unknown) => e as { timedOut: boolean; signal: string },
    );
    expect(error).toMatchObject({ timedOut: true, signal: 'SIGTERM' });
    await allGone([ready.pid, ...ready.descendants], 'the tree after the timeout');
  });

  it('cancelSignal ends the whole tree; execa reports isCanceled', async () => {
    const controller = new AbortController();
    const subprocess = x.execa(node, [fixturePath('tree'), '2', '1', '--setsid'], { cancelSignal: controller.signal });
    const ready = await treeReady(subprocess);
    controller.abort();
    const error = await subprocess.then(
      () => null,
      (e: unknown) => e as { isCanceled: boolean },
    );
    expect(error).toMatchObject({ isCanceled: true });
    await allGone([ready.pid, ...ready.descendants], 'the tree after cancel');
  });

  it('forceKillAfterDelay is our escalation: a tree ignoring SIGTERM is force-killed after that grace', async () => {
    const subprocess = x.execa(node, [fixturePath('tree'), '2', '1', '--ignore-term'], { forceKillAfterDelay: 300 });
    const ready = await treeReady(subprocess);
    const settled = subprocess.then(
      () => null,
      (e: unknown) => e as { signal: string },
    );
    const killed = new Promise((resolve) => manager.once('escalated', resolve));
    expect(subprocess.kill()).toBe(true);
    expect(await killed).toMatchObject({ pid: ready.pid, afterMs: 300 });
    expect(await settled).toMatchObject({ signal: 'SIGKILL' });
    await allGone([ready.pid, ...ready.descendants], 'the stubborn tree');
  });

  it("the manager's killAll ends execa trees; execa's promise settles with the signal", async () => {
    const a = x.execa(node, [fixturePath('tree'), '2', '1']);
    const b = x.$({ reject: false })`${node} ${fixturePath('tree')} 1 1`;
    const [ra, rb] = await Promise.all([treeReady(a), treeReady(b)]);
    await waitFor(() => manager.list().length === 2, { timeoutMs: 30_000, message: 'both adopted' });
    const settled = a.catch((e: { signal: string }) => e); // a rejects (reject: true) as soon as it is killed
    const reports = await manager.killAll();
    expect(reports.flatMap((r) => r.survivors)).toEqual([]);
    await allGone([ra.pid, ...ra.descendants, rb.pid, ...rb.descendants], 'both trees');
    expect((await settled).signal).toBe('SIGTERM');
    expect((await b).signal).toBe('SIGTERM');
  });

  it('pipe destinations are tracked too (file and template forms)', async () => {
    const adopted: number[] = [];
    manager.on('adopted', (e) => adopted.push(e.pid));
    const viaFile = await x
      .execa(node, ['-e', 'console.log(1)'])
      .pipe(node, ['-e', 'process.stdin.pipe(process.stdout)']);
    const viaTemplate = await x.execa(node, ['-e', 'console.log(2)'])
      .pipe`${node} -e ${'process.stdin.pipe(process.stdout)'}`;
    expect([viaFile.stdout, viaTemplate.stdout]).toEqual(['1', '2']);
    expect(adopted.length).toBe(4);
  });

  it('refuses synchronous calls (they cannot be tracked)', () => {
    const error = (() => {
      try {
        (x.$ as unknown as { sync: (s: TemplateStringsArray) => unknown }).sync`true`;
      } catch (e) {
        return e;
      }
    })();
    expect(CoreError.isInstance(error) && error.code).toBe('ERR_INVALID_ARGUMENT');
  });

  it('a manager that is shutting down: the subprocess is ended and execa rejects with the cause', async () => {
    const stopping = manager.shutdown();
    const subprocess = x.execa(node, [fixturePath('sleeper')]);
    const error = await subprocess.then(
      () => null,
      (e: { cause?: unknown }) => e,
    );
    await stopping;
    expect(CoreError.isInstance(error?.cause) && error.cause.code).toBe('ERR_SHUTTING_DOWN');
  });

  it('existing execa code changes one import: same buffer, lines, pipe, all, iteration, execaNode results; tracked and persisted', async () => {
    // The copy sits beside the original (same relative paths; @lifeline/execa resolves to this package).
    const original = readFileSync(here('app.mjs'), 'utf8');
    const changed = original.replace("from 'execa';", "from '@lifeline/execa';");
    expect(changed).not.toBe(original);
    const copy = here(`app-lifeline-${owner}.mjs`);
    writeFileSync(copy, changed);
    onTestFinished(() => rmSync(copy, { force: true }));
    const run = (file: string, env: NodeJS.ProcessEnv) =>
      new Promise<{ results: unknown; owner: string }>((resolve, reject) => {
        const child = spawn(node, [file], {
          stdio: ['ignore', 'pipe', 'inherit'],
          env: { ...process.env, ...env, LIFELINE_OWNER: owner },
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d;
        });
        child.once('exit', (code) =>
          code === 0
            ? resolve(JSON.parse(out.trim().split('\n').pop()!))
            : reject(new Error(`${file} exited ${code}: ${out}`)),
        );
      });
    const plain = await run(here('app.mjs'), {});
    const tracked = await run(copy, { LIFELINE_HOME: state.dir });
    expect(tracked.results).toEqual(plain.results);
    expect(plain.owner).toBe(owner); // execa alone: the child just inherits our tag
    expect(tracked.owner).toMatch(/^ll-[0-9a-f]{16}$/); // tracked: the default manager's own id
    await expectNoSurvivors(tracked.owner);
    // Every subprocess was recorded (the log says so) and every record is gone again.
    const log = readFileSync(join(state.dir, 'logs', 'lifeline.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string });
    expect(log.filter((e) => e.event === 'adopted').length).toBe(13);
    expect(log.filter((e) => e.event === 'registered').length).toBeGreaterThan(0);
    expect(log.some((e) => e.event === 'shutdown')).toBe(true);
    expect(await recordPids(state.dir)).toEqual([]);
  });
});
