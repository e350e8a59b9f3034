import { describe, expect, it } from 'vitest';
import { didYouMean } from './suggest';

describe('didYouMean', () => {
  it('names the closest choice for a typo, and nothing for an unrelated word', () => {
    const scripts = ['hello', 'timer', 'spawner', 'stubborn', 'crash', 'http-server'];
    expect(didYouMean('helo', scripts)).toBe('hello');
    expect(didYouMean('Timre', scripts)).toBe('timer');
    expect(didYouMean('stubbron', scripts)).toBe('stubborn');
    expect(didYouMean('database', scripts)).toBeUndefined();
    expect(didYouMean('--hedless', ['--headless', '--help'])).toBe('--headless');
  });
});
