import { useEffect, useState } from 'react';
import { readTail } from '../log-tail';

/** The last `lines` lines of a log file, re-read twice a second while shown. */
export function useLogTail(path: string | null, lines: number): string[] {
  const [tail, setTail] = useState<string[]>([]);
  useEffect(() => {
    if (!path) {
      setTail([]);
      return;
    }
    let alive = true;
    const load = () =>
      readTail(path, lines).then((next) => {
        if (alive) setTail(next);
      });
    void load();
    const timer = setInterval(load, 500);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [path, lines]);
  return tail;
}
