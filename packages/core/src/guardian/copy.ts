import type { ProcessRecord } from '@lifeline/persistence';
import { sameRecorded } from '../identity';
import type { GuardianMessage } from './protocol';

/** The guardian's own copy of its owner's records, kept from the owner's JSON lines. */
export class RecordCopy {
  readonly records = new Map<number, ProcessRecord>();
  shutdown = false;
  #partial = '';

  /** Feed a chunk of stdin; returns the lines it could not parse (for the log). */
  feed(chunk: string): string[] {
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop() ?? '';
    const bad: string[] = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        this.apply(JSON.parse(line) as GuardianMessage);
      } catch {
        bad.push(line.slice(0, 200));
      }
    }
    return bad;
  }

  apply(message: GuardianMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.records.clear();
        for (const record of message.records) this.records.set(record.pid, record);
        return;
      case 'add':
        this.records.set(message.record.pid, message.record);
        return;
      case 'remove': {
        const known = this.records.get(message.pid);
        // Matched by start time: a newer record for a reused pid stays.
        if (known && (message.start_time === null || sameRecorded(known, message))) this.records.delete(message.pid);
        return;
      }
      case 'shutdown':
        this.shutdown = true;
        return;
      default:
        throw new Error('unknown message type');
    }
  }
}
