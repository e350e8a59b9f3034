import { errnoCode, fromFsError } from '../errors';
import type { FsLayer } from '../fs-layer';

/** Unlinks `path`; false when it was not there. Any other failure is a PersistenceError. */
export async function removeFile(fs: FsLayer, path: string): Promise<boolean> {
  try {
    await fs.unlink(path);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw fromFsError(error, 'removing', path);
  }
}
