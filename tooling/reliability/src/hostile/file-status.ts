import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type FileStatus = 'quarantined' | 'kept in place' | 'deleted';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export async function fingerprint(path: string): Promise<string | null> {
  try {
    return sha(await readFile(path));
  } catch {
    return null;
  }
}

/** Where did the hostile bytes go? Kept at `path`, moved to `<name>.corrupt-*`, or nowhere (deleted/overwritten). */
export async function fileStatus(path: string, hash: string): Promise<{ status: FileStatus; where?: string }> {
  if ((await fingerprint(path)) === hash) return { status: 'kept in place' };
  const prefix = `${basename(path)}.corrupt-`;
  const names = (await readdir(dirname(path)).catch(() => [] as string[])).filter((n) => n.startsWith(prefix));
  for (const name of names)
    if ((await fingerprint(join(dirname(path), name))) === hash) return { status: 'quarantined', where: name };
  return { status: 'deleted' };
}
