/**
 * The guardian (dist/guardian.js): a small separate process that watches one owner through a
 * pipe only the owner holds (its stdin). The owner streams its registry changes as JSON lines;
 * EOF after {"type":"shutdown"} is a normal exit, EOF without it means the owner died (even by
 * SIGKILL: the kernel closes its end), and the guardian ends every tree the owner had. It
 * loads only platform-kill until then. Started by the manager with guardian: true.
 */
import { expectedOf } from '../identity';
import { GUARDIAN_TAG_ENV } from '../protocol/owner-child';
import { RecordCopy } from './copy';
import { createLog } from './log';
import { ownerLost } from './owner-lost';
import type { GuardianConfig } from './protocol';
import { ownerLineage } from './targets';

const config = parseConfig(process.argv[2]);
// The owner's tag prefix comes through our environment; nothing we start inherits it.
const tag = process.env[GUARDIAN_TAG_ENV];
delete process.env[GUARDIAN_TAG_ENV];
const log = createLog(config.logFd, config.ownerId);
try {
  process.title = `lifeline-guardian ${config.ownerId}`;
} catch {
  // cosmetic
}
process.on('uncaughtException', (error) => {
  log('guardian-exited', { reason: 'uncaught error', err: { message: error.message, stack: error.stack } }, 'error');
  process.exit(70);
});

const owner = expectedOf(config.owner);
// Read while the owner still lives; a tag sweep never ends the owner or its ancestors.
const lineage = ownerLineage(owner).catch(() => [owner]);
const copy = new RecordCopy();
let finished = false;

const finish = (reason: string) => {
  if (finished) return;
  finished = true;
  if (copy.shutdown) {
    log('guardian-exited', { reason: 'owner shut down' });
    process.exit(0);
  }
  ownerLost(config, copy, lineage, log, tag).then(
    (code) => process.exit(code),
    (error: Error) => {
      log('guardian-exited', { reason: `failed after ${reason}`, err: { message: error.message } }, 'error');
      process.exit(1);
    },
  );
};

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  for (const line of copy.feed(chunk)) log('error', { context: 'unreadable line from the owner', line }, 'error');
});
process.stdin.once('end', () => finish('end of file'));
process.stdin.once('error', () => finish('pipe error'));
log('guardian-started', { ownerPid: config.owner.pid, startupMs: Math.round(performance.now() * 10) / 10 });

function parseConfig(raw: string | undefined): GuardianConfig {
  try {
    const parsed = JSON.parse(raw ?? '') as GuardianConfig;
    if (typeof parsed.ownerId !== 'string' || !Number.isInteger(parsed.owner?.pid) || parsed.owner.pid <= 1)
      throw new Error('ownerId and owner.pid are required');
    if (!Number.isInteger(parsed.graceMs) || parsed.graceMs < 0) throw new Error('graceMs must be an integer >= 0');
    return parsed;
  } catch (error) {
    process.stderr.write(`lifeline guardian: bad configuration argument: ${(error as Error).message}\n`);
    process.exit(2);
  }
}
