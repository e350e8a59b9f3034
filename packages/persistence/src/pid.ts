/**
 * kill(2) takes a signed 32-bit pid_t: anything above 2^31-1 would wrap to a negative number,
 * i.e. a process group. 0 and 1 are "our group" and init. So a pid is an integer with
 * 2 ≤ pid ≤ 2^31-1. Kept free of zod: the lock and the fast record check use it on hot paths.
 */
export const MAX_PID = 2 ** 31 - 1;

export function isPid(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 2 && value <= MAX_PID;
}
