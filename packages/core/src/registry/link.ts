import { checkLayout, ensureStateDir, openRegistry, type RegistryStore, type StateLayout } from '@lifeline/persistence';
import { CoreError } from '../errors';

/**
 * The owner's link to its registry file: opened once the state directory is known to be usable
 * (retried after a failure), and the set of writes nobody awaits (a child's durable removal),
 * which flush(), shutdown() and close() settle.
 */
export class RegistryLink {
  readonly layout: StateLayout;
  /** Resolves once the state directory passed persistence's checks (the lifecycle log opens then). */
  readonly usable: Promise<void>;
  #markUsable!: () => void;
  #pending: Promise<RegistryStore> | null = null;
  #store: RegistryStore | null = null;
  readonly #writes = new Set<Promise<unknown>>();

  constructor(layout: StateLayout) {
    this.layout = layout;
    this.usable = new Promise((resolve) => {
      this.#markUsable = resolve;
    });
  }

  open(): Promise<RegistryStore> {
    this.#pending ??= (async () => {
      // Every path checked (normalised, no symlink anywhere, right kinds) before anything is read,
      // and so before anything can be signalled.
      await checked(this.layout, true);
      this.#store = openRegistry({ path: this.layout.registryFile });
      this.#markUsable();
      return this.#store;
    })();
    this.#pending.catch(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  /**
   * A read-only store for inspection (list, status, dry runs): the same checks as open(), but
   * nothing is created, moved, locked or rewritten; corruption is reported, not quarantined.
   */
  async view(): Promise<RegistryStore> {
    await checked(this.layout, false);
    return openRegistry({ path: this.layout.registryFile, readOnly: true });
  }

  /** The store once opened (null before). */
  opened(): RegistryStore | null {
    return this.#store;
  }

  /** Track a write nobody awaits. It must not reject. */
  queue(write: Promise<unknown>): void {
    const settled = write.catch(() => undefined);
    this.#writes.add(settled);
    void settled.then(() => this.#writes.delete(settled));
  }

  /** Resolves once every queued write has settled (including ones queued meanwhile). */
  async settle(): Promise<void> {
    while (this.#writes.size > 0) await Promise.all(this.#writes);
  }

  /** Queued writes settled and the store's buffered commits durable. */
  async flush(): Promise<void> {
    await this.settle();
    await this.#store?.flush().catch(() => undefined);
  }

  async close(onError: (error: Error) => void): Promise<void> {
    await this.#store?.close().catch(onError);
  }
}

/** persistence's layout checks (create: also make the directory, 0700), as a CoreError. */
export async function checked(layout: StateLayout, create: boolean): Promise<void> {
  try {
    if (create) await ensureStateDir(layout.stateDir);
    await checkLayout(layout);
  } catch (error) {
    throw new CoreError(
      'ERR_STATE_DIR',
      `state directory ${layout.stateDir} is not usable (a writable directory owned by this user, without symlinks, was expected): ${(error as Error).message}`,
      { cause: error },
    );
  }
}
