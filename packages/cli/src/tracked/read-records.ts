import type { LoadResult, StateLayout } from '@lifeline/persistence';

/**
 * The registry for read-only commands (ps), through persistence's load(): a file exactly as
 * Lifeline writes it is checked without zod (fast enough for start-up); anything else is
 * validated by the schema, quarantined and salvaged there. Nothing read here is signalled.
 */
export async function readRecords(layout: StateLayout): Promise<LoadResult> {
  const { openRegistry } = await import('@lifeline/persistence');
  const store = openRegistry({ path: layout.registryFile });
  try {
    return await store.load();
  } finally {
    await store.close();
  }
}
