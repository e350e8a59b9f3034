/** Counts for the full run (the figures) and the quick CI run (about 3 minutes on 2 cores). */
export interface Counts {
  crashIterations: number;
  decoyDecisions: number;
  twoInstancesMs: number;
  twoInstancesRounds: number;
  loadChildren: number;
  zombieRounds: number;
  signalRounds: number;
}

export const FULL: Counts = {
  crashIterations: 200,
  decoyDecisions: 1000,
  twoInstancesMs: 5000,
  twoInstancesRounds: 3,
  loadChildren: 500,
  zombieRounds: 10,
  signalRounds: 2,
};

export const QUICK: Counts = {
  crashIterations: 12,
  decoyDecisions: 100,
  twoInstancesMs: 1500,
  twoInstancesRounds: 1,
  loadChildren: 100,
  zombieRounds: 2,
  signalRounds: 1,
};

export interface RunOptions {
  quick: boolean;
  counts: Counts;
  seed: number;
  /** Only these scenario ids (--only 1,3). */
  only: Set<number> | null;
  log: (line: string) => void;
}
