/** An error shaped like the one process.kill throws. */
export function errno(code: 'ESRCH' | 'EPERM', pid: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`kill ${code} (pid ${pid})`), {
    code,
    errno: code === 'ESRCH' ? -3 : -1,
    syscall: 'kill',
  });
}
