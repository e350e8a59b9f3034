import { describe, expect, it } from 'vitest';
import { CIM_ONE, CIM_PS51_DEFAULT, CIM_TABLE, TASKKILL } from './__samples__/cim';
import { cimScript, taskkillArgs, taskkillPath } from './commands';
import { parseCim } from './parse-cim';
import { parseTaskkill } from './parse-taskkill';

describe('windows parsers (samples of Get-CimInstance | ConvertTo-Json and taskkill)', () => {
  it('parses an array of rows', () => {
    const rows = parseCim(CIM_TABLE);
    expect(rows).toHaveLength(8);
    const node = rows.find((r) => r.pid === 80200);
    expect(node).toMatchObject({
      ppid: 80100,
      pgid: null,
      state: 'running',
      startTime: '2024-01-15T10:30:00.1234567Z',
      name: 'node.exe',
      command: '"C:\\Program Files\\nodejs\\node.exe" server.js --port 3000',
      usage: { rssBytes: 52428800, cpuSeconds: 3.5 },
    });
    expect(rows.find((r) => r.pid === 0)?.command).toBe('System Idle Process');
  });

  it('parses a single object, empty output, and the PowerShell 5.1 default date format', () => {
    expect(parseCim(CIM_ONE).map((r) => r.pid)).toEqual([80200]);
    expect(parseCim('  \r\n')).toEqual([]);
    expect(parseCim(CIM_PS51_DEFAULT)[0]?.startTime).toBe(new Date(1705314600123).toISOString());
  });

  it('throws a typed error for output that is not JSON', () => {
    expect(() => parseCim('Get-CimInstance : Access denied')).toThrow(/not JSON/);
  });

  it('reads taskkill answers by exit code', () => {
    expect(parseTaskkill({ stdout: TASKKILL.gracefulOk(80200, 80100), stderr: '', exitCode: 0 })).toEqual({
      kind: 'ok',
    });
    expect(parseTaskkill({ stdout: '', stderr: TASKKILL.notFound(80200), exitCode: 128 })).toEqual({
      kind: 'not-found',
    });
    const forceOnly = parseTaskkill({ stdout: '', stderr: TASKKILL.forceOnly(80200, 80100), exitCode: 1 });
    expect(forceOnly).toMatchObject({ kind: 'error', message: expect.stringMatching(/terminated forcefully/) });
    expect(parseTaskkill({ stdout: '', stderr: 'ERROR: Access is denied.', exitCode: 1 })).toMatchObject({
      kind: 'error',
      message: 'ERROR: Access is denied.',
    });
  });

  it('builds the documented commands: taskkill from SystemRoot, one process per run, never /T', () => {
    expect(taskkillPath({ SystemRoot: 'E:\\Win' })).toBe('E:\\Win\\System32\\taskkill.exe');
    expect(taskkillPath({ SYSTEMROOT: 'C:\\Windows\\' })).toBe('C:\\Windows\\System32\\taskkill.exe');
    expect(taskkillPath({ systemroot: 'D:/WinRoot' })).toBe('D:/WinRoot\\System32\\taskkill.exe');
    expect(taskkillArgs(42, false)).toEqual(['/PID', '42']);
    expect(taskkillArgs(42, true)).toEqual(['/PID', '42', '/F']);
    expect(cimScript([42])).toMatch(
      /^Get-CimInstance -ClassName Win32_Process -Filter "ProcessId=42" \| Select-Object .* \| ConvertTo-Json -Compress$/,
    );
    expect(cimScript([42, 43])).toContain('-Filter "ProcessId=42 OR ProcessId=43"');
  });

  it.each([
    undefined,
    '',
    'Windows',
    'C:Windows',
    '\\Windows',
    '\\\\server\\share\\Windows',
    'C:\\Windows\\..\\Temp',
    'C:\\.\\Windows',
    'C:\\Win*',
    'C:\\Windows\0',
  ])('refuses a SystemRoot of %j with a typed error, never falling back to C:\\Windows', (value) => {
    const env = value === undefined ? {} : { SystemRoot: value };
    expect(() => taskkillPath(env)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_SYSTEM_ROOT', message: expect.stringMatching(/drive-absolute/) }),
    );
  });
});
