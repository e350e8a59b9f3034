/**
 * The owner tag a sweep trusts. LIFELINE_OWNER=<owner id> is a name anyone can pick (a second
 * instance with the same --owner, a shell that inherited it), so every child also carries
 * LIFELINE_TAG=<state-dir id>.<secret>.<child key>:
 *   - state-dir id: a hash of the state directory's resolved path, so one id used in two state
 *     directories gives two different tags;
 *   - secret: 128 random bits per instance, kept only in its 0600 owner file and its records
 *     (never on a command line), so a process cannot carry it by accident;
 *   - child key: one per spawned child, so a child's daemonised descendants can be found after
 *     it is gone (the fallback trail when no containment unit holds them).
 * The owner part (`<dir>.<secret>.`) is matched as an exact prefix; a child's trail exactly.
 */
import { createHash, randomBytes } from 'node:crypto';
import { TAG_ENV } from '../protocol/owner-child';
import { startTimeToDate } from './start-time';

export { TAG_ENV };

/** A dead owner whose tag may be swept: its prefix, and its start time (nothing older is ever its child). */
export interface TagOwner {
  ownerId: string;
  /** `<dir>.<secret>.` */
  prefix: string;
  /** The owner's OS start time; a process that started before it is never taken as its child. */
  startTime?: string | null;
}

/** The last state directory hashed: a cleanup asks once per record that names a tag. */
let lastId: { stateDir: string; id: string } | undefined;

export function stateDirId(stateDir: string): string {
  if (lastId?.stateDir !== stateDir)
    lastId = { stateDir, id: createHash('sha256').update(stateDir).digest('hex').slice(0, 16) };
  return lastId.id;
}

/** A fresh instance prefix for this state directory. */
export function newTagPrefix(stateDir: string): string {
  return `${stateDirId(stateDir)}.${randomBytes(16).toString('hex')}.`;
}

/** Is `prefix` one this state directory's instances write? (a record's tag from elsewhere is never swept here) */
export function isTagOf(stateDir: string, prefix: unknown): prefix is string {
  return (
    typeof prefix === 'string' &&
    /^[0-9a-f]{16}\.[0-9a-f]{32}\.$/.test(prefix) &&
    prefix.startsWith(`${stateDirId(stateDir)}.`)
  );
}

/**
 * Did the process start before its supposed owner? Then it cannot be that owner's child, whatever
 * it carries (a spoofed or inherited tag). Unknown times: not provably older.
 */
export function startedBefore(processStart: string, ownerStart: string | null | undefined): boolean {
  if (!ownerStart) return false;
  if (/^\d+$/.test(processStart) && /^\d+$/.test(ownerStart)) return BigInt(processStart) < BigInt(ownerStart);
  const a = startTimeToDate(processStart);
  const b = startTimeToDate(ownerStart);
  return a !== null && b !== null && a.getTime() < b.getTime();
}
