import { writeFile } from 'node:fs/promises';
import { machineTable } from './machine';
import { goalsTable, renderTable } from './markdown';
import type { ScenarioResult } from './result';

export interface RunSummary {
  command: string;
  quick: boolean;
  seed: number;
  startedAt: Date;
  durationMs: number;
  results: ScenarioResult[];
}

export const allOk = (results: ScenarioResult[]) => results.every((r) => r.goals.every((g) => g.ok));

/** The whole report as markdown: summary, machine, then every scenario's goals, tables and notes. */
export function renderReport(summary: RunSummary): string {
  const out: string[] = [];
  const ok = allOk(summary.results);
  out.push(`# Lifeline reliability report${summary.quick ? ' (quick run)' : ''}`, '');
  out.push(
    'Fault injection and hostile input against the built packages (`@lifeline/platform-kill`, `@lifeline/persistence`, ' +
      '`@lifeline/core`, `@lifeline/cli`). Every figure below was measured by the suite in `tooling/reliability`; ' +
      'nothing is estimated.',
    '',
  );
  out.push(`- Command: \`${summary.command}\``);
  out.push(`- Started: ${summary.startedAt.toISOString()}, took ${(summary.durationMs / 1000).toFixed(1)} s`);
  out.push(`- Seed: ${summary.seed} (replay with \`--seed ${summary.seed}\`)`);
  out.push(`- Result: ${ok ? '**every goal met**' : '**GOALS MISSED** (see FAIL rows)'}`, '');
  out.push('## Summary', '');
  out.push(
    renderTable({
      headers: ['#', 'Scenario', 'Goals met', 'Duration s'],
      rows: summary.results.map((r) => [
        r.id,
        r.title,
        `${r.goals.filter((g) => g.ok).length}/${r.goals.length}${r.goals.every((g) => g.ok) ? '' : ' **FAIL**'}`,
        Number((r.durationMs / 1000).toFixed(1)),
      ]),
    }),
    '',
  );
  out.push('## Machine', '', renderTable(machineTable()), '');
  for (const r of summary.results) {
    out.push(`## ${r.id}. ${r.title}`, '');
    out.push(renderTable(goalsTable(r.goals)), '');
    for (const t of r.tables) out.push(renderTable(t), '');
    for (const n of r.notes) out.push(`- ${n}`);
    if (r.notes.length) out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export async function writeReport(path: string, markdown: string): Promise<void> {
  await writeFile(path, markdown, 'utf8');
}
