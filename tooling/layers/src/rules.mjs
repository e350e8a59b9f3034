// The layering of the workspace, lowest first. platform-kill is the single bottom layer (it
// owns process identity); persistence sits on it so its lock and PID-file holder checks use
// the same identity rule instead of a /proc reader of its own. A package may depend on (and import)
// only the packages listed for it; anything under tooling/ is test or build support
// and may be used by published packages only as a devDependency, from test files.
export const allowed = {
  '@lifeline/platform-kill': [],
  '@lifeline/persistence': ['@lifeline/platform-kill'],
  '@lifeline/core': ['@lifeline/platform-kill', '@lifeline/persistence'],
  '@lifeline/execa': ['@lifeline/core'],
  '@lifeline/cli': ['@lifeline/core', '@lifeline/persistence', '@lifeline/platform-kill'],
  '@lifeline/launcher': ['@lifeline/core', '@lifeline/persistence', '@lifeline/platform-kill', '@lifeline/cli'],
};

/** Support packages a layered package may use from its tests and build config only. */
export const devOnly = ['@lifeline/test-utils', '@lifeline/tsup-config', '@lifeline/vitest-config'];
