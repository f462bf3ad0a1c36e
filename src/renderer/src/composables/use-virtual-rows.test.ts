import { describe, expect, it } from 'vitest';
import { visibleRange } from './use-virtual-rows';

describe('visible rows', () => {
  it('renders only the rows in view, with overscan, at any depth', () => {
    expect(visibleRange(0, 560, 28, 100_000, 6)).toEqual({ start: 0, end: 27 });
    const deep = visibleRange(2_000_000, 560, 28, 100_000, 6);
    expect(deep.end - deep.start).toBeLessThanOrEqual(21 + 12);
    expect(deep.start).toBe(Math.floor(2_000_000 / 28) - 6);
  });

  it('stays within the row count', () => {
    expect(visibleRange(99_990 * 28, 560, 28, 100_000, 6)).toEqual({ start: 99_984, end: 100_000 });
    expect(visibleRange(0, 560, 28, 3, 6)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(500, 560, 28, 0, 6)).toEqual({ start: 0, end: 0 });
  });
});
