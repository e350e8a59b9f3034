import { describe, expect, it } from 'vitest';
import { computeLayout, windowAround } from './layout';

describe('computeLayout', () => {
  it('fits 80×24 with a free row, and refuses anything under 60×16 with a message', () => {
    const layout = computeLayout(80, 24, false);
    expect(layout.tooSmall).toBeNull();
    expect(8 + layout.scriptRows + layout.processRows + layout.paneRows).toBe(23);
    expect(layout.scriptRows).toBeGreaterThanOrEqual(6); // the six demo scripts without scrolling
    expect(computeLayout(59, 24, false).tooSmall).toMatch(/too small: 59×24.*60×16/);
    expect(computeLayout(80, 15, false).tooSmall).toMatch(/too small/);
  });

  it('keeps the selection visible when scrolling', () => {
    expect(windowAround(3, 2, 5)).toEqual([0, 3]);
    expect(windowAround(20, 10, 5)).toEqual([8, 13]);
    expect(windowAround(20, 19, 5)).toEqual([15, 20]);
  });
});
