import { USAGE } from './args';
import type { ScriptEntry } from './catalog/discover';

/**
 * What the launcher prints when stdout is not a terminal (piped, redirected, CI): the scripts
 * it would offer and how to run them without the UI. Nothing is started.
 */
export function printPlain(
  out: { write(text: string): unknown },
  {
    catalog,
    catalogProblem,
    scriptsDir,
  }: { catalog: ScriptEntry[]; catalogProblem: string | null; scriptsDir: string },
): void {
  const lines = ['Lifeline launcher: stdout is not a terminal, so no interactive UI.', ''];
  if (catalogProblem) lines.push(`Scripts: ${catalogProblem}`);
  else {
    lines.push(`Scripts in ${scriptsDir}:`);
    const width = Math.max(...catalog.map((s) => s.name.length));
    for (const script of catalog)
      lines.push(`  ${script.name.padEnd(width)}  ${script.description}${script.needsBun ? ' (needs bun)' : ''}`);
  }
  lines.push('', 'Run scripts without the UI:  launcher --headless run <script…> [--json]', '', USAGE, '');
  out.write(lines.join('\n'));
}
