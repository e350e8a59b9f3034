/**
 * Suite: cgroup2 containment (issue 13), three tables, no goals asserted (figures only).
 *
 * 1. Spawn cost of placing a child in its cgroup before it runs: bare detached spawn (the
 *    baseline) vs a unit with the `fork-window` placement (we move ourselves into the unit
 *    around the synchronous fork) vs the `trampoline` placement (`sh -c 'echo $$ > …; exec'`).
 *    A contained round includes making the unit (mkdir) and removing it after the exit (rmdir).
 * 2. Members of a contained 21-process tree (tree fixture 4×2: root + 20): one read of
 *    cgroup.procs vs pidtree (ps -A) vs platform-kill descendants() (/proc walk).
 * 3. Ending 50 contained trees to confirmed dead: units' end (cgroup.kill, confirmed by
 *    `populated 0`) vs tree-kill (SIGKILL by root pid, then /proc polled until dead, capped) vs
 *    platform-kill terminateAll. Two kinds of tree: sh + 2 sleep, and the escape (a daemon that
 *    double-forked with `env -i` into its own session). wrong = processes alive at the cap.
 *
 * Skips itself (prints why) where containment is `none`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type ContainmentUnit, createContainment, descendants, terminateAll } from '@lifeline/platform-kill';
import { fixturePath, newOwnerId, OWNER_ENV, reapOwner } from '@lifeline/test-utils';
import pidtree from 'pidtree';
import treeKill from 'tree-kill';
import { type Contender, interleave, printTable, type Suite } from '../harness.js';
import { CAP_MS, confirmDead } from '../lib/confirm-dead.js';
import { ownedPid } from '../lib/guard.js';
import { microInterleave } from '../lib/micro.js';

const ESCAPE =
  'd=$(env -i /bin/sh -c "setsid sleep 600 </dev/null >/dev/null 2>&1 & echo \\$!"); ' +
  'echo "{\\"ready\\":true,\\"pid\\":$$,\\"descendants\\":[$d]}"; exec sleep 600';

function readyOf(child: ChildProcess): Promise<{ pid: number; descendants?: number[] }> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
    rl.once('line', (line) => {
      rl.close();
      child.stdout?.resume();
      resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`fixture exited (${code}) before ready`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });

const suite: Suite = async ({ quick }) => {
  const base = createContainment();
  if (base.info.mechanism !== 'cgroup2') {
    const line = `### containment: skipped — ${base.info.reason}\n`;
    console.log(line);
    return line;
  }
  const owner = newOwnerId('bench-pk-contain');
  const env = { ...process.env, [OWNER_ENV]: owner };
  const placements = {
    'fork-window': createContainment({ placement: 'fork-window' }).forOwner(owner),
    trampoline: createContainment({ placement: 'trampoline' }).forOwner(owner),
  };
  const scope = placements['fork-window'];
  const out: string[] = [];

  /** Start `command` inside a fresh unit and wait for its ready line. */
  const startContained = async (command: string, args: string[]) => {
    const unit = scope.unit();
    const child = unit.plan(command, args, { detached: true, stdio: ['ignore', 'pipe', 'inherit'], env }).spawn(spawn);
    unit.attach(child.pid as number);
    const ready = await readyOf(child);
    return { unit, child, pids: [ready.pid, ...(ready.descendants ?? [])] };
  };

  try {
    // 1. Spawn cost.
    for (const [label, file, args, perRound] of [
      ['/bin/true', '/bin/true', [], quick ? 4 : 16],
      ['node -e 0', process.execPath, ['-e', '0'], quick ? 2 : 4],
    ] as const) {
      const bare = async () => {
        let failed = 0;
        for (let i = 0; i < perRound; i++)
          if ((await exited(spawn(file, [...args], { detached: true, stdio: 'ignore', env }))) !== 0) failed++;
        return failed;
      };
      const contained = (placement: keyof typeof placements) => async () => {
        let failed = 0;
        for (let i = 0; i < perRound; i++) {
          const unit: ContainmentUnit = placements[placement].unit();
          const child = unit.plan(file, [...args], { detached: true, stdio: 'ignore', env }).spawn(spawn);
          if ((await exited(child)) !== 0) failed++;
          if (!(await unit.remove())) failed++;
        }
        return failed;
      };
      const stats = await interleave(
        [
          { name: 'child_process.spawn detached (baseline)', run: bare },
          { name: 'contained, fork-window (mkdir, spawn, wait, rmdir)', run: contained('fork-window') },
          { name: 'contained, trampoline (mkdir, sh → exec, wait, rmdir)', run: contained('trampoline') },
        ],
        { rounds: quick ? 1 : file === '/bin/true' ? 30 : 10, warmup: quick ? 0 : 2 },
      );
      const perChild = stats.map((s) => `${((s.medianMs / perRound) * 1000).toFixed(0)} µs`).join(' / ');
      out.push(
        printTable(
          `containment: spawn cost, ${perRound} × \`${label}\` one at a time, until exited`,
          stats,
          `Per child (rows in order): ${perChild}. wrong = children that did not exit 0 or units not removed.`,
        ),
      );
    }

    // 1b. The pieces of the fork-window overhead, in-process: what each contained spawn adds.
    const probe = scope.unit();
    const own = /^0::(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'latin1'))?.[1] ?? '/';
    const home = `${base.info.mount}${own === '/' ? '' : own}/cgroup.procs`;
    const pieces = await microInterleave(
      [
        {
          name: 'unit mkdir + rmdir',
          run: async () => ((await placements['fork-window'].unit().remove()) ? 0 : 1),
        },
        {
          name: 'move self into a unit and back (2 migrations)',
          run: () => {
            writeFileSync(`${probe.cgroup}/cgroup.procs`, String(process.pid));
            writeFileSync(home, String(process.pid));
            return 0;
          },
        },
      ],
      { rounds: quick ? 1 : 4, timeMs: quick ? 50 : 300 },
    );
    await probe.remove();
    out.push(
      printTable(
        'containment: the fork-window overhead, piece by piece (in-process)',
        pieces,
        'tinybench; ratios are to the first row. A contained spawn pays one of each row on top of the spawn.',
      ),
    );

    // 2. Members of a contained 21-process tree.
    const tree = await startContained(process.execPath, [fixturePath('tree'), ...(quick ? ['2', '1'] : ['4', '2'])]);
    const expected = new Set(tree.pids);
    const wrong = (got: number[], withRoot: boolean) =>
      got.filter((pid) => !expected.has(pid)).length +
      [...expected].filter((pid) => (withRoot || pid !== tree.child.pid) && !got.includes(pid)).length;
    const memberStats = await microInterleave(
      [
        { name: 'unit.members() (cgroup.procs)', run: async () => wrong(await tree.unit.members(), true) },
        { name: 'pidtree', run: async () => wrong(await pidtree(tree.child.pid as number), false) },
        {
          name: '@lifeline/platform-kill descendants()',
          run: async () => wrong(await descendants(tree.child.pid as number), false),
        },
      ],
      { rounds: quick ? 1 : 6, timeMs: quick ? 50 : 500 },
    );
    out.push(
      printTable(
        `containment: members of a contained ${expected.size}-process tree`,
        memberStats,
        'tinybench, n = calls over all rounds; wrong = the most members one call got wrong (pidtree and descendants() exclude the root by design; it is not counted against them).',
      ),
    );
    await tree.unit.end({ graceMs: 0 });

    // 3. Ending 50 contained trees.
    const n = quick ? 2 : 50;
    for (const [kind, command, args] of [
      ['sh + 2 sleep', '/bin/sh', [fixturePath('sh-group')]],
      ['escape: daemon double-forked with env -i + setsid', '/bin/sh', ['-c', ESCAPE]],
    ] as const) {
      let trees: Array<Awaited<ReturnType<typeof startContained>>> = [];
      const setup = async () => {
        trees = await Promise.all(Array.from({ length: n }, () => startContained(command, [...args])));
      };
      const all = () => trees.flatMap((t) => t.pids);
      const teardown = async () => {
        await scope.endAll({ graceMs: 0 });
        await reapOwner(owner);
      };
      const contenders: Contender[] = [
        {
          name: 'units end() (cgroup.kill, populated 0)',
          run: async () => {
            await Promise.all(trees.map((t) => t.unit.end({ graceMs: 0 })));
            return confirmDead(all());
          },
        },
        {
          name: 'tree-kill (SIGKILL)',
          run: async () => {
            const roots = trees.map((t) => ownedPid(t.child.pid as number, owner));
            await Promise.all(roots.map((pid) => new Promise((r) => treeKill(pid, 'SIGKILL', r))));
            return confirmDead(all());
          },
        },
        {
          name: '@lifeline/platform-kill terminateAll()',
          run: async () => {
            await terminateAll(
              trees.map((t) => ({ pid: t.child.pid as number })),
              { graceMs: 0 },
            );
            return confirmDead(all());
          },
        },
      ].map((c) => ({ ...c, setup, teardown }));
      const stats = await interleave(contenders, { rounds: quick ? 1 : 5, warmup: quick ? 0 : 1 });
      out.push(
        printTable(
          `containment: end ${n} contained trees (${kind}) to confirmed dead`,
          stats,
          `wrong = processes still alive ${CAP_MS} ms after the call (survivors), summed over rounds; they are ended by the units between rounds.`,
        ),
      );
    }
    return out.join('\n');
  } finally {
    for (const s of Object.values(placements)) {
      await s.endAll({ graceMs: 0 });
      await s.dispose();
    }
    await reapOwner(owner);
  }
};

export default suite;
