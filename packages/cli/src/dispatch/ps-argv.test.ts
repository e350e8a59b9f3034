import { LAYOUT_PRESETS } from '@lifeline/persistence/layout';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { GlobalOptions } from '../context.js';
import { buildProgram } from '../program.js';
import { matchPsArgv, type PsInvocation } from './ps-argv.js';

/** What the commander program makes of `argv` when it dispatches `ps`: its globals and ps's flags. */
async function viaCommander(argv: string[]): Promise<PsInvocation | 'not ps'> {
  let globals: GlobalOptions | undefined;
  const program = buildProgram({
    writeOut: () => {},
    writeErr: () => {},
    dispatch: async (g) => {
      globals = g;
    },
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch {
    return 'not ps';
  }
  const ps = program.commands.find((c) => c.name() === 'ps') as Command;
  const opts = ps.opts<{ tree?: boolean; wide?: boolean }>();
  if (!globals) return 'not ps';
  return { globals, flags: { tree: opts.tree === true, wide: opts.wide === true } };
}

const ACCEPTED: string[][] = [
  ['ps'],
  ['ls'],
  ['list'],
  ['ps', '--json'],
  ['--json', 'ps'],
  ['ps', '--tree', '--wide'],
  ['ps', '-w', '--tree', '--json', '--verbose'],
  ['--state-dir', '/tmp/x', 'ps'],
  ['ps', '--state-dir', 'relative/dir'],
  ['ps', '--state-dir=/a=b'],
  ['--state-dir=', 'ps'],
  ['--state-dir', 'ps', 'ps'],
  ['ps', '--layout', 'scriptkit'],
  ['--layout=lifeline', 'list', '-w'],
  ['ps', '--state-dir', '/a', '--state-dir', '/b'],
  ['ps', '--wide', '-w', '--json', '--json'],
];

// Each of these goes to commander, which prints help, a version, or a usage error.
const DECLINED: string[][] = [
  [],
  ['--json'],
  ['pss'],
  ['kill', '1234'],
  ['ps', 'extra'],
  ['ps', 'ps'],
  ['ps', '--help'],
  ['ps', '-h'],
  ['help', 'ps'],
  ['--version', 'ps'],
  ['ps', '--bogus'],
  ['ps', '-wt'],
  ['ps', '-W'],
  ['-w', 'ps'],
  ['--tree', 'ps'],
  ['ps', '--'],
  ['ps', '--json=1'],
  ['ps', '--tree=yes'],
  ['ps', '--state-dir'],
  ['ps', '--state-dir', '--json'],
  ['ps', '--layout', 'pm2'],
  ['ps', '--layout=Lifeline'],
  ['ps', '--layout'],
  ['ps', ''],
];

describe('matchPsArgv: the ps fast path', () => {
  it('reads every accepted form exactly as the commander program does', async () => {
    for (const argv of ACCEPTED) {
      const fast = matchPsArgv(argv);
      expect(fast, argv.join(' ')).toBeDefined();
      expect(fast, argv.join(' ')).toEqual(await viaCommander(argv));
    }
  });

  it('declines everything else, so commander answers it', () => {
    for (const argv of DECLINED) expect(matchPsArgv(argv), argv.join(' ')).toBeUndefined();
  });

  it('knows the same ps aliases and options as program.ts (a new option there is declined until added here)', () => {
    const program = buildProgram({ writeOut: () => {}, writeErr: () => {}, dispatch: async () => {} });
    const ps = program.commands.find((c) => c.name() === 'ps') as Command;
    expect(ps.aliases()).toEqual(['ls', 'list']);
    expect(ps.options.map((o) => o.flags)).toEqual(['--tree', '-w, --wide']);
    const globals = program.options.map((o) => [o.flags, o.argChoices ?? null]);
    expect(globals).toEqual([
      ['-V, --version', null],
      ['--state-dir <dir>', null],
      ['--layout <preset>', [...LAYOUT_PRESETS]],
      ['--json', null],
      ['--verbose', null],
    ]);
    // Every preset commander offers is one the fast path accepts.
    for (const preset of LAYOUT_PRESETS) expect(matchPsArgv(['--layout', preset, 'ps'])?.globals.layout).toBe(preset);
    // A flag the fast path does not know falls back, never passes silently.
    expect(matchPsArgv(['ps', '--since', '1h'])).toBeUndefined();
  });
});
