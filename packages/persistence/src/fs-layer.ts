import * as nodeFs from 'node:fs/promises';

/**
 * The file-system calls this package makes, injectable so tests can simulate what root cannot
 * (EACCES, EROFS) and what a test machine should not (ENOSPC). Defaults to node:fs/promises.
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
