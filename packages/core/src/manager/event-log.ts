import { prepareLogFile, type StateLayout } from '@lifeline/persistence';
import pino, { type Logger } from 'pino';
import type { ManagerEvents } from '../types';

type Destination = ReturnType<typeof pino.destination>;
type Fields = Record<string, unknown>;

/** Events kept while the state directory is not yet validated; more are dropped. */
const QUEUE_LIMIT = 1000;

/**
 * The lifecycle log: one JSONL line per manager event, field `event` = the event name.
 * The default destination is pino's asynchronous SonicBoom (sync: false), so a spawn never
 * waits for the disk; close() flushes it, flushSync() is the exit-hook path. The file is
 * opened only once the state directory passed persistence's checks (open()): until then
 * events are queued, so nothing is created inside a directory we would refuse.
 */
export class EventLog {
  #logger: Logger | null = null;
  #destination: Destination | null = null;
  #queue: Fields[] | null = null;
  #closed = false;
  /** Our own file (we stamp `time`), as opposed to a caller's logger (which stamps its own). */
  readonly #own: boolean;
  readonly #owner: string;
  readonly #onError: (error: Error) => void;

  constructor(logger: Logger | false | undefined, ownerId: string, onError: (error: Error) => void) {
    this.#owner = ownerId;
    this.#onError = onError;
    this.#own = logger === undefined;
    if (logger) this.#logger = logger.child({ owner: ownerId });
    else if (logger === undefined) this.#queue = [];
  }

  /** The open log file's descriptor (the guardian inherits it), or null. */
  get fd(): number | null {
    return this.#fd;
  }

  #fd: number | null = null;

  /**
   * Open our own JSONL file (default logger only) and write what was queued. persistence's
   * prepareLogFile opens it: logs/ 0700, the file 0600, never through a symlink. A log that
   * cannot be opened safely is reported (onError) and nothing is written.
   */
  open(layout: Pick<StateLayout, 'logsDir' | 'logFile'>): void {
    if (!this.#queue || this.#closed) return;
    let fd: number;
    try {
      ({ fd } = prepareLogFile(layout));
    } catch (error) {
      this.#queue = null;
      this.#closed = true;
      this.#onError(error as Error);
      return;
    }
    this.#fd = fd;
    const destination = pino.destination({ fd, sync: false });
    destination.on('error', (error: Error) => {
      if (this.#closed) return;
      this.#closed = true;
      // pino's own exit hook would call flushSync on a destination that never opened, and throw.
      destination.flushSync = () => undefined;
      this.#onError(error);
    });
    this.#destination = destination;
    this.#logger = pino({ base: { owner: this.#owner }, timestamp: false }, destination);
    const queued = this.#queue;
    this.#queue = null;
    for (const fields of queued) this.#logger.info(fields);
  }

  write<K extends keyof ManagerEvents>(event: K, payload: ManagerEvents[K]): void {
    // logger: false (or closed): nothing to build, which matters for a cleanup's 1000 events.
    if (this.#closed || (!this.#logger && !this.#queue)) return;
    const fields = toFields(event, payload as unknown as Fields);
    if (this.#own) fields.time = new Date().toISOString();
    if (this.#queue) {
      if (this.#queue.length < QUEUE_LIMIT) this.#queue.push(fields);
      return;
    }
    if (!this.#logger) return;
    if (event === 'error') this.#logger.error(fields);
    else this.#logger.info(fields);
  }

  /** Write what is buffered (without closing). */
  async flush(): Promise<void> {
    const logger = this.#logger;
    if (this.#closed || !logger) return;
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
  }

  /** Flush and close our own destination (a caller's logger is only flushed). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#queue = null;
    const logger = this.#logger;
    if (logger) await new Promise<void>((resolve) => logger.flush(() => resolve()));
    this.#closed = true;
    const destination = this.#destination;
    if (!destination) return;
    await new Promise<void>((resolve) => {
      destination.once('close', () => resolve());
      destination.once('error', () => resolve());
      destination.end();
    });
    this.#fd = null;
  }

  /** Exit-hook path: write what is buffered, synchronously. */
  flushSync(): void {
    try {
      if (!this.#closed) this.#destination?.flushSync();
    } catch {
      // not open yet or already closed: nothing we can do while exiting
    }
  }
}

/** Flatten an event payload into the stable log fields (pid, pgid, script, reason, durationMs, …). */
function toFields(event: string, payload: Fields): Fields {
  const fields: Fields = { event };
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'scriptPath') fields.script = value;
    else if (key === 'record') {
      const record = value as { script_path?: string; owner?: { id?: string } } | null;
      if (record?.script_path) fields.script = record.script_path;
      if (record?.owner?.id) fields.recordOwner = record.owner.id;
    } else if (key === 'report') {
      const report = value as { escalated: boolean; durationMs: number; survivors: number[]; processes: unknown[] };
      fields.escalated = report.escalated;
      fields.durationMs = report.durationMs;
      fields.processes = report.processes.length;
      if (report.survivors.length > 0) fields.survivors = report.survivors;
    } else if (key === 'error') {
      fields.err = value;
    } else fields[key] = value;
  }
  return fields;
}
