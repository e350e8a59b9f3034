/**
 * The containment contract: a child's whole world (everything it starts, however it forks,
 * re-groups or clears its environment) lives in one kernel-enforced unit that can be listed,
 * signalled, ended and removed. One interface; one implementation per mechanism (`cgroup2`,
 * `none`), chosen in one place (select.ts).
 */
import type { SpawnOptions } from 'node:child_process';

/** `cgroup2`: Linux cgroup v2. `none`: process group + descendants + owner tag (what Lifeline did before). */
export type ContainmentMechanism = 'cgroup2' | 'none';

/** How a cgroup2 child is placed in its cgroup before its program runs (see cgroup2/placement.ts). */
export type Placement = 'fork-window' | 'trampoline';

/** What containment this host (or this owner) uses, and why not when it is `none`. */
export interface ContainmentInfo {
  mechanism: ContainmentMechanism;
  /** Why the mechanism is `none` (cgroup2 absent, read-only, not delegated, turned off, …); null when contained. */
  reason: string | null;
  /** cgroup2 only: where cgroup2 is mounted, e.g. /sys/fs/cgroup or /sys/fs/cgroup/unified. */
  mount?: string;
  /** cgroup2 only: the absolute directory under which owner cgroups are created. */
  base?: string;
  /** cgroup2 only: `delegated` (our own cgroup is writable) or `root` (the mount root, as root). */
  baseKind?: 'delegated' | 'root';
  /** cgroup2 only: how a unit is forced: one write to cgroup.kill (kernel ≥ 5.14), or freeze + SIGKILL per member. */
  forceVia?: 'cgroup.kill' | 'freeze';
}

/** The command, arguments and options to hand to child_process.spawn, and the call that places the child. */
export interface SpawnPlan {
  command: string;
  args: string[];
  options: SpawnOptions;
  /**
   * Runs `spawn(command, args, options)` so that the child is inside its unit before its
   * program's first instruction. `spawn` must fork synchronously and return without waiting for
   * the child: node:child_process.spawn, not spawnSync/execSync (with fork-window placement this
   * process sits in the unit until `spawn` returns).
   */
  spawn<T>(spawn: (command: string, args: string[], options: SpawnOptions) => T): T;
}

/** What happened to one member of a unit. */
export interface MemberSignal {
  pid: number;
  /** `sent`; `gone` (exited, or no longer in this unit); `refused` (protected pid); `failed` (see error). */
  outcome: 'sent' | 'gone' | 'refused' | 'failed';
  reason?: string;
}

export interface UnitEndOptions {
  /** Graceful signal to every member. Default SIGTERM. */
  signal?: NodeJS.Signals;
  /** Wait this long for the unit to empty before forcing. Default 3000 ms; 0 forces at once. */
  graceMs?: number;
  /** After forcing, wait this long for `populated 0`. Default 2000 ms. */
  confirmMs?: number;
  /** Remove the unit's cgroup once empty. Default true. */
  remove?: boolean;
}

export interface UnitEndReport {
  unit: string;
  /** Members found when the end began (every process in the unit, escaped or not). */
  members: number[];
  graceful: MemberSignal[];
  /** How the unit was forced: null when it emptied within the grace. */
  forced: 'cgroup.kill' | 'freeze' | 'signal' | null;
  /** True when the unit was confirmed empty (cgroup2: `populated 0`). */
  empty: boolean;
  /** True when the unit's cgroup was removed (always false for `none`). */
  removed: boolean;
  /** Pids still present when the end gave up (should always be empty). */
  survivors: number[];
  durationMs: number;
}

/** One child's containment unit. */
export interface ContainmentUnit {
  /** `c-<n>` for cgroup2; `pid-<pid>` for none (once attached). */
  readonly name: string;
  /** Absolute path of the unit's cgroup directory; null for none. */
  readonly cgroup: string | null;
  /** The spawn plan for this unit's child. Call once. */
  plan(command: string, args?: readonly string[], options?: SpawnOptions): SpawnPlan;
  /** Tell the unit its root process (after spawn). `none` needs it to find the tree; cgroup2 only reports it. */
  attach(pid: number): void;
  /** Every live member: cgroup.procs of the unit and its sub-cgroups (cgroup2); the root's tree (none). */
  members(): Promise<number[]>;
  /** One signal to every member, each checked right before sending (still in this unit, not protected). */
  signal(signal: NodeJS.Signals): Promise<MemberSignal[]>;
  /** Resolves true once the unit is empty, false after timeoutMs. cgroup2: `populated 0` in cgroup.events. */
  waitEmpty(timeoutMs: number): Promise<boolean>;
  /** Graceful signal, wait, force, confirm empty, remove. */
  end(options?: UnitEndOptions): Promise<UnitEndReport>;
  /** Remove the unit's cgroup if it is empty; true when removed (or nothing to remove). */
  remove(): Promise<boolean>;
}

/** A leftover owner cgroup (found by listing), with its units. */
export interface OwnerCgroup {
  ownerId: string;
  /** The instance its name carries (`lifeline-<ownerId>@<instance>`), or null for the shared `lifeline-<ownerId>`. */
  instance: string | null;
  path: string;
  units: string[];
  /** True while any process lives anywhere below it. */
  populated: boolean;
}

export interface ReclaimReport {
  /** The owner cgroup; null for none (its units were the owner's tracked trees). */
  path: string | null;
  units: UnitEndReport[];
  /** The owner cgroup itself was removed. */
  removed: boolean;
}

/** Containment for one owner: one cgroup for the owner, one per child inside it. */
export interface OwnerContainment {
  readonly info: ContainmentInfo;
  readonly ownerId: string;
  /** The owner's cgroup (created on the first unit), or null for none. */
  readonly cgroup: string | null;
  /** A new unit for one child (cgroup2: a fresh `c-<n>` cgroup inside the owner's). */
  unit(): ContainmentUnit;
  /** End every unit of this owner (parallel) and remove the owner cgroup. */
  endAll(options?: UnitEndOptions): Promise<ReclaimReport>;
  /**
   * Remove the owner cgroup and every empty unit (call at shutdown, once no more children will
   * be spawned: a unit made but not yet spawned into is empty, and would go too).
   */
  dispose(): Promise<boolean>;
  /**
   * The exit path (synchronous, no grace: the owner is exiting without shutdown). cgroup2: one
   * write to cgroup.kill into every unit this scope made (never a cgroup it did not make; without
   * cgroup.kill: SIGKILL to each member, repeated while the unit is populated), a
   * bounded synchronous wait for `populated 0`, then removal of the emptied units and the owner
   * cgroup. none: nothing (the owner's pid/group force kill is the whole of it). True when
   * nothing of this scope is left in cgroupfs.
   */
  forceSync(options?: { confirmMs?: number }): boolean;
}

/** Host-wide containment: the mechanism, per-owner scopes, and leftovers of other (dead) owners. */
export interface Containment {
  readonly info: ContainmentInfo;
  /**
   * The scope of one owner instance: cgroup `lifeline-<ownerId>@<instance>` (give every instance
   * its own, so two never share one), or `lifeline-<ownerId>` without an instance.
   */
  forOwner(ownerId: string, options?: { instance?: string }): OwnerContainment;
  /** Owner cgroups under our base (all, or one owner's). The caller decides which owners are dead. */
  leftovers(ownerId?: string): OwnerCgroup[];
  /**
   * A unit that already exists, by its path (from a registry record): for listing, signalling,
   * ending and removing another owner's child (the CLI, the guardian). Its plan() throws.
   * `path` must be `…/lifeline-<ownerId>[@<instance>]/c-<n>` under the cgroup2 mount.
   */
  unitAt(path: string): ContainmentUnit;
  /**
   * End every member of a dead owner's cgroup and remove it. `path` must be an owner cgroup
   * (`lifeline-<ownerId>[@<instance>]`) under the cgroup2 mount, e.g. from leftovers() or a registry record.
   */
  reclaim(path: string, options?: UnitEndOptions): Promise<ReclaimReport>;
}
