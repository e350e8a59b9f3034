import { LAYOUT_PRESETS } from '@lifeline/persistence/layout';
import type { GlobalOptions } from '../context.js';

/** A plain `ps` invocation, read without commander: the global options and ps's own flags. */
export interface PsInvocation {
  globals: GlobalOptions;
  flags: { tree: boolean; wide: boolean };
}

const COMMANDS = new Set(['ps', 'ls', 'list']);
// The same presets program.ts offers, from the one list persistence keeps.
const LAYOUTS = new Set<string>(LAYOUT_PRESETS);

/**
 * Recognises `lifeline ps` (or `ls`, `list`) written with only the flags commander would accept
 * without a word to say: --json, --verbose, --state-dir DIR, --layout <preset>
 * anywhere, --tree, --wide and -w after the command. Anything else — help, --version, a typo,
 * a grouped short flag, `--`, a second command word, a value that starts with '-', a bad
 * --layout — returns undefined, and the full commander program handles it, so every message and
 * exit code stays commander's. Why: compiling commander is most of `ps`'s start-up beyond node's.
 * program.ts defines the same options; ps-argv.test.ts checks the two agree.
 */
export function matchPsArgv(argv: readonly string[]): PsInvocation | undefined {
  const flags = new Set<string>();
  let command: string | undefined;
  let stateDir: string | undefined;
  let layout: GlobalOptions['layout'] = 'lifeline';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--state-dir' || name === '--layout') {
      // As in commander, a repeated value option keeps the last value.
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      // commander would take a following '-…' word as the value; rare enough to leave to it.
      if (value === undefined || (eq < 0 && value.startsWith('-'))) return undefined;
      if (name === '--state-dir') stateDir = value;
      else if (LAYOUTS.has(value)) layout = value as GlobalOptions['layout'];
      else return undefined;
    } else if (eq < 0 && (arg === '--json' || arg === '--verbose')) {
      flags.add(arg);
    } else if (eq < 0 && (arg === '--tree' || arg === '--wide' || arg === '-w')) {
      // ps's own flags: before the command they are unknown options of the program.
      if (command === undefined) return undefined;
      flags.add(arg === '-w' ? '--wide' : arg);
    } else if (command === undefined && COMMANDS.has(arg)) {
      command = arg;
    } else {
      return undefined;
    }
  }
  if (command === undefined) return undefined;
  return {
    globals: { stateDir, layout, json: flags.has('--json'), verbose: flags.has('--verbose') },
    flags: { tree: flags.has('--tree'), wide: flags.has('--wide') },
  };
}
