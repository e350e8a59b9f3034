import { listOwnerProcesses, newOwnerId, reapOwner } from '@lifeline/test-utils';

/**
 * Every owner id a scenario hands out is remembered here, so that after the scenario
 * anything still carrying one of them is reaped — and counted as a failure: the suite must
 * leave nothing running, and a leftover is a survivor the scenario did not catch.
 */
export class OwnerLedger {
  readonly #ids = new Set<string>();

  id(label: string): string {
    const id = newOwnerId(`rel-${label}`);
    this.#ids.add(id);
    return id;
  }

  /** Count (without touching) what is still alive for every id handed out. */
  alive(): number {
    let n = 0;
    for (const id of this.#ids) n += listOwnerProcesses(id).length;
    return n;
  }

  /** SIGKILL whatever still carries one of our ids (the tag is the identity check); returns how many. */
  async reapAll(): Promise<{ count: number; byId: Record<string, number[]> }> {
    const byId: Record<string, number[]> = {};
    let count = 0;
    for (const id of this.#ids) {
      const reaped = await reapOwner(id).catch(() => listOwnerProcesses(id));
      if (reaped.length > 0) {
        byId[id] = reaped;
        count += reaped.length;
      }
    }
    return { count, byId };
  }
}
