import type { HostileCase } from './case';

const a = (name: string, args: HostileCase['args'], extra: Partial<HostileCase> = {}): HostileCase => ({
  area: 'CLI arguments',
  name,
  args,
  ...extra,
});

export const cliCases: HostileCase[] = [
  a('kill 0', () => ['kill', '0']),
  a('kill 1', () => ['kill', '1']),
  a('kill -1', () => ['kill', '-1']),
  a('kill -- -1', () => ['kill', '--', '-1']),
  a('kill <runner pid> (untracked)', (c) => ['kill', String(c.ids.runner.pid)]),
  a('kill --force-untracked <runner pid> (its parent)', (c) => [
    'kill',
    '--force-untracked',
    '--grace',
    '100',
    String(c.ids.runner.pid),
  ]),
  a("kill --force-untracked <runner's parent>", (c) => [
    'kill',
    '--force-untracked',
    '--grace',
    '100',
    String(c.prot.parent),
  ]),
  a('kill --force-untracked 1', () => ['kill', '--force-untracked', '--grace', '100', '1']),
  a('kill --force-untracked <its own pid>', () => ['kill', '--force-untracked', '--grace', '100', '__SELF__'], {
    prelude: () => ':',
  }),
  a('kill 2147483648', () => ['kill', '2147483648']),
  a('kill abc', () => ['kill', 'abc']),
  a('kill 0x10', () => ['kill', '0x10']),
  a('kill 1e3', () => ['kill', '1e3']),
  a('kill --grace -5 --all', () => ['kill', '--grace', '-5', '--all']),
  a('kill --signal SIGFOO --all', () => ['kill', '--signal', 'SIGFOO', '--all']),
  a('kill --signal SIGKILL <runner pid> --force-untracked', (c) => [
    'kill',
    '--signal',
    'SIGKILL',
    '--force-untracked',
    String(c.ids.runner.pid),
  ]),
  a('--layout nope ps', () => ['--layout', 'nope', 'ps']),
  a('run with no command', () => ['run']),
  a('run -- /nonexistent/binary', () => ['run', '--', '/nonexistent/binary']),
  a('unknown command', () => ['frobnicate']),
  a('--state-dir of 100 000 characters', () => ['--state-dir', `/tmp/${'x'.repeat(100_000)}`, 'ps'], {
    stateDirFlag: false,
  }),
  a("--state-dir ''", () => ['--state-dir', '', 'ps'], { stateDirFlag: false }),
  a('run --owner ../../x -- true', () => ['run', '--owner', '../../x', '--', 'true']),
  a('logs --since garbage', () => ['logs', '--since', 'garbage']),
];
