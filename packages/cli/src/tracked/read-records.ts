import { type LoadResult, openRegistry, type StateLayout } from '@lifeline/persistence';
import { isReadOnlyRefusal, readOnlyFs } from '../state/read-only-fs.js';
import { realCorruption, withStateSnapshot } from '../state/snapshot.js';

/**
 * The registry for read-only commands (ps, kill's name lookup), through persistence's load()
 * on a file system that refuses writes: a file exactly as Lifeline writes it is checked without
 * zod (fast enough for start-up). A corrupt file makes load() try to move it aside, which is
 * refused; then the salvage is done on a private copy, and the real file is left as it was
 * (`lifeline cleanup` is what repairs it).
 */
export async function readRecords(layout: StateLayout): Promise<LoadResult> {
  const load = async (path: string, fs?: typeof readOnlyFs) => {
    const store = openRegistry({ path, lock: false, ...(fs ? { fs } : {}) });
    try {
      return await store.load();
    } finally {
      await store.close();
    }
  };
  try {
    return await load(layout.registryFile, readOnlyFs);
  } catch (error) {
    if (!isReadOnlyRefusal(error)) throw error;
  }
  return withStateSnapshot(layout, async (copy) => {
    const result = await load(copy.registryFile);
    return result.corruption ? { ...result, corruption: realCorruption(result.corruption, layout, copy) } : result;
  });
}
