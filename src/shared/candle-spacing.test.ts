import { describe, expect, it } from 'vitest';
import { detectSpacing } from './candle-spacing';

const MIN = 60_000;
const series = (start: number, step: number, n: number) => Array.from({ length: n }, (_, i) => start + i * step);

describe('candle spacing from start times', () => {
  it('measures the gap and the alignment the server really used', () => {
    expect(detectSpacing(series(Date.UTC(2026, 0, 1), 10 * MIN, 50))).toEqual({ ms: 10 * MIN, aligned: true });
    expect(detectSpacing(series(Date.UTC(2026, 0, 1), 15 * MIN, 50))).toEqual({ ms: 15 * MIN, aligned: true });
    // 15 minutes apart but starting at :05: not on the quarter hours a 15 min candle opens at.
    expect(detectSpacing(series(Date.UTC(2026, 0, 1, 0, 5), 15 * MIN, 50))).toEqual({ ms: 15 * MIN, aligned: false });
  });

  it('is not misled by a gap in the feed, and needs three candles', () => {
    const gapped = [...series(0, 5 * MIN, 10), ...series(3_600_000, 5 * MIN, 10)];
    expect(detectSpacing(gapped)).toEqual({ ms: 5 * MIN, aligned: true });
    expect(detectSpacing([0, MIN])).toBeNull();
  });
});
