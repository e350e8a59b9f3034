import { useEffect, useState } from 'react';
import type { Run, RunTracker } from '../runs';

const MAX_SHOWN = 30;

/**
 * The runs to show, re-read whenever the tracker reports a change: running ones first, then
 * finished ones, newest first, at most 30.
 */
export function useRuns(tracker: RunTracker): Run[] {
  const read = () => order(tracker.list());
  const [runs, setRuns] = useState(read);
  useEffect(() => {
    const onChange = () => setRuns(read());
    tracker.on('change', onChange);
    return () => {
      tracker.off('change', onChange);
    };
  });
  return runs;
}

function order(runs: Run[]): Run[] {
  const live = runs.filter((r) => r.endedAt === null);
  const done = runs.filter((r) => r.endedAt !== null);
  return [...live, ...done].slice(0, MAX_SHOWN);
}
