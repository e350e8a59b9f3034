/**
 * @lifeline/core's guardian: an owner (packages/core/test/fixtures/guardian-owner.mjs, guardian:
 * true, built core) with 20 processes — 4 trees of 3 with a setsid grandchild each, sleepers, a
 * daemon — is SIGKILLed; timed from the SIGKILL until every one of them is confirmed gone
 * (/proc polled every millisecond). A second contender's 12 processes all ignore SIGTERM, so the
 * guardian must escalate after the owner's graceMs (1000 ms here). wrong = survivors, plus an
 * unrelated decoy process (another owner id) that did not survive the round. Also printed: the
 * guardian's resident memory while it waits and its start-up time, next to a bare node process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fixturePath, newOwnerId, procState, type RunningFixture, reapOwner, startFixture } from '@lifeline/test-utils';
import { interleave, printTable, type Suite } from '../harness.js';

const GUARDIAN = fileURLToPath(new URL('../../../../packages/core/dist/guardian.js', import.meta.url));
const OWNER_FIXTURE = fileURLToPath(
  new URL('../../../../packages/core/test/fixtures/guardian-owner.mjs', import.meta.url),
);
const GRACE_MS = 1000;

const alive = (pid: number) => {
  const s = procState(pid);
  return s !== undefined && s !== 'Z' && s !== 'X';
};
const rssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Round {
  owner: string;
  stateDir: string;
  child: ChildProcess;
  pid: number;
  guardianPid: number;
  pids: number[];
}

async function startOwner(mode: string): Promise<Round> {
  const owner = newOwnerId('bench-guardian');
  const stateDir = await mkdtemp(join(tmpdir(), 'lifeline-bench-guardian-'));
  const child = spawn(process.execPath, [OWNER_FIXTURE, mode], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      LIFELINE_OWNER: owner,
      OWNER_STATE_DIR: stateDir,
      FIXTURE_DIR: dirname(fixturePath('tree')),
      GRACE_MS: String(GRACE_MS),
    },
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      if (message.ready) resolve(message);
    });
    child.once('exit', (code) => reject(new Error(`owner fixture exited (${code}) before it was ready`)));
  });
  return {
    owner,
    stateDir,
    child,
    pid: ready.pid as number,
    guardianPid: ready.guardianPid as number,
    pids: ready.pids as number[],
  };
}

const suite: Suite = async ({ quick }) => {
  const decoyOwner = newOwnerId('bench-guardian-decoy');
  const rss: number[] = [];
  const startup: number[] = [];
  const counts = new Map<string, number>();
  let round: Round | null = null;
  let decoy: RunningFixture | null = null;

  const contender = (name: string, mode: string) => ({
    name,
    setup: async () => {
      decoy = await startFixture('sleeper', { owner: decoyOwner });
      round = await startOwner(mode);
      counts.set(name, round.pids.length);
      rss.push(rssMb(round.guardianPid));
    },
    run: async () => {
      const r = round!;
      process.kill(r.pid, 'SIGKILL'); // the owner we spawned
      const deadline = performance.now() + GRACE_MS + 10_000;
      while (r.pids.some(alive) && performance.now() < deadline) await sleep(1);
      return r.pids.filter(alive).length + (decoy && alive(decoy.pid) ? 0 : 1);
    },
    teardown: async () => {
      const r = round!;
      const deadline = performance.now() + 10_000;
      while (alive(r.guardianPid) && performance.now() < deadline) await sleep(5);
      const log = await readFile(join(r.stateDir, 'logs', 'lifeline.jsonl'), 'utf8').catch(() => '');
      for (const line of log.split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { event?: string; startupMs?: number };
        if (entry.event === 'guardian-started' && entry.startupMs !== undefined) startup.push(entry.startupMs);
      }
      await reapOwner(r.owner);
      await rm(r.stateDir, { recursive: true, force: true });
      decoy?.child.kill('SIGKILL');
      await reapOwner(decoyOwner);
    },
  });

  try {
    const stats = await interleave(
      [
        contender('20 processes honouring SIGTERM (setsid grandchildren, a daemon)', 'honour'),
        contender(`12 processes ignoring SIGTERM (graceMs ${GRACE_MS})`, 'stubborn'),
      ],
      { rounds: quick ? 2 : 20, warmup: quick ? 0 : 1 },
    );
    // A bare node process, measured the same way, for scale.
    const bareRss: number[] = [];
    const bareStartup: number[] = [];
    for (let i = 0; i < (quick ? 2 : 10); i++) {
      const bare = spawn(process.execPath, ['-e', 'console.log(performance.now()); setInterval(() => {}, 1 << 30)'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: bare.stdout! }).once('line', resolve),
      );
      bareStartup.push(Number(line));
      await sleep(200);
      bareRss.push(rssMb(bare.pid!));
      bare.kill('SIGKILL');
      await new Promise((resolve) => bare.once('exit', resolve));
    }
    // The guardian alone, on a quiet start (no children being spawned beside it): the bench
    // process is its "owner", and it is always told {"type":"shutdown"}, so it never ends anything.
    const soloRss: number[] = [];
    const soloStartup: number[] = [];
    const soloSpawnToReady: number[] = [];
    for (let i = 0; i < (quick ? 2 : 10); i++) {
      const dir = await mkdtemp(join(tmpdir(), 'lifeline-bench-guardian-solo-'));
      const ownerId = newOwnerId('bench-guardian-solo');
      const logFile = join(dir, 'log.jsonl');
      // The guardian appends to the log its owner opened, inherited as fd 3.
      const logFd = openSync(logFile, 'a', 0o600);
      const config = {
        ownerId,
        owner: { id: ownerId, pid: process.pid, start_time: null },
        graceMs: GRACE_MS,
        logFd: 3,
        registryFile: join(dir, 'active-pids.json'),
        ownersDir: join(dir, 'owners'),
        pidFile: join(dir, 'lifeline.pid'),
      };
      const started = performance.now();
      const guardian = spawn(process.execPath, [GUARDIAN, JSON.stringify(config)], {
        detached: true,
        stdio: ['pipe', 'ignore', 'inherit', logFd],
        env: { ...process.env, LIFELINE_OWNER: ownerId, LIFELINE_GUARDIAN: '1' },
      });
      closeSync(logFd);
      let line: { startupMs?: number } | undefined;
      while (!line && performance.now() - started < 10_000) {
        const text = await readFile(logFile, 'utf8').catch(() => '');
        if (text.includes('guardian-started')) line = JSON.parse(text.split('\n')[0]!);
        else await sleep(1);
      }
      soloSpawnToReady.push(performance.now() - started);
      soloStartup.push(line?.startupMs ?? Number.NaN);
      await sleep(200);
      soloRss.push(rssMb(guardian.pid!));
      guardian.stdin!.end('{"type":"shutdown"}\n');
      await new Promise((resolve) => guardian.once('exit', resolve));
      await reapOwner(ownerId);
      await rm(dir, { recursive: true, force: true });
    }
    const n = [...counts.values()].join(' / ');
    return printTable(
      'core: guardian — SIGKILL of the owner until every child is confirmed gone',
      stats,
      `Processes per round: ${n}. Goals: median ≤ 250 ms for the first row; ≤ graceMs + 250 ms ` +
        `(${GRACE_MS + 250} ms) for the second.\n\n` +
        `Guardian alone (quiet start): RSS median ${median(soloRss).toFixed(1)} MB (max ${Math.max(...soloRss).toFixed(1)}); ` +
        `start-up (process start → guardian-started, its own clock) median ${median(soloStartup).toFixed(1)} ms ` +
        `(max ${Math.max(...soloStartup).toFixed(1)}); spawn() → line in the log median ${median(soloSpawnToReady).toFixed(1)} ms. ` +
        `Bare node process: RSS ${median(bareRss).toFixed(1)} MB, start-up ${median(bareStartup).toFixed(1)} ms. ` +
        `Inside the rounds above (started while the owner spawns its 20 children on the same cores): ` +
        `RSS median ${median(rss).toFixed(1)} MB, start-up median ${median(startup).toFixed(1)} ms (max ${Math.max(...startup).toFixed(1)}).`,
    );
  } finally {
    const r = round as Round | null;
    if (r) await reapOwner(r.owner);
    await reapOwner(decoyOwner);
  }
};

export default suite;
