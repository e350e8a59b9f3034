import { describe, expect, it } from 'vitest';
import { findEnv, parseChildren, parseCmdline, parseVmRss } from './parse-proc-files';

describe('/proc file parsers', () => {
  it('splits cmdline on NUL and keeps arguments with spaces', () => {
    expect(parseCmdline('node\0a b\0--x=1\0')).toEqual(['node', 'a b', '--x=1']);
    expect(parseCmdline('')).toEqual([]);
  });

  it('finds one variable in an environ blob, not a prefix of another', () => {
    const raw = 'PATH=/bin\0LIFELINE_OWNER_X=no\0LIFELINE_OWNER=abc=def\0';
    expect(findEnv(raw, 'LIFELINE_OWNER')).toBe('abc=def');
    expect(findEnv('PATH=/bin\0', 'LIFELINE_OWNER')).toBeUndefined();
  });

  it('reads VmRSS in bytes and 0 when absent', () => {
    expect(parseVmRss('Name:\tnode\nVmRSS:\t   40960 kB\nThreads:\t7\n')).toBe(40960 * 1024);
    expect(parseVmRss('Name:\tzombie\nState:\tZ (zombie)\n')).toBe(0);
  });

  it('parses a children file', () => {
    expect(parseChildren('1079 4878 4883 ')).toEqual([1079, 4878, 4883]);
    expect(parseChildren('')).toEqual([]);
  });
});
