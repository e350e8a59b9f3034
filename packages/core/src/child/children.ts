import { forceKillSync, type TerminateReport, type TerminateTarget, terminateAll } from '@lifeline/platform-kill';
import type { KillOptions } from '../types';
import { type Child, emptyReport } from './child';
import { endTrails } from './trail';

/** The owner's live children by pid: the in-memory registry. */
export class Children {
  readonly #byPid = new Map<number, Child>();

  add(child: Child): void {
    this.#byPid.set(child.info.pid, child);
  }

  /** Remove this child (not a newer one that reused its pid). */
  delete(child: Child): void {
    if (this.#byPid.get(child.info.pid) === child) this.#byPid.delete(child.info.pid);
  }

  get(pid: number): Child | undefined {
    return this.#byPid.get(pid);
  }

  has(pid: number): boolean {
    return this.#byPid.has(pid);
  }

  get size(): number {
    return this.#byPid.size;
  }

  all(): Child[] {
    return [...this.#byPid.values()];
  }

  pids(): ReadonlySet<number> {
    return new Set(this.#byPid.keys());
  }

  /**
   * End every child in parallel: contained children by their units (all at once), the others
   * with one terminateAll call and one shared wait loop.
   */
  async killAll(options: KillOptions & { graceMs: number }): Promise<TerminateReport[]> {
    const all = this.all();
    const contained = all.filter((child) => child.containment !== null);
    const ends = contained.map((child) => child.kill(options));
    const rest = await this.#killUncontained(
      all.filter((child) => child.containment === null),
      options,
    );
    const reports = await Promise.all(ends);
    const byChild = new Map(rest);
    contained.forEach((child, i) => {
      byChild.set(child, reports[i] as TerminateReport);
    });
    return all.map((child) => byChild.get(child) ?? emptyReport({ pid: child.info.pid }));
  }

  async #killUncontained(
    children: Child[],
    options: KillOptions & { graceMs: number },
  ): Promise<Map<Child, TerminateReport>> {
    const { graceMs } = options;
    const signal = options.signal ?? 'SIGTERM';
    const targets = await Promise.all(children.map((child) => child.target()));
    const live = children.flatMap((child, i) => {
      const target = targets[i];
      return target ? [{ child, target }] : [];
    });
    for (const { child } of live) child.reportSignal(signal);
    const pending =
      live.length > 0
        ? terminateAll(
            live.map((l) => l.target),
            { graceMs, signal },
          ).then(async (reports) => {
            // Without containment units, descendants that left the trees are found by each child's tag.
            const trails = live.flatMap(({ child }, i) => {
              const report = reports[i];
              return report && !child.containment ? [child.trail(report)] : [];
            });
            await endTrails(trails, { graceMs, signal });
            return reports;
          })
        : Promise.resolve([]);
    live.forEach(({ child }, i) => {
      child.killingWith(
        pending.then(
          (reports) => reports[i],
          () => undefined,
        ),
      );
    });
    const reports = await pending;
    const byChild = new Map<Child, TerminateReport>();
    live.forEach(({ child, target }, i) => {
      const report = reports[i] ?? emptyReport(target);
      byChild.set(child, report);
      child.reportKill(report, graceMs);
    });
    await Promise.all(
      children.map((child) => {
        const report = byChild.get(child);
        return report && report.survivors.length > 0 ? undefined : child.confirmedDead();
      }),
    );
    return byChild;
  }

  /**
   * The synchronous path for when the process is exiting now (process.exit, a fatal signal
   * signal-exit saw, a second Ctrl-C): no grace is possible, so send the force signal to every
   * child's tree, pinned to its identity. Records stay in the file; the next start cleans them.
   */
  forceKillSync(): void {
    const targets = this.all().flatMap((child): TerminateTarget[] => {
      const target = child.forceTarget();
      return target ? [target] : [];
    });
    if (targets.length === 0) return;
    try {
      forceKillSync(targets);
    } catch {
      // exiting anyway; the next start's orphan cleanup is the fallback
    }
  }
}
