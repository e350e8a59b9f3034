// Name: Spawner
// Description: starts grandchildren, one of them escaping with setsid
// It deliberately does not end them itself: Lifeline must find and end all of them,
// including the one in a new session (out of our process group).
import { spawn } from 'node:child_process';

// The grandchildren run the same runtime as we do (bun or node), with a tiny inline program.
const sleeper = 'setInterval(() => {}, 60000)';
function start(detached) {
  // detached: true calls setsid() in the child: a new session and process group.
  const child = spawn(process.execPath, ['-e', sleeper], { detached, stdio: 'ignore' });
  child.unref();
  return child.pid;
}

const children = [start(false), start(false)];
const escaped = start(true);
console.log(`spawner pid ${process.pid}`);
console.log(`grandchildren in my group: ${children.join(', ')}`);
console.log(`grandchild that called setsid: ${escaped}`);
console.log(JSON.stringify({ ready: true, pid: process.pid, descendants: [...children, escaped], escaped: [escaped] }));
setInterval(() => {}, 60_000);
