export {
  type CgroupTestFrame,
  cgroupOf,
  cgroupTestFrame,
  killRemembered,
  makeTestCgroup,
  NOBODY,
  type Remembered,
  startTimeOf,
  sweepTestCgroups,
} from './cgroups.js';
export {
  type FixtureName,
  fixturePath,
  type RunningFixture,
  type StartFixtureOptions,
  startFixture,
} from './fixtures.js';
export { expectNoSurvivors, listOwnerProcesses, procState, readOwnerTag, reapOwner } from './owner.js';
export { newOwnerId, OWNER_ENV } from './owner-id.js';
export { chronoUtc, scriptKitReadPid, scriptKitReadRegistry, serdePretty } from './script-kit.js';
export { makeStateDir, type StateDir } from './state-dir.js';
export { waitFor } from './wait-for.js';
