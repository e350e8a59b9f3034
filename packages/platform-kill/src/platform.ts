import type { Adapter } from './adapter';
import { withContainment } from './containment/capability';
import { describe, PlatformKillError } from './errors';
import { protectedReason } from './guards';
import { expectedFromRecord, livenessOf, sameProcess } from './identity';
import { hostPlatform, selectAdapter } from './select';
import { takeSnapshot } from './snapshot';
import { forceKillSyncWith } from './terminate/force-sync';
import { terminateMany } from './terminate/terminate';
import type { CreatePlatformOptions, Liveness, Platform } from './types';
import {
  assertExpected,
  assertOwnerId,
  assertPid,
  assertSignal,
  assertTargets,
  normaliseTarget,
  resolveOptions,
} from './validate';

/** Every public function, validated, bound to the adapter `options` select. */
export function createPlatform(options: CreatePlatformOptions = {}): Platform {
  if (typeof options !== 'object' || options === null) {
    throw new PlatformKillError('ERR_INVALID_OPTION', `options must be an object, got ${describe(options)}`);
  }
  return platformFor(selectAdapter(options));
}

/** Every public function, validated, bound to one adapter (tests pass a wrapped adapter here). */
export function platformFor(adapter: Adapter): Platform {
  return {
    capabilities: withContainment(adapter.capabilities, adapter.capabilities.platform === hostPlatform()),
    async identify(pid) {
      assertPid(pid);
      return adapter.identify(pid);
    },
    identifySync(pid) {
      assertPid(pid);
      return adapter.identifySync(pid);
    },
    sameProcess(a, b) {
      assertExpected(a, 'a');
      assertExpected(b, 'b');
      return sameProcess(a, b);
    },
    async liveness(pid, expected) {
      assertPid(pid);
      if (expected !== undefined) {
        assertExpected(expected, 'expected');
        if (expected.pid !== pid) {
          throw new PlatformKillError('ERR_INVALID_OPTION', `expected.pid must equal pid ${pid}, got ${expected.pid}`);
        }
      }
      return livenessOf(await adapter.identify(pid), expected);
    },
    async livenessMany(expected) {
      if (!Array.isArray(expected)) {
        throw new PlatformKillError(
          'ERR_INVALID_OPTION',
          `expected must be an array of { pid, startTime? }, got ${describe(expected)}`,
        );
      }
      for (const [i, e] of expected.entries()) assertExpected(e, `expected[${i}]`);
      const found = await adapter.identifyMany(expected.map((e) => e.pid));
      return expected.map((e): Liveness => livenessOf(found.get(e.pid) ?? null, e));
    },
    async holderLiveness(record) {
      if (typeof record !== 'object' || record === null) {
        throw new PlatformKillError(
          'ERR_INVALID_OPTION',
          `record must be an object { pid, start_time?, boot_id? }, got ${describe(record)}`,
        );
      }
      if (!Number.isSafeInteger(record.pid) || record.pid <= 0) return 'gone';
      const state = livenessOf(await adapter.identify(record.pid), expectedFromRecord(record));
      return state === 'unverified' ? 'alive' : state;
    },
    async descendants(pid) {
      assertPid(pid);
      return adapter.descendants(pid);
    },
    async findByOwnerTag(ownerId) {
      assertOwnerId(ownerId);
      return adapter.findByOwnerTag(ownerId);
    },
    async findByEnvValue(name, values, findOptions = {}) {
      assertOwnerId(name);
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || v === '' || v.includes('\0'))) {
        throw new PlatformKillError(
          'ERR_INVALID_OPTION',
          `values must be non-empty strings without NUL, got ${describe(values)}`,
        );
      }
      if (!adapter.findByEnvValue) {
        throw new PlatformKillError(
          'ERR_UNSUPPORTED_PLATFORM',
          `environment values are not searchable on ${process.platform}`,
        );
      }
      return adapter.findByEnvValue(name, values, findOptions.prefix === true);
    },
    snapshot: (query) => takeSnapshot(adapter, query),
    async resourceUsage(pid) {
      assertPid(pid);
      return adapter.resourceUsage(pid);
    },
    async terminate(target, terminateOptions) {
      const t = normaliseTarget(target);
      const resolved = resolveOptions(terminateOptions);
      const [report] = await terminateMany(adapter, [t], resolved);
      if (!report) throw new PlatformKillError('ERR_PARSE_FAILED', 'terminate produced no report');
      return report;
    },
    async terminateAll(targets, terminateOptions) {
      const list = assertTargets(targets);
      const resolved = resolveOptions(terminateOptions);
      return list.length === 0 ? [] : terminateMany(adapter, list, resolved);
    },
    forceKillSync(targets, forceSignal = 'SIGKILL') {
      const list = assertTargets(targets);
      assertSignal(forceSignal, 'forceSignal');
      return forceKillSyncWith(adapter, list, forceSignal);
    },
    checkSignalable(pid) {
      return protectedReason(pid, adapter.self());
    },
    checkSignalableMany(pids) {
      if (!Array.isArray(pids))
        throw new PlatformKillError('ERR_INVALID_OPTION', `pids must be an array, got ${describe(pids)}`);
      // Our ancestors are a walk of /proc reads: read them once for the whole batch, not per pid.
      const self = adapter.self();
      return pids.map((pid) => protectedReason(pid, self));
    },
  };
}
