import * as nodeFs from 'node:fs/promises';
import type { FsLayer } from '../../src/fs-layer';

export function fsError(code: string, syscall: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: simulated failure, ${syscall}`) as NodeJS.ErrnoException;
  error.code = code;
  error.syscall = syscall;
  return error;
}

export type FaultPoint = 'mkdir' | 'create' | 'write' | 'sync' | 'rename' | 'readdir';

/**
 * node:fs/promises with one failure switched on: what root cannot provoke (EACCES, EROFS:
 * root bypasses permission bits) and what a shared machine must not (ENOSPC).
 */
export function faultyFs(): FsLayer & { fail(point: FaultPoint | null, code?: string): void } {
  let point: FaultPoint | null = null;
  let code = 'EIO';
  const fs: FsLayer = {
    ...nodeFs,
    async mkdir(...args: Parameters<typeof nodeFs.mkdir>) {
      if (point === 'mkdir') throw fsError(code, 'mkdir');
      return nodeFs.mkdir(...args);
    },
    readdir: (async (path: string) => {
      if (point === 'readdir') throw fsError(code, 'readdir');
      return nodeFs.readdir(path);
    }) as FsLayer['readdir'],
    async rename(from, to) {
      if (point === 'rename') throw fsError(code, 'rename');
      return nodeFs.rename(from, to);
    },
    async open(path, flags, mode) {
      if (point === 'create' && flags === 'wx') throw fsError(code, 'open');
      const handle = await nodeFs.open(path, flags, mode);
      if (flags !== 'wx' || (point !== 'write' && point !== 'sync')) return handle;
      const failing = point === 'write' ? 'writeFile' : 'sync';
      return new Proxy(handle, {
        get(target, key) {
          if (key === failing) {
            return async () => {
              throw fsError(code, String(failing));
            };
          }
          const value = Reflect.get(target, key);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  } as FsLayer;
  return Object.assign(fs, {
    fail(next: FaultPoint | null, nextCode = 'EIO') {
      point = next;
      code = nextCode;
    },
  });
}
