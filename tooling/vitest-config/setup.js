// Node warnings (unhandled rejections turned warnings, MaxListeners leaks,
// deprecations) are bugs in a process toolkit: fail the test that emitted one.
import { afterEach } from 'vitest';

const warnings = [];
process.on('warning', (warning) => {
  warnings.push(warning);
});

afterEach(() => {
  if (warnings.length > 0) {
    const list = warnings.splice(0).map((w) => `${w.name}: ${w.message}`);
    throw new Error(`Node emitted warnings during this test:\n${list.join('\n')}`);
  }
});
