/**
 * The owner's side of platform-kill's containment: one unit (cgroup2: a `c-<n>` cgroup inside
 * `lifeline-<ownerId>@<instance>`, see ownerInstance) per child, made ahead of the next spawn so the mkdir is off the spawn
 * path. Where the mechanism is `none` (no cgroup2, read-only, not delegated, turned off) no unit
 * is used at all: children are spawned, tracked and ended exactly as before containment.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  type Containment,
  type ContainmentInfo,
  type ContainmentUnit,
  createContainment,
  type OwnerContainment,
  type ReclaimReport,
  type TerminateReport,
  type UnitEndOptions,
  type UnitEndReport,
} from '@lifeline/platform-kill';
import { stateDirId } from './sweep/owner-tag';

/** `auto` (default): cgroup2 where the host allows it; `off`: never; or a Containment made elsewhere (tests inject one). */
export type ContainmentOption = 'auto' | 'off' | Containment;

export type { ContainmentUnit };

/**
 * This owner instance's part of its cgroup's name (`lifeline-<ownerId>@<instance>`): the state
 * directory's id (as in LIFELINE_TAG), so cleanup knows its own directory's instances, and a
 * random part, so no two instances — the same id from two directories, or a restart beside a
 * guardian still reclaiming the last one — ever share a cgroup.
 */
export const ownerInstance = (stateDir: string): string => `${stateDirId(stateDir)}.${randomBytes(4).toString('hex')}`;

export class OwnerUnits {
  readonly #option: ContainmentOption;
  readonly #ownerId: string;
  readonly #instance: string;
  #containment: Containment | null = null;
  #scope: OwnerContainment | null | undefined;
  #next: ContainmentUnit | null = null;
  #preparing = false;
  #closed = false;
  /** Units of exited children that still hold escaped members. */
  readonly #lingering = new Set<ContainmentUnit>();

  constructor(option: ContainmentOption, ownerId: string, instance: string) {
    this.#option = option;
    this.#ownerId = ownerId;
    this.#instance = instance;
  }

  /** The host's containment (detected on first use: a few small reads of /proc and cgroupfs). */
  get containment(): Containment {
    this.#containment ??= typeof this.#option === 'object' ? this.#option : createContainment({ mode: this.#option });
    return this.#containment;
  }

  get info(): ContainmentInfo {
    return this.containment.info;
  }

  /** The owner's scope, or null when the mechanism is none. */
  get scope(): OwnerContainment | null {
    if (this.#scope === undefined)
      this.#scope =
        this.info.mechanism === 'none' ? null : this.containment.forOwner(this.#ownerId, { instance: this.#instance });
    return this.#scope;
  }

  /** The owner's cgroup (recorded in the owner file), or null when not contained. */
  get cgroup(): string | null {
    return this.scope?.cgroup ?? null;
  }

  /**
   * A fresh unit for the next child (the one prepared ahead, or a new one), or null when not
   * contained. Throws when a unit cannot be made (the caller spawns uncontained and says so).
   */
  take(): ContainmentUnit | null {
    const scope = this.scope;
    if (!scope || this.#closed) return null;
    // A prepared unit removed meanwhile (endAll) is not used: make a fresh one.
    const prepared = this.#next?.cgroup && existsSync(this.#next.cgroup) ? this.#next : null;
    const unit = prepared ?? scope.unit();
    this.#next = null;
    this.#prepare(scope);
    return unit;
  }

  /** Make the next unit after this tick, off the spawn path (a failure is retried by take()). */
  #prepare(scope: OwnerContainment): void {
    if (this.#preparing) return;
    this.#preparing = true;
    setImmediate(() => {
      this.#preparing = false;
      if (this.#next || this.#closed) return;
      try {
        this.#next = scope.unit();
      } catch {
        // take() makes one inline (and reports its error) next time
      }
    }).unref();
  }

  /** Keep a unit whose child exited but whose escaped members remain (ended by endLingering/endAll). */
  linger(unit: ContainmentUnit): void {
    this.#lingering.add(unit);
  }

  /** End the units of exited children that still hold members (killAll). */
  async endLingering(options: UnitEndOptions): Promise<UnitEndReport[]> {
    const units = [...this.#lingering];
    this.#lingering.clear();
    return Promise.all(units.map((unit) => unit.end(options)));
  }

  /** End every unit of this owner (escaped members of exited children too) and remove its cgroups. */
  async endAll(options: UnitEndOptions): Promise<ReclaimReport | null> {
    const scope = this.scope;
    if (!scope) return null;
    this.#next = null;
    this.#lingering.clear();
    return scope.endAll(options);
  }

  /** No more units: remove the owner cgroup and every empty unit (nothing is signalled). */
  async dispose(): Promise<boolean> {
    this.#closed = true;
    this.#next = null;
    // Never used (no spawn): nothing was made, and detection need not run now.
    if (this.#scope === undefined) return true;
    return (await this.#scope?.dispose()) ?? true;
  }

  /**
   * The exit path (synchronous): cgroup.kill into every unit this owner made, then remove the
   * emptied units and the owner cgroup. Nothing when no unit was ever made.
   */
  forceSync(): void {
    this.#closed = true;
    this.#next = null;
    if (!this.#scope) return;
    try {
      this.#scope.forceSync();
    } catch {
      // exiting anyway: the guardian or the next start's cleanup reclaims what is left
    }
  }
}

/** A unit's end in the shape kill()/killAll() report: every member, and how it ended. */
export function unitReport(pid: number, report: UnitEndReport): TerminateReport {
  const graceful = new Map(report.graceful.map((m) => [m.pid, m]));
  return {
    target: { pid, tree: true },
    escalated: report.forced !== null,
    durationMs: report.durationMs,
    processes: report.members.map((member) => {
      const sent = graceful.get(member);
      if (sent && sent.outcome !== 'sent')
        return { pid: member, pgid: null, outcome: sent.outcome, ...(sent.reason ? { reason: sent.reason } : {}) };
      return { pid: member, pgid: null, outcome: report.forced ? 'killed' : 'terminated' };
    }),
    survivors: report.survivors,
  };
}
