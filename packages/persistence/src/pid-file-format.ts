import { PersistenceError } from './errors';
import { loadSchema } from './lazy-schema';
import type { PidFileContent } from './types';

/**
 * Line 1: the bare pid, so `kill $(cat lifeline.pid)` and Script Kit's reader work.
 * Line 2: the identity as JSON (start time, boot id, owner), which tells a live holder from a
 * process that merely got the same pid after a reboot.
 */
export function formatPidFile(content: PidFileContent): string {
  return `${content.pid}\n${JSON.stringify(content)}\n`;
}

export async function checkPidFileContent(content: unknown): Promise<PidFileContent> {
  const { formatIssues, pidFileContentSchema } = await loadSchema();
  const result = pidFileContentSchema.safeParse(content);
  if (!result.success) {
    throw new PersistenceError('ERR_INVALID_OPTION', `invalid PID file content: ${formatIssues(result.error)}`);
  }
  return result.data as PidFileContent;
}

/** Parses a PID file; throws ERR_CORRUPT_STATE (with what is wrong) for anything else. */
export async function parsePidFile(text: string, path: string): Promise<PidFileContent> {
  const parsed = await checkPidFileText(text);
  if ('content' in parsed) return parsed.content;
  throw new PersistenceError('ERR_CORRUPT_STATE', `PID file ${path} is corrupt: ${parsed.reason}`, { path });
}

/** The content of a PID file, or what is wrong with it in words ("line 1 must be a pid, got …"). */
export async function checkPidFileText(text: string): Promise<{ content: PidFileContent } | { reason: string }> {
  const { formatIssues, pidFileContentSchema, pidSchema } = await loadSchema();
  const [first = '', second = ''] = text.split('\n');
  const pidText = first.trim();
  if (!/^\d{1,10}$/.test(pidText))
    return { reason: `line 1 must be a pid, got ${JSON.stringify(pidText.slice(0, 40))}` };
  const pid = pidSchema.safeParse(Number(pidText));
  if (!pid.success) return { reason: `line 1: ${formatIssues(pid.error)}` };
  // A legacy file (Script Kit) has the pid only.
  if (second.trim() === '') return { content: { pid: pid.data } };
  let identity: unknown;
  try {
    identity = JSON.parse(second);
  } catch (error) {
    return { reason: `line 2 is not valid JSON: ${(error as Error).message}` };
  }
  const checked = pidFileContentSchema.safeParse(identity);
  if (!checked.success) return { reason: `line 2: ${formatIssues(checked.error)}` };
  if (checked.data.pid !== pid.data) return { reason: `line 2 names pid ${checked.data.pid}, line 1 pid ${pid.data}` };
  return { content: checked.data as PidFileContent };
}
