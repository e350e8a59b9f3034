import type { Adapter, AdapterSnapshot, SnapshotRequest } from './adapter';
import { describe, PlatformKillError } from './errors';
import { livenessOf } from './identity';
import type { ExpectedIdentity, Liveness, ProcessIdentity, ProcessSnapshot, SnapshotQuery } from './types';
import { assertExpected, assertOwnerId, assertPid } from './validate';

function request(query: unknown, ownerTags: boolean): SnapshotRequest {
  if (query === undefined) return { pids: [], tags: [] };
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `query must be an object { pids?, tags? }, got ${describe(query)}`,
    );
  }
  const { pids = [], tags = [] } = query as SnapshotQuery;
  if (!Array.isArray(pids))
    throw new PlatformKillError('ERR_INVALID_OPTION', `pids must be an array, got ${describe(pids)}`);
  if (!Array.isArray(tags))
    throw new PlatformKillError('ERR_INVALID_OPTION', `tags must be an array, got ${describe(tags)}`);
  // The name is built only for a bad pid: a decision asks for a thousand.
  for (let i = 0; i < pids.length; i++) {
    const pid: unknown = pids[i];
    if (!Number.isSafeInteger(pid) || (pid as number) <= 0) assertPid(pid, `pids[${i}]`);
  }
  for (const tag of tags) assertOwnerId(tag);
  if (tags.length > 0 && !ownerTags) {
    throw new PlatformKillError('ERR_UNSUPPORTED_PLATFORM', 'owner tags cannot be searched on this platform');
  }
  return { pids: [...new Set(pids)], tags: [...new Set(tags)] };
}

/** Without an adapter pass of its own: one identifyMany, then one findByOwnerTag per tag and the identities of what they found. */
async function composed(adapter: Adapter, req: SnapshotRequest): Promise<AdapterSnapshot> {
  const identities =
    req.pids.length > 0 ? await adapter.identifyMany([...req.pids]) : new Map<number, ProcessIdentity>();
  // What a search found, less `except`, each pid identified (once) and kept only while it still exists.
  const identified = async (keys: readonly string[], found: Array<readonly number[]>, except?: ReadonlySet<number>) => {
    const kept = found.map((pids) => pids.filter((pid) => !except?.has(pid)));
    const extra = kept.flat().filter((pid) => !identities.has(pid));
    if (extra.length > 0)
      for (const [pid, identity] of await adapter.identifyMany(extra)) identities.set(pid, identity);
    return new Map(keys.map((key, i) => [key, (kept[i] ?? []).filter((pid) => identities.has(pid))]));
  };
  const findTagged = async (tags: readonly string[], except?: ReadonlySet<number>) =>
    identified(tags, await Promise.all(tags.map((tag) => adapter.findByOwnerTag(tag))), except);
  const findByEnv = async (name: string, values: readonly string[], prefix: boolean, except?: ReadonlySet<number>) => {
    const found = (await adapter.findByEnvValue?.(name, values, prefix)) ?? new Map<string, number[]>();
    return identified(
      values,
      values.map((v) => found.get(v) ?? []),
      except,
    );
  };
  return { identities, tagged: await findTagged(req.tags), findTagged, findByEnv };
}

/** snapshot(): validate, read once (the adapter's own pass where it has one), judge with the one rule. */
export async function takeSnapshot(adapter: Adapter, query: unknown): Promise<ProcessSnapshot> {
  const ownerTags = adapter.capabilities.ownerTags;
  const req = request(query, ownerTags);
  const read = adapter.snapshot ? await adapter.snapshot(req) : await composed(adapter, req);
  const readPids = new Set<number>(req.pids);
  const remember = (tagged: Map<string, number[]>) => {
    for (const pids of tagged.values()) for (const pid of pids) readPids.add(pid);
    return tagged;
  };
  remember(read.tagged);
  return {
    identities: read.identities,
    tagged: read.tagged,
    liveness(expected: ExpectedIdentity): Liveness {
      assertExpected(expected, 'expected');
      if (!readPids.has(expected.pid)) {
        throw new PlatformKillError('ERR_INVALID_OPTION', `pid ${expected.pid} was not part of this snapshot`);
      }
      return livenessOf(read.identities.get(expected.pid) ?? null, expected);
    },
    async findTagged(tags, except) {
      const more = request({ tags }, ownerTags).tags;
      if (except !== undefined && !(except instanceof Set)) {
        throw new PlatformKillError('ERR_INVALID_OPTION', `except must be a Set of pids, got ${describe(except)}`);
      }
      return remember(await read.findTagged(more, except));
    },
    async findByEnv(name, values, options = {}) {
      if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw new PlatformKillError(
          'ERR_INVALID_OPTION',
          `name must be an environment variable name, got ${describe(name)}`,
        );
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || v === ''))
        throw new PlatformKillError('ERR_INVALID_OPTION', `values must be non-empty strings, got ${describe(values)}`);
      const { prefix = false, except } = options;
      if (except !== undefined && !(except instanceof Set)) {
        throw new PlatformKillError('ERR_INVALID_OPTION', `except must be a Set of pids, got ${describe(except)}`);
      }
      if (values.length > 0 && !ownerTags)
        throw new PlatformKillError('ERR_UNSUPPORTED_PLATFORM', 'environments cannot be searched on this platform');
      return remember(await read.findByEnv(name, [...new Set(values)], prefix === true, except));
    },
  };
}
