import { resolveLayout } from '@lifeline/persistence';
import { describe, expect, it } from 'vitest';
import { lifecycleLogFile } from './log-destination';

describe('lifecycleLogFile', () => {
  it("is the layout's own log, under every preset beside (never in) Script Kit's", () => {
    expect(lifecycleLogFile(resolveLayout({ stateDir: '/s' }))).toBe('/s/logs/lifeline.jsonl');
    const sk = resolveLayout({ preset: 'scriptkit', stateDir: '/k' });
    expect(lifecycleLogFile(sk)).toBe('/k/logs/lifeline.jsonl');
    expect(lifecycleLogFile(sk)).not.toBe(sk.hostLogFile);
  });

  it("a hand-made layout naming Script Kit's log gets lifeline.jsonl beside it", () => {
    const old = { logFile: '/k/logs/script-kit-gpui.jsonl', hostLogFile: null };
    expect(lifecycleLogFile(old)).toBe('/k/logs/lifeline.jsonl');
    expect(lifecycleLogFile({ logFile: '/k/logs/latest-session.jsonl', hostLogFile: null })).toBe(
      '/k/logs/lifeline.jsonl',
    );
    expect(lifecycleLogFile({ logFile: '/k/x.jsonl', hostLogFile: '/k/x.jsonl' })).toBe('/k/lifeline.jsonl');
  });
});
