import * as nodeFs from 'node:fs/promises';

/**
 * The file-system calls this package makes to write state and walk directories, injectable so
 * tests can simulate what root cannot (EACCES, EROFS) and what a test machine should not
 * (ENOSPC). Defaults to node:fs/promises. Reading a state file is not among them: that is one
 * synchronous read (files/read-capped.ts).
 */
export type FsLayer = Pick<
  typeof nodeFs,
  | 'open'
  | 'rename'
  | 'unlink'
  | 'mkdir'
  | 'lstat'
  | 'stat'
  | 'chmod'
  | 'readdir'
  | 'link'
  | 'rm'
  | 'utimes'
  | 'realpath'
>;

export const defaultFs: FsLayer = nodeFs;
