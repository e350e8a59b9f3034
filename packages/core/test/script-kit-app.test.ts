import { mkdir, readFile, writeFile } from 'node:fs/promises';
import {
  expectNoSurvivors,
  fixturePath,
  makeStateDir,
  newOwnerId,
  type StateDir,
  scriptKitReadPid,
  scriptKitReadRegistry,
  startFixture,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManager } from '../src/index';
import { isAlive } from './helpers';

let owner: string;
let kit: StateDir;
beforeEach(async () => {
  owner = newOwnerId('skapp');
  kit = await makeStateDir('lifeline-skapp-');
});
afterEach(async () => {
  await expectNoSurvivors(owner);
  await kit.cleanup();
});

/** A line of Script Kit's own log (script-kit-next's JsonWithCorrelation formatter). */
const HOST_LINE = `${JSON.stringify({
  timestamp: '2026-01-04T10:30:45.123Z',
  level: 'INFO',
  target: 'script_kit_gpui::process_manager',
  correlation_id: '7d6f2a4e-0000-4000-8000-000000000000',
  message: 'process_manager.write_main_pid.success',
  fields: { pid: 4242 },
})}\n`;

describe('a stand-in Script Kit app crashes; Lifeline, on its files, cleans up after it', () => {
  it('ends the scripts it left, takes script-kit.pid in a form Script Kit reads, and never writes its log', async () => {
    const app = await startFixture('script-kit-app', { owner, args: [kit.dir, fixturePath('sleeper')] });
    const [script] = app.ready.descendants as number[];
    expect(isAlive(script as number)).toBe(true);
    // What the app wrote is what its Rust reader reads (our stand-in's own check).
    expect(scriptKitReadPid(await readFile(`${kit.dir}/script-kit.pid`, 'utf8'))).toBe(app.pid);
    const registry = await readFile(`${kit.dir}/active-bun-pids.json`, 'utf8');
    expect(registry.endsWith(']')).toBe(true); // serde's pretty form: no trailing newline
    expect(scriptKitReadRegistry(registry)?.[0]?.started_at).toMatch(/Z$/);
    await mkdir(`${kit.dir}/logs`, { mode: 0o700 });
    await writeFile(`${kit.dir}/logs/script-kit-gpui.jsonl`, HOST_LINE);

    app.child.kill('SIGKILL'); // the test's own child: Script Kit crashes, its script lives on
    await app.exited;
    expect(isAlive(script as number)).toBe(true);

    const manager = createManager({
      layout: 'scriptkit',
      stateDir: kit.dir,
      ownerId: newOwnerId('skapp-lifeline'),
      handleSignals: false,
      guardian: false,
      graceMs: 2000,
    });
    try {
      const { cleanup } = await manager.start();
      expect(cleanup.entries).toEqual([
        expect.objectContaining({ pid: script, decision: 'killed', source: 'registry' }),
      ]);
      await waitFor(() => !isAlive(script as number), { message: "the crashed app's script to be gone" });
      // Lifeline holds script-kit.pid now, and Script Kit's reader reads it.
      expect(scriptKitReadPid(await readFile(manager.layout.pidFile, 'utf8'))).toBe(process.pid);
      // Lifeline's records are readable by Script Kit too.
      const child = manager.spawn(process.execPath, [fixturePath('sleeper')], { stdio: 'ignore' });
      await child.ready;
      const read = scriptKitReadRegistry(await readFile(manager.layout.registryFile, 'utf8'));
      expect(read?.map((r) => r.pid)).toContain(child.pid);
    } finally {
      await manager.shutdown();
    }
    // Script Kit's log is byte for byte what it was; Lifeline's lines went to its own file.
    expect(await readFile(`${kit.dir}/logs/script-kit-gpui.jsonl`, 'utf8')).toBe(HOST_LINE);
    const ours = (await readFile(manager.layout.logFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(manager.layout.logFile).toBe(`${kit.dir}/logs/lifeline.jsonl`);
    expect(ours.map((l) => l.event)).toEqual(expect.arrayContaining(['orphan-killed', 'shutdown']));
  });
});
