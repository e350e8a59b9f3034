import type { CgroupFs } from '../fs';
import { readEvent } from './files';

/** Safety net under inotify: re-read cgroup.events this often even without an event. */
const RECHECK_MS = 25;

/**
 * Resolves true as soon as cgroup.events says `<key> <want>` (or the cgroup is gone, for
 * populated 0), false after timeoutMs. Woken by inotify on cgroup.events; a slow re-read
 * covers a missed event. Never looks at pids: the kernel's own count is the answer.
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
    const finish = (result: boolean) => {
      stop();
      clearInterval(timer);
      clearTimeout(deadline);
      resolve(result);
    };
    const check = () => {
      if (done()) finish(true);
    };
    const stop = fs.watch(`${dir}/cgroup.events`, check);
    const timer = setInterval(check, RECHECK_MS);
    const deadline = setTimeout(() => finish(done()), timeoutMs);
  });
}
