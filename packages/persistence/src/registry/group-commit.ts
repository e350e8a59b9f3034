import { PersistenceError } from '../errors';

interface Pending<Op, Result> {
  op: Op;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: ops queued in the same moment (before the next turn of the event loop, or
 * while a commit is running) are handed to `commit` together, so they share one lock, one
 * read, one write and one fsync. Commits never overlap. Each caller's promise settles with its
 * own op's result once the batch is durable, or rejects with the batch's error.
 */
export class GroupCommitter<Op, Result> {
  private queue: Pending<Op, Result>[] = [];
  private running: Promise<void> | null = null;
  private scheduled = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly commit: (ops: Op[]) => Promise<Result[]>) {}

  enqueue(op: Op): Promise<Result> {
    if (this.closed) return Promise.reject(new PersistenceError('ERR_INVALID_OPTION', 'the registry is closed'));
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when every op queued so far is committed (or failed). */
  flush(): Promise<void> {
    if (!this.running && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a microtask: callers that each await something first still join.
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        const results = await this.commit(batch.map((p) => p.op));
        batch.forEach((p, i) => {
          p.resolve(results[i] as Result);
        });
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.running = null;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }
}
