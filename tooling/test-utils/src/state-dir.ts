import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StateDir {
  dir: string;
  cleanup(): Promise<void>;
}

/** A private temporary state directory for one test; never a real home directory. */
export async function makeStateDir(prefix = 'lifeline-test-'): Promise<StateDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
