/**
 * The seam for a containment layer (one unit — e.g. a cgroup — per child, under a per-owner
 * scope). Nothing implements it yet: a child holds `containment: null` and sweeps get no units.
 * When one exists, a Child is given its unit at spawn and the sweep engine ends each unit's
 * members and removes the unit after its kill pass (sweep/engine.ts, step "containment").
 */
export interface ContainmentUnit {
  /** A name that carries the owner id. */
  readonly id: string;
  /** Pids inside the unit now. */
  members(): Promise<number[]>;
  /** End every member at once. */
  kill(): Promise<void>;
  /** Resolves true once the unit is empty, false after timeoutMs. */
  waitEmpty(timeoutMs: number): Promise<boolean>;
  /** Remove the (empty) unit. */
  remove(): Promise<void>;
}
