import { describe, expect, it } from 'vitest';
import { colorEnabled } from './color.js';

describe('colorEnabled', () => {
  it('honours NO_COLOR, FORCE_COLOR (including FORCE_COLOR=0) and the terminal', () => {
    expect(colorEnabled({}, { isTTY: true })).toBe(true);
    expect(colorEnabled({}, { isTTY: false })).toBe(false);
    expect(colorEnabled({ NO_COLOR: '1', FORCE_COLOR: '1' }, { isTTY: true })).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: '1' }, { isTTY: false })).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '0' }, { isTTY: true })).toBe(false);
    expect(colorEnabled({ TERM: 'dumb' }, { isTTY: true })).toBe(false);
  });
});
