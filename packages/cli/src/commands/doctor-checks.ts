import { access, constants, lstat, readdir, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { StateStatus } from '@lifeline/core';
import type { StateLayout } from '@lifeline/persistence';

export interface Finding {
  check: string;
  level: 'ok' | 'warn' | 'error';
  message: string;
  /** What to do about it (warn and error only). */
  fix?: string;
}

const ok = (check: string, message: string): Finding => ({ check, level: 'ok', message });
const warn = (check: string, message: string, fix: string): Finding => ({ check, level: 'warn', message, fix });
const error = (check: string, message: string, fix: string): Finding => ({ check, level: 'error', message, fix });

/** Ownership and permissions of the state directory: anyone who can write it can make us signal their pids. */
export async function checkStateDir(dir: string): Promise<Finding[]> {
  const info = await lstat(dir);
  if (info.isSymbolicLink())
    return [error('state dir', `${dir} is a symlink`, `point --state-dir at the real directory`)];
  const findings: Finding[] = [];
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    findings.push(
      error('state dir', `${dir} is owned by uid ${info.uid}, not you (uid ${uid})`, `use your own state directory`),
    );
  }
  const mode = info.mode & 0o777;
  if (process.platform !== 'win32' && mode & 0o022) {
    findings.push(
      error('state dir', `${dir} is writable by group or others (mode ${mode.toString(8)})`, `chmod 700 ${dir}`),
    );
  } else if (process.platform !== 'win32' && mode & 0o077) {
    findings.push(warn('state dir', `${dir} is readable by others (mode ${mode.toString(8)})`, `chmod 700 ${dir}`));
  }
  const writable = await access(dir, constants.W_OK).then(
    () => true,
    () => false,
  );
  if (!writable)
    findings.push(error('state dir', `${dir} is not writable`, `fix its permissions or pick another --state-dir`));
  if (findings.length === 0)
    findings.push(ok('state dir', `${dir} is private (mode ${mode.toString(8)}) and writable`));
  return findings;
}

/** Files persistence moved aside (`*.corrupt-<ts>`): kept for inspection, never deleted by us. */
export async function checkQuarantine(layout: StateLayout): Promise<Finding[]> {
  const names = await readdir(layout.stateDir).catch(() => [] as string[]);
  const bad = names.filter((n) => n.includes('.corrupt-'));
  if (bad.length === 0) return [ok('quarantine', 'no quarantined state files')];
  return [
    warn(
      'quarantine',
      `${bad.length} quarantined file(s): ${bad.slice(0, 3).join(', ')}${bad.length > 3 ? ', …' : ''}`,
      `inspect them in ${layout.stateDir}, then delete them`,
    ),
  ];
}

/** What core's status() says: PID file, registry, orphans, and each owner's guardian. */
export function checkStatus(s: StateStatus): Finding[] {
  const findings: Finding[] = [];
  if (s.corruption) {
    findings.push(
      error(
        'registry',
        `${s.corruption.path} is corrupt: ${s.corruption.reason}`,
        `run \`lifeline cleanup\`: it moves the file aside as a .corrupt-<time> copy and keeps the ${s.corruption.salvaged} valid record(s); inspect the copy, then delete it`,
      ),
    );
  } else findings.push(ok('registry', `${s.tracked.total} record(s), readable`));
  if (s.pidFile.state === 'stale') {
    findings.push(
      error(
        'pid file',
        `${s.layout.pidFile} names pid ${s.pidFile.holder?.pid ?? '?'}, which is gone`,
        'run `lifeline cleanup` (ends its orphans), then delete the file or start the launcher, which takes it over',
      ),
    );
  } else
    findings.push(
      ok(
        'pid file',
        s.pidFile.state === 'live' ? `held by live pid ${s.pidFile.holder?.pid}` : 'absent (no instance running)',
      ),
    );
  if (s.orphans > 0) {
    findings.push(
      error(
        'orphans',
        `${s.orphans} tracked process(es) outlived their owner`,
        'run `lifeline cleanup` (try --dry-run first)',
      ),
    );
  } else findings.push(ok('orphans', 'none'));
  for (const o of s.owners) {
    if (!o.alive) {
      findings.push(
        warn('owner', `owner ${o.id} (pid ${o.pid}) is gone but its owner file remains`, 'run `lifeline cleanup`'),
      );
    } else if (o.guardianAlive === false) {
      findings.push(
        warn(
          'guardian',
          `owner ${o.id} (pid ${o.pid}): guardian ${o.guardian_pid} is gone`,
          'its children are not protected if it crashes; restart that instance',
        ),
      );
    } else if (o.guardianAlive === null) {
      findings.push(
        warn(
          'guardian',
          `owner ${o.id} (pid ${o.pid}) runs without a guardian`,
          'if it is killed with SIGKILL its children survive until `lifeline cleanup`',
        ),
      );
    } else findings.push(ok('guardian', `owner ${o.id} (pid ${o.pid}): guardian ${o.guardian_pid} alive`));
  }
  return findings;
}

/** Can this platform list descendants and read environment tags (how orphans are found)? */
export async function checkPlatform(): Promise<Finding[]> {
  const pk = await import('@lifeline/platform-kill');
  const findings: Finding[] = [];
  try {
    await pk.descendants(process.pid);
    findings.push(ok('descendants', `readable via ${pk.capabilities.descendantsVia}`));
  } catch (e) {
    findings.push(
      error(
        'descendants',
        `cannot list descendants: ${(e as Error).message}`,
        'run lifeline as a user who can read the process table',
      ),
    );
  }
  if (!pk.capabilities.ownerTags) {
    findings.push(
      warn(
        'owner tags',
        `${pk.capabilities.platform} does not expose other processes' environment`,
        'orphans are found through the registry only; keep the guardian on',
      ),
    );
  } else {
    try {
      await pk.findByOwnerTag(`doctor-probe-${process.pid}`);
      findings.push(ok('owner tags', 'LIFELINE_OWNER tags are readable'));
    } catch (e) {
      findings.push(
        warn(
          'owner tags',
          `cannot read environment tags: ${(e as Error).message}`,
          'orphans are found through the registry only',
        ),
      );
    }
  }
  return findings;
}

/**
 * node on PATH, and the bun spawnScript would use (core's discoverBun: a `#!` shim on PATH is
 * resolved to the binary it runs), or why runtime 'auto' runs scripts with node instead.
 */
export async function checkRuntimes(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  const { discoverBun } = await import('@lifeline/core');
  const bun = discoverBun(env);
  const node = await which('node', env);
  return [
    node
      ? ok('node', `${node} (this is ${process.version})`)
      : warn('node', 'node is not on PATH', 'install Node.js >= 20.11 or fix PATH'),
    bun.path
      ? ok('bun', bun.shim ? `${bun.path} (resolved from the #! script ${bun.shim})` : bun.path)
      : warn(
          'bun',
          `${bun.reason}: scripts will run with node`,
          bun.shim
            ? `install bun's binary (https://bun.sh) or pass bunPath; ${bun.shim} is not one`
            : 'install bun from https://bun.sh if your scripts need it',
        ),
  ];
}

async function which(name: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const file = join(dir, name + ext);
      const found = await stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      if (
        found &&
        (await access(file, constants.X_OK).then(
          () => true,
          () => false,
        ))
      )
        return file;
    }
  }
  return null;
}

/** The lifecycle log: present, and not growing without bound. */
export async function checkLog(layout: StateLayout): Promise<Finding[]> {
  const size = await stat(layout.logFile).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) return [ok('log', `${layout.logFile} does not exist yet`)];
  if (size > 100 * 1024 * 1024) {
    return [
      warn(
        'log',
        `${layout.logFile} is ${Math.round(size / 1048576)} MB`,
        'rotate or truncate it; `lifeline logs --since 1d` reads the recent part',
      ),
    ];
  }
  return [ok('log', `${layout.logFile} (${Math.round(size / 1024)} KB)`)];
}
