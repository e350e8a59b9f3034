/**
 * What a dead owner's cgroup reclaim ends, reported like any other orphan: each member of its
 * units that no record names (an env-cleared daemon, a child's children) is an entry of its own
 * (source 'cgroup'), counted in `killed`, with orphan-found/orphan-killed events. A dry run lists
 * the members found now as `would-kill`; a real run makes the same listing before it ends
 * anything, settles each entry by the report of the unit that ended it, and adds members that
 * appeared in between (so every member the listing saw is an entry, whoever ended it).
 */
import type { ProcessRecord } from '@lifeline/persistence';
import { identify, type ProcessIdentity, type ReclaimReport, type UnitEndReport } from '@lifeline/platform-kill';
import { unitReport } from '../containment';
import type { Owner } from '../owner';
import type { OrphanEntry } from '../types';
import { startTimeToDate } from './start-time';

/** A process found in a unit of a dead owner's cgroup. */
export interface CgroupMember {
  pid: number;
  ownerId: string;
  /** The unit's cgroup (`…/lifeline-<ownerId>[@<instance>]/c-<n>`). */
  unit: string;
}

/** An entry of a cgroup member, with the record-shaped description its events carry. */
interface MemberEntry {
  entry: OrphanEntry;
  record: ProcessRecord;
}

/** A record-shaped description of a process that no record names (for events and the log). */
export function foundRecord(pid: number, ownerId: string, identity: ProcessIdentity | null | undefined): ProcessRecord {
  return {
    pid,
    script_path: identity?.command ?? '',
    started_at: ((identity && startTimeToDate(identity.startTime)) || new Date()).toISOString(),
    pgid: identity?.pgid ?? null,
    start_time: identity?.startTime ?? null,
    boot_id: identity?.bootId ?? null,
    command: identity?.command,
    owner: { id: ownerId, pid: 0 },
  };
}

const memberEntry = (m: CgroupMember, identity: ProcessIdentity | null): MemberEntry => ({
  entry: {
    record: null,
    pid: m.pid,
    decision: 'would-kill',
    reason: `in cgroup ${m.unit} of dead owner ${m.ownerId} and in no record`,
    source: 'cgroup',
    cgroup: m.unit,
  },
  record: foundRecord(m.pid, m.ownerId, identity),
});

/** The cgroup members found now, except the pids in `skip` (records, which are entries already). One entry per pid. */
export class CgroupEntries {
  readonly #byPid = new Map<number, MemberEntry>();
  readonly #owner: Owner;

  private constructor(owner: Owner) {
    this.#owner = owner;
  }

  /** Entries for the members listed now (each identified while it runs); orphan-found for each. */
  static async plan(owner: Owner, members: CgroupMember[], skip: ReadonlySet<number>): Promise<CgroupEntries> {
    const out = new CgroupEntries(owner);
    const fresh = [...new Map(members.filter((m) => !skip.has(m.pid)).map((m) => [m.pid, m])).values()];
    const identities = await Promise.all(fresh.map((m) => identify(m.pid).catch(() => null)));
    fresh.forEach((m, i) => {
      out.#add(memberEntry(m, identities[i] ?? null));
    });
    return out;
  }

  /** The pids with an entry. */
  get pids(): ReadonlySet<number> {
    return new Set(this.#byPid.keys());
  }

  #add(member: MemberEntry): void {
    this.#byPid.set(member.entry.pid, member);
    this.#owner.emit('orphan-found', { pid: member.entry.pid, record: member.record });
  }

  /**
   * After the reclaim (real run): each member a unit report lists is `killed` when its unit was
   * confirmed empty, else `failed`; a member that appeared after the listing gets its entry now.
   * A planned member no report lists had exited before its cgroup was reclaimed (`already-gone`),
   * or its owner cgroup could not be reclaimed at all (`failed`). `skip`: pids that are entries
   * elsewhere (records, tag finds).
   */
  settle(reclaimed: ReadonlyArray<{ ownerId: string; report: ReclaimReport }>, skip: ReadonlySet<number>): void {
    const settled = new Set<number>();
    const owners = new Set(reclaimed.map((r) => r.report.path));
    for (const { ownerId, report } of reclaimed)
      for (const unit of report.units)
        for (const pid of unit.members) {
          if (skip.has(pid) || settled.has(pid)) continue;
          settled.add(pid);
          const path = `${report.path}/${unit.unit}`;
          let member = this.#byPid.get(pid);
          if (!member) {
            member = memberEntry({ pid, ownerId, unit: path }, null);
            this.#add(member);
          }
          this.#ended(member, pid, unit);
        }
    for (const [pid, member] of this.#byPid) {
      if (settled.has(pid) || skip.has(pid) || member.entry.decision !== 'would-kill') continue;
      const ownerCgroup = member.entry.cgroup?.slice(0, member.entry.cgroup.lastIndexOf('/'));
      if (ownerCgroup && owners.has(ownerCgroup)) {
        member.entry.decision = 'already-gone';
        member.entry.reason = 'exited before its cgroup was reclaimed';
      } else {
        member.entry.decision = 'failed';
        member.entry.reason = `its cgroup ${member.entry.cgroup} could not be reclaimed`;
        this.#owner.emit('orphan-skipped', { pid, record: member.record, reason: member.entry.reason });
      }
    }
  }

  #ended(member: MemberEntry, pid: number, unit: UnitEndReport): void {
    const { entry, record } = member;
    const report = unitReport(pid, unit);
    entry.report = report;
    if (unit.empty) {
      entry.decision = 'killed';
      entry.reason = `ended with its cgroup ${entry.cgroup}${unit.forced ? ` (${unit.forced} needed)` : ''}`;
      this.#owner.emit('orphan-killed', { pid, record, report });
    } else {
      entry.decision = 'failed';
      entry.reason = `its cgroup ${entry.cgroup} still held ${unit.survivors.join(', ')} after the force`;
      this.#owner.emit('orphan-skipped', { pid, record, reason: entry.reason });
    }
  }

  /** The entries, except pids in `skip` (found elsewhere meanwhile: one entry per pid). */
  entries(skip: ReadonlySet<number> = new Set()): OrphanEntry[] {
    return [...this.#byPid.values()].filter((m) => !skip.has(m.entry.pid)).map((m) => m.entry);
  }
}
