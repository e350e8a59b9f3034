/**
 * In-process micro-benchmarks through tinybench, interleaved the way the harness interleaves
 * whole rounds: each round is one tinybench run of every contender for a short time budget,
 * and the order flips every round (A B C, then C B A), so load drift on a shared machine falls
 * on all of them alike. Every call's latency sample is kept; the table shows the median, min
 * and max over all calls of all rounds. Correctness rides along: a contender's function returns
 * its wrong answers, and `wrong` in the table is the most any single call got wrong (a fast
 * wrong answer is reported as wrong, not as fast).
 */
import { Bench } from 'tinybench';
import type { Stats } from '../harness.js';

export interface MicroContender {
  name: string;
  /** One call; returns the number of wrong answers it gave. */
  run: () => Promise<number> | number;
}

export interface MicroOptions {
  rounds: number;
  /** tinybench time budget per contender per round, ms. */
  timeMs: number;
  /** Minimum calls per contender per round. */
  iterations?: number;
  /** The contender whose median is 1.0×; default the first. */
  baseline?: string;
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function microInterleave(contenders: MicroContender[], options: MicroOptions): Promise<Stats[]> {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const worst = new Map<string, number>(contenders.map((c) => [c.name, 0]));
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({
      time: options.timeMs,
      iterations: options.iterations ?? 10,
      retainSamples: true,
      // tinybench's own warm-up runs in the first round only; later rounds are already warm.
      warmup: round === 0,
      warmupIterations: 5,
      warmupTime: Math.min(100, options.timeMs),
      throws: true,
    });
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) {
      bench.add(c.name, async () => {
        const bad = await c.run();
        if (bad > (worst.get(c.name) ?? 0)) worst.set(c.name, bad);
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${task.name}: tinybench task ${result.state}`);
      samples.get(task.name)?.push(...(result.latency.samples ?? []));
    }
  }
  const base = options.baseline ?? contenders[0]?.name ?? '';
  const medians = new Map([...samples].map(([name, s]) => [name, median(s.sort((a, b) => a - b))]));
  const baseMedian = medians.get(base) ?? 1;
  return contenders.map((c) => {
    const s = samples.get(c.name) ?? [];
    const m = medians.get(c.name) ?? Number.NaN;
    return {
      name: c.name,
      rounds: s.length,
      medianMs: m,
      minMs: s[0] ?? Number.NaN,
      maxMs: s.at(-1) ?? Number.NaN,
      wrong: worst.get(c.name) ?? 0,
      ratio: m / baseMedian,
    };
  });
}
