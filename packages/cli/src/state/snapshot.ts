import { copyFile, mkdir, mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CorruptionReport, StateLayout } from '@lifeline/persistence';
import { resolveLayout } from '@lifeline/persistence/layout';

/**
 * Runs `work` on a private copy of the state files (registry, PID file, owner files) in a fresh
 * 0700 temp directory, then removes the copy. The read-only commands that need core (`status`,
 * `doctor`, `cleanup --dry-run`) use it: whatever core's load does to a corrupt file (moves it
 * aside, rewrites the salvage) happens to the copy, and nothing in the real state directory
 * changes. Corruption reports are mapped back to the real paths, with nothing moved.
 * (When core gains a read-only load, this copy can go: see the CLI README.)
 */
export async function withStateSnapshot<T>(layout: StateLayout, work: (copy: StateLayout) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'lifeline-readonly-'));
  try {
    const copy = resolveLayout({ preset: layout.preset, stateDir: dir, env: {} });
    await Promise.all([
      copyIfPresent(layout.registryFile, copy.registryFile),
      // With its sidecar, times kept: the sidecar is trusted only when not older than the PID file.
      copyIfPresent(layout.pidFile, copy.pidFile, true),
      layout.pidIdentityFile && copy.pidIdentityFile
        ? copyIfPresent(layout.pidIdentityFile, copy.pidIdentityFile, true)
        : undefined,
      copyDir(layout.ownersDir, copy.ownersDir),
    ]);
    return await work(copy);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A corruption report from the copy, told about the real file (which was left in place). */
export function realCorruption(report: CorruptionReport, layout: StateLayout, copy: StateLayout): CorruptionReport {
  const path = report.path === copy.registryFile ? layout.registryFile : join(layout.stateDir, basename(report.path));
  return { ...report, path, quarantinedTo: '' };
}

async function copyIfPresent(from: string, to: string, keepTimes = false): Promise<void> {
  // COPYFILE_EXCL is not wanted (the target dir is new); a missing source just means no file.
  try {
    await copyFile(from, to);
    if (keepTimes) {
      const { atime, mtime } = await stat(from);
      await utimes(to, atime, mtime);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function copyDir(from: string, to: string): Promise<void> {
  const names = await readdir(from).catch(() => [] as string[]);
  if (names.length === 0) return;
  await mkdir(to, { mode: 0o700 });
  await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => copyIfPresent(join(from, n), join(to, n))));
}
