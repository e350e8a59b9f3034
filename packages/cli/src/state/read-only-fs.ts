import * as nodeFs from 'node:fs/promises';
import type { FsLayer } from '@lifeline/persistence';

/** The code a refused write carries, so a caller can tell "this needs a write" from a real failure. */
export const READ_ONLY_REFUSAL = 'ELIFELINE_READ_ONLY';

const refuse = (what: string) => async (path: unknown) => {
  const error = new Error(`read-only command: refused to ${what} ${String(path)}`) as NodeJS.ErrnoException;
  error.code = READ_ONLY_REFUSAL;
  throw error;
};

/**
 * persistence's file-system layer with every call that could change a file refused: the
 * read-only commands (ps, status, doctor, cleanup --dry-run) hand this to persistence, so a
 * corrupt file is reported instead of being moved aside, whatever path persistence takes.
 * Only opens for reading pass (no O_WRONLY/O_RDWR/O_CREAT/O_TRUNC/O_APPEND).
 */
export const readOnlyFs: FsLayer = {
  ...nodeFs,
  open: (async (path: Parameters<FsLayer['open']>[0], flags?: string | number, mode?: number) => {
    if (!isReadFlag(flags)) return refuse('open for writing')(path);
    return nodeFs.open(path, flags, mode);
  }) as FsLayer['open'],
  rename: refuse('rename') as FsLayer['rename'],
  unlink: refuse('remove') as FsLayer['unlink'],
  mkdir: refuse('create the directory') as FsLayer['mkdir'],
  chmod: refuse('change the mode of') as FsLayer['chmod'],
  link: refuse('link') as FsLayer['link'],
  rm: refuse('remove') as FsLayer['rm'],
};

const { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND } = nodeFs.constants;

function isReadFlag(flags: string | number | undefined): boolean {
  if (flags === undefined || flags === 'r') return true;
  if (typeof flags === 'string') return false;
  return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) === 0;
}

export function isReadOnlyRefusal(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === READ_ONLY_REFUSAL) return true;
  }
  return false;
}
