// An owner process for the RSS suite, run as plain `node --expose-gc` (no tsx, so its memory is
// the owner's own): `rss-owner.mjs <bare|execa|manager> <children> <stateDir>`. It starts that many
// `sleep` children (they inherit LIFELINE_OWNER from our env), waits until every one is running
// (the manager's: durably registered), collects garbage, prints one JSON line with its memory and
// how many children it saw running, then ends its own children and exits.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [mode, countArg, stateDir] = process.argv.slice(2);
const count = Number(countArg);
const owner = process.env.LIFELINE_OWNER;
if (!owner || !Number.isInteger(count) || !stateDir) throw new Error('usage: rss-owner.mjs <mode> <count> <stateDir>');

const running = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !'ZX'.includes(stat[stat.lastIndexOf(')') + 2]);
  } catch {
    return false;
  }
};

let pids = [];
let end = async () => {};
if (mode === 'bare') {
  const children = Array.from({ length: count }, () => spawn('sleep', ['100000'], { detached: true, stdio: 'ignore' }));
  await Promise.all(children.map((c) => new Promise((r) => c.once('spawn', r))));
  pids = children.map((c) => c.pid);
  end = async () => {
    const exits = children.map((c) => new Promise((r) => c.once('exit', r)));
    for (const c of children) c.kill('SIGKILL'); // our own, unreaped children: the pid is still theirs
    await Promise.all(exits);
  };
} else if (mode === 'execa') {
  const { execa } = await import('execa');
  const children = Array.from({ length: count }, () =>
    execa('sleep', ['100000'], { detached: true, stdio: 'ignore', reject: false }),
  );
  await Promise.all(children.map((c) => new Promise((r) => c.once('spawn', r))));
  pids = children.map((c) => c.pid);
  end = async () => {
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(children);
  };
} else if (mode === 'manager') {
  const { createManager } = await import('@lifeline/core');
  const manager = createManager({ stateDir, ownerId: owner, handleSignals: false });
  await manager.start();
  const children = Array.from({ length: count }, () => manager.spawn('sleep', ['100000'], { stdio: 'ignore' }));
  await Promise.all(children.map((c) => c.ready));
  pids = children.map((c) => c.pid);
  end = () => manager.shutdown({ graceMs: 0 });
} else throw new Error(`unknown mode ${mode}`);

globalThis.gc?.();
globalThis.gc?.();
const { rss, heapUsed } = process.memoryUsage();
console.log(JSON.stringify({ rss, heapUsed, running: pids.filter(running).length }));
await end();
process.exit(0);
