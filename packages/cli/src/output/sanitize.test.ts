import { describe, expect, it } from 'vitest';
import { guardText, sanitize, sanitizeDeep, terminalSafeJson } from './sanitize.js';

const hostile = '\u001b[2J\u001b[31mevil\nline\r\t\u0007\u007f\u009b31m\u202egnp.exe\u2028';

describe('sanitize', () => {
  it('makes every C0/C1 control, DEL, separator and bidi control visible, on one line', () => {
    const text = sanitize(hostile);
    expect(text).toBe('\\x1b[2J\\x1b[31mevil\\nline\\r\\t\\x07\\x7f\\x9b31m\\u202egnp.exe\\u2028');
    expect(text).toMatch(/^[\x20-\x7e]*$/);
  });

  it('leaves ordinary text alone, including wide characters and backslashes', () => {
    expect(sanitize('C:\\scripts\\日本語.ts ok')).toBe('C:\\scripts\\日本語.ts ok');
  });

  it('sanitizeDeep copies arrays, plain objects and errors, and never touches the original', () => {
    const error = Object.assign(new Error('bad \u001b]0;title\u0007'), { code: 'E\u001bX' });
    const value = { a: [hostile, 1, null], nested: { s: '\u001b[5m' }, error, when: new Date(0) };
    const safe = sanitizeDeep(value);
    expect(safe.a[0]).toBe(sanitize(hostile));
    expect(safe.a.slice(1)).toEqual([1, null]);
    expect(safe.nested.s).toBe('\\x1b[5m');
    expect(safe.error.message).toBe('bad \\x1b]0;title\\x07');
    expect((safe.error as unknown as { code: string }).code).toBe('E\\x1bX');
    expect(safe.when).toBe(value.when);
    expect(value.a[0]).toBe(hostile);
  });
});

describe('guardText', () => {
  it('keeps newlines; keeps SGR colour codes only when colour is on', () => {
    const text = '\u001b[31mred\u001b[39m\n\u001b]0;x\u0007\u001b[2J';
    expect(guardText(text, false)).toBe('\\x1b[31mred\\x1b[39m\n\\x1b]0;x\\x07\\x1b[2J');
    expect(guardText(text, true)).toBe('\u001b[31mred\u001b[39m\n\\x1b]0;x\\x07\\x1b[2J');
  });
});

describe('terminalSafeJson', () => {
  it('re-encodes what JSON.stringify leaves raw, without changing the value', () => {
    const value = { s: hostile };
    const json = terminalSafeJson(JSON.stringify(value));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u202e]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
