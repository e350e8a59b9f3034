import { type ChildProcess, spawn } from 'node:child_process';
import { OWNER_ENV, procState } from '@lifeline/test-utils';

/**
 * Live bystanders started by the runner with an owner id that is not the dead owner's.
 * A decoy is "touched" if it is no longer alive when checked.
 */
export interface Decoy {
  kind: string;
  pid: number;
  child: ChildProcess;
}

export function startDecoy(
  kind: string,
  owner: string,
  command: string,
  args: string[],
  options: { detached?: boolean } = {},
): Promise<Decoy> {
  const child = spawn(command, args, {
    detached: options.detached ?? false,
    stdio: 'ignore',
    env: { ...process.env, [OWNER_ENV]: owner },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve({ kind, pid: child.pid as number, child }));
  });
}

export function decoyAlive(decoy: Decoy): boolean {
  const state = procState(decoy.pid);
  return (
    decoy.child.exitCode === null &&
    decoy.child.signalCode === null &&
    state !== undefined &&
    state !== 'Z' &&
    state !== 'X'
  );
}

/** End a decoy we started ourselves (our child, not yet reaped: its pid cannot be reused). */
export async function stopDecoy(decoy: Decoy): Promise<void> {
  if (decoy.child.exitCode !== null || decoy.child.signalCode !== null) return;
  const exited = new Promise((resolve) => decoy.child.once('exit', resolve));
  decoy.child.kill('SIGKILL');
  await exited;
}
