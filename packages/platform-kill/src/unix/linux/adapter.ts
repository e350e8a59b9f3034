import type { Adapter, Collected, CollectQuery, SelfInfo } from '../../adapter';
import type { KillFunction, ProcessIdentity } from '../../types';
import { sendUnix } from '../send';
import { descendantsOf } from './children';
import { findByEnvValue } from './env-value';
import { findByOwnerTag } from './owner-tag';
import { identityFromStat, listPids, readIdentity, readRssBytes, statIdentities, statOrNull } from './proc';
import { snapshotLinux } from './snapshot';

/** Clock ticks per second for utime/stime. USER_HZ is 100 on every Linux architecture Node supports. */
const CLOCK_TICKS = 100;

function collectLinux(query: CollectQuery): Collected {
  const identities = new Map<number, ProcessIdentity>();
  const remember = (pid: number) => {
    if (identities.has(pid)) return true;
    const stat = statOrNull(pid);
    if (stat) identities.set(pid, identityFromStat(stat));
    return stat !== null;
  };
  const groups = new Map<number, number[]>();
  if (query.groups.length > 0) {
    // One pass over /proc answers every requested group at once (terminateAll of 50 groups = 1 scan).
    for (const pgid of query.groups) groups.set(pgid, []);
    for (const pid of listPids()) {
      const stat = statOrNull(pid);
      if (!stat) continue;
      const members = groups.get(stat.pgrp);
      if (!members) continue;
      members.push(pid);
      identities.set(pid, identityFromStat(stat));
    }
  }
  const trees = new Map<number, number[]>();
  const roots = [...query.trees];
  if (query.groupTrees) for (const members of groups.values()) roots.push(...members);
  for (const root of roots) {
    if (trees.has(root)) continue;
    remember(root);
    const found = descendantsOf(root).filter(remember);
    trees.set(root, found);
  }
  return { identities, trees, groups };
}

function selfLinux(): SelfInfo {
  const ancestors = new Set<number>();
  let pgid: number | null = null;
  let pid = process.pid;
  // Walk ppid links up to the root; a loop guard protects against a torn read.
  for (let hops = 0; hops < 4096 && pid > 0; hops++) {
    const stat = statOrNull(pid);
    if (!stat) break;
    if (pid === process.pid) pgid = stat.pgrp;
    else ancestors.add(pid);
    pid = stat.ppid;
  }
  return { pid: process.pid, pgid, ancestors };
}

/** The /proc adapter: every read is a small synchronous file read, no external commands. */
export function createLinuxAdapter(kill: KillFunction): Adapter {
  return {
    capabilities: { platform: 'linux', ownerTags: true, processGroups: true, bootId: true, descendantsVia: 'proc' },
    identify: async (pid) => readIdentity(pid),
    identifySync: (pid) => readIdentity(pid),
    // One readdir tells which pids exist, so records of long-dead processes cost no failed reads.
    identifyMany: async (pids) => snapshotLinux({ pids, tags: [] }).identities,
    descendants: async (pid) => descendantsOf(pid),
    collect: async (query) => collectLinux(query),
    collectSync: collectLinux,
    findByOwnerTag: async (ownerId) => findByOwnerTag(ownerId),
    findByEnvValue: async (name, values, prefix) => findByEnvValue(name, values, prefix),
    snapshot: async (request) => snapshotLinux(request),
    resourceUsage: async (pid) => {
      const stat = statOrNull(pid);
      if (!stat || stat.state === 'zombie' || stat.state === 'dead') return null;
      const rssBytes = readRssBytes(pid);
      if (rssBytes === null) return null;
      return { rssBytes, cpuSeconds: (stat.utime + stat.stime) / CLOCK_TICKS };
    },
    // One /proc/<pid>/stat read per member: state, start time (and the cached boot id).
    probe: statIdentities,
    probeSync: statIdentities,
    send: (to, signal) => sendUnix(kill, to, signal),
    sendSync: (to, signal) => sendUnix(kill, to, signal),
    self: selfLinux,
  };
}
