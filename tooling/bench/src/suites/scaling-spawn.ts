/**
 * How the manager's spawn overhead grows with the registry: the same short child's whole life
 * (spawn, register, wait, unregister) through managers whose registries already hold 10, 100,
 * 1000 and 5000 records of another owner, against bare child_process.spawn detached and execa
 * detached (what the manager spawns with), one child at a time, interleaved. The child is
 * `sleep 0.005` rather than /bin/true so that every manager child is registered (a /bin/true
 * child can exit before its identity is read, and core then skips the record); the note gives
 * the absolute overhead per child, which the fixed 5 ms does not hide, and a second table says
 * where the manager's time goes, from its own events: spawn → record durable (overlaps the
 * child's run) and exit → unregistered (group check, in-memory removal: on the caller's path;
 * core queues the durable removal behind it).
 * wrong = children that did not exit 0 or entries left listed after wait().
 */
import { newOwnerId, reapOwner } from '@lifeline/test-utils';
import { type Contender, interleave, printTable, type Suite } from '../harness.js';
import {
  bareDetached,
  execaJob,
  lanes,
  managerJob,
  type SeededManager,
  seededManager,
} from '../lib/spawn-contenders.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;

/** Per manager: ms from 'spawned' to 'registered', and from 'exited' to 'unregistered', per child. */
function phases(m: SeededManager): { registered: number[]; removed: number[] } {
  const spawnedAt = new Map<number, number>();
  const exitedAt = new Map<number, number>();
  const out = { registered: [] as number[], removed: [] as number[] };
  m.manager.on('spawned', ({ pid }) => spawnedAt.set(pid, performance.now()));
  m.manager.on('registered', ({ pid }) => out.registered.push(performance.now() - (spawnedAt.get(pid) ?? Number.NaN)));
  m.manager.on('exited', ({ pid }) => exitedAt.set(pid, performance.now()));
  m.manager.on('unregistered', ({ pid }) => out.removed.push(performance.now() - (exitedAt.get(pid) ?? Number.NaN)));
  return out;
}

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-scale-spawn');
  const perRound = quick ? 4 : 32;
  const [file, args] = ['/bin/sleep', ['0.005']];
  const managers: SeededManager[] = [];
  try {
    for (const size of quick ? [10, 100] : [10, 100, 1000, 5000])
      managers.push(await seededManager(size, `bench-scale-spawn-${size}`));
    const timings = managers.map(phases);
    const contenders: Contender[] = [
      {
        name: 'child_process.spawn detached (baseline)',
        run: () => lanes(perRound, 1, bareDetached(file, args, owner)),
      },
      { name: 'execa detached', run: () => lanes(perRound, 1, execaJob(file, args, owner, true)) },
      ...managers.map(
        (m): Contender => ({
          name: `manager, ${m.records} other records`,
          run: async () => (await lanes(perRound, 1, managerJob(file, args, m))) + m.manager.list().length,
        }),
      ),
    ].map((c) => ({ ...c, teardown: async () => void (await reapOwner(owner)) }));
    const rounds = quick ? 1 : 20;
    const warmup = quick ? 0 : 2;
    const stats = await interleave(contenders, { rounds, warmup });
    const base = stats[0]?.medianMs ?? 0;
    const overhead = stats
      .slice(1)
      .map((s) => `${s.name.replace('manager, ', '')}: +${(((s.medianMs - base) / perRound) * 1000).toFixed(0)} µs`)
      .join(', ');
    const registered = managers.map((m) => m.registered).join(' / ');
    const table = printTable(
      `scaling: spawn overhead at 10 / 100 / 1000 / 5000 records (${perRound} × \`sleep 0.005\`, 1 at a time)`,
      stats,
      `Overhead per child over bare detached (median): ${overhead}. ` +
        `Manager children durably registered: ${registered} of ${(rounds + warmup) * perRound} each.`,
    );
    const lines = [
      '### scaling: where a managed child spends its time (manager events, all rounds incl. warm-up)',
      '',
      '| registry | children | spawn → record durable, median ms | max ms | exit → unregistered, median ms | max ms |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...managers.map((m, i) => {
        const t = timings[i] ?? { registered: [], removed: [] };
        return (
          `| ${m.records} records | ${t.removed.length} | ${median(t.registered).toFixed(2)} | ${Math.max(...t.registered).toFixed(2)} | ` +
          `${median(t.removed).toFixed(2)} | ${Math.max(...t.removed).toFixed(2)} |`
        );
      }),
      '',
      'spawn → durable runs while the child runs; exit → unregistered (group check, in-memory removal) delays wait(); the durable removal is queued behind it.',
      '',
    ].join('\n');
    console.log(lines);
    return `${table}\n${lines}`;
  } finally {
    for (const m of managers) await m.dispose();
    await reapOwner(owner);
  }
};

export default suite;
