import type { CgroupFs } from '../fs';
import { readEvent } from './files';

/** Longest gap between re-reads of cgroup.events. */
const RECHECK_MAX_MS = 25;

/**
 * Resolves true as soon as cgroup.events says `<key> <want>` (or the cgroup is gone, for
 * populated 0), false after timeoutMs. Never looks at pids: the kernel's own count is the answer.
 * Woken by inotify on cgroup.events, but the kernel rate-limits those notifications (one per
 * 10 ms per file) and a busy machine delivers them late, so the file is also re-read on a
 * back-off — 1, 1, 2, 2, 4, 4 … up to 25 ms — which catches a fast end within a millisecond or two.
 */
export function waitEvent(
  fs: CgroupFs,
  dir: string,
  key: 'populated' | 'frozen',
  want: 0 | 1,
  timeoutMs: number,
): Promise<boolean> {
  const done = () => {
    const value = readEvent(fs, dir, key);
    return value === want || (value === null && key === 'populated' && want === 0);
  };
  if (done()) return Promise.resolve(true);
  if (timeoutMs <= 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    let rechecks = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: boolean) => {
      stop();
      clearTimeout(timer);
      clearTimeout(deadline);
      resolve(result);
    };
    const check = () => {
      if (done()) finish(true);
    };
    const recheck = () => {
      if (done()) return finish(true);
      timer = setTimeout(recheck, Math.min(RECHECK_MAX_MS, 1 << (rechecks++ >> 1)));
    };
    const stop = fs.watch(`${dir}/cgroup.events`, check);
    const deadline = setTimeout(() => finish(done()), timeoutMs);
    timer = setTimeout(recheck, 1);
  });
}
