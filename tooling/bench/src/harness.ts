/**
 * The benchmark harness every suite uses. Contenders run interleaved (A B C A B C …) after a
 * warm-up, so drift on a shared machine hits all of them alike; each round is timed with
 * process.hrtime and the suite prints median, min, max and the ratio of each median to the
 * baseline's. Correctness travels with speed: a contender returns what it got wrong (survivors,
 * wrong answers), and a fast wrong answer is printed as wrong.
 */
export interface Contender {
  name: string;
  /** Runs before each timed round, untimed (e.g. start the processes to be killed). */
  setup?: () => Promise<void> | void;
  /**
   * The timed work. May return (or resolve to) the number of wrong results of this round
   * (survivors, wrong answers); anything that is not a number counts as none.
   */
  run: () => unknown;
  /** Runs after each round, untimed (e.g. reap leftovers so the next round starts clean). */
  teardown?: () => Promise<void> | void;
}

export interface Stats {
  name: string;
  /** Timed samples: rounds (interleave) or calls (microInterleave). */
  rounds: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Sum of wrong results over all rounds. */
  wrong: number;
  /** median / baseline median. */
  ratio: number;
}

export interface InterleaveOptions {
  rounds: number;
  warmup?: number;
  /** The contender whose median is 1.0×; default the first. */
  baseline?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function interleave(contenders: Contender[], options: InterleaveOptions): Promise<Stats[]> {
  const { rounds, warmup = 1 } = options;
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const wrong = new Map<string, number>(contenders.map((c) => [c.name, 0]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (const c of contenders) {
      await c.setup?.();
      const start = process.hrtime.bigint();
      const bad = await c.run();
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      await c.teardown?.();
      if (round < warmup) continue;
      times.get(c.name)?.push(ms);
      wrong.set(c.name, (wrong.get(c.name) ?? 0) + (typeof bad === 'number' ? bad : 0));
    }
  }
  const base = options.baseline ?? contenders[0]?.name ?? '';
  const baseMedian = median(times.get(base) ?? [1]);
  return contenders.map((c) => {
    const t = times.get(c.name) ?? [];
    const m = median(t);
    return {
      name: c.name,
      rounds: t.length,
      medianMs: m,
      minMs: Math.min(...t),
      maxMs: Math.max(...t),
      wrong: wrong.get(c.name) ?? 0,
      ratio: m / baseMedian,
    };
  });
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0));

/**
 * Print one suite's table (markdown, so BENCHMARKS.md can take it as-is). `n` is the number of
 * timed samples behind the figures: rounds for the harness, calls for tinybench suites.
 */
export function printTable(title: string, stats: Stats[], note?: string): string {
  const lines = [
    `### ${title}`,
    '',
    '| contender | n | median ms | min ms | max ms | × baseline | wrong |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...stats.map(
      (s) =>
        `| ${s.name} | ${s.rounds} | ${fmt(s.medianMs)} | ${fmt(s.minMs)} | ${fmt(s.maxMs)} | ${s.ratio.toFixed(2)} | ${s.wrong} |`,
    ),
    '',
  ];
  if (note) lines.push(note, '');
  const text = lines.join('\n');
  console.log(text);
  return text;
}

/** Options every suite receives. `quick`: one small round, to prove the suite still runs (CI). */
export interface SuiteOptions {
  quick: boolean;
}

/** A suite module's default export. Returns its markdown table(s). */
export type Suite = (options: SuiteOptions) => Promise<string>;
