import { randomBytes } from 'node:crypto';

/** The environment variable every process spawned by Lifeline (and by its tests) carries. */
export const OWNER_ENV = 'LIFELINE_OWNER';

/** A fresh owner id per test, so leak checks and last-resort cleanup can never match another test's processes. */
export function newOwnerId(label = 'test'): string {
  return `${label}-${process.pid}-${randomBytes(6).toString('hex')}`;
}
