// The dead owners' stand-in for the orphan-cleanup suites. Each stdin line `<count> <tag>` starts
// <count> `sleep 1000` processes, detached (each leads its own group) and carrying LIFELINE_OWNER
// <tag>, and is answered with their pids as one JSON line once every one of them is a `sleep`
// asleep (as orphans of a crashed run are by the time anyone cleans up). Exits when its stdin closes.
// Why a process of its own: orphans are started by their owner, never by the process that later
// cleans them up — and a fork in the cleaner would leave every page of its heap copy-on-write
// armed, so the timed decision after it would pay one page fault per page it writes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const start = async (count, tag) => {
  const env = { ...process.env, LIFELINE_OWNER: tag };
  const children = Array.from({ length: count }, () =>
    spawn('sleep', ['1000'], { detached: true, stdio: 'ignore', env }),
  );
  await Promise.all(
    children.map((c) => new Promise((resolve, reject) => c.once('spawn', resolve).once('error', reject))),
  );
  const pids = children.map((c) => c.pid);
  const asleep = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'latin1').includes(' (sleep) S ');
    } catch {
      return false;
    }
  };
  for (const deadline = Date.now() + 30_000; !pids.every(asleep); ) {
    if (Date.now() > deadline) throw new Error('the sleeps did not settle within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return pids;
};

for await (const line of createInterface({ input: process.stdin })) {
  const [count, tag] = line.split(' ');
  process.stdout.write(`${JSON.stringify(await start(Number(count), tag))}\n`);
}
