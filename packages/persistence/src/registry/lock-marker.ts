import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { randomId } from '../random';
import { ownIdentity } from './holder-identity';
import type { LockHolder } from './lock-file';

/** Is the creator of a marker dead? `creator` is null when the marker cannot be read. */
export type JudgeCreator = (
  creator: Pick<LockHolder, 'pid' | 'start_time' | 'boot_id' | 'hostname'> | null,
  mtimeMs: number,
) => Promise<boolean>;

const MAX_GENERATIONS = 16;

/**
 * Claims the right to remove the lock `id`: creates `<lock>.break-<id>.<n>` beside the lock,
 * complete with our identity (written to a temp file, then hard-linked: `link` fails if the name
 * exists, so only one process gets each name). A marker left by a remover that died before it
 * finished would block everyone forever, so when generation n is taken by a creator judged dead,
 * we try n + 1; a live creator keeps its claim and we back out. Returns the marker path, or null.
 */
export async function claimMarker(lockPath: string, id: string, isDead: JudgeCreator): Promise<string | null> {
  const temp = `${lockPath}.new-${randomId()}`;
  try {
    await writeFile(temp, JSON.stringify(await ownIdentity()), { flag: 'wx', mode: 0o600 });
  } catch {
    return null;
  }
  try {
    for (let n = 1; n <= MAX_GENERATIONS; n++) {
      const marker = `${lockPath}.break-${id}.${n}`;
      try {
        await link(temp, marker);
        return marker;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST') return null; // ENOENT: our temp was swept
      }
      if (!(await isDead(...(await readMarker(marker))))) return null; // someone alive is on it
    }
    return null;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

async function readMarker(marker: string): Promise<Parameters<JudgeCreator>> {
  try {
    const [info, text] = await Promise.all([stat(marker), readFile(marker, 'utf8')]);
    const creator = JSON.parse(text);
    const valid = Number.isInteger(creator?.pid) && typeof creator.hostname === 'string';
    return [valid ? creator : null, info.mtimeMs];
  } catch {
    // Gone meanwhile (its lock was removed) or unreadable: let the age decide.
    return [null, 0];
  }
}
