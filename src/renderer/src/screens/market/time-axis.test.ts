import { describe, expect, it } from 'vitest';
import { labelAt, labelSpacing, labelText, type LabelSpacing } from './time-axis';

const MIN = 60_000;
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();
const series = (start: number, step: number, n: number) => Array.from({ length: n }, (_, i) => start + i * step);

function labels(times: number[], s: LabelSpacing): [string, string][] {
  const out: [string, string][] = [];
  times.forEach((t, i) => {
    const kind = labelAt(times, i, s);
    if (kind) out.push([kind, labelText(t, kind, s)]);
  });
  return out;
}

describe('time axis', () => {
  it('picks round spacings that fit the width', () => {
    expect(labelSpacing(15 * MIN, 120, 800)).toEqual({ unit: 'ms', size: 4 * 60 * MIN }); // 30 h over ~9 labels
    expect(labelSpacing(MIN, 60, 1200)).toEqual({ unit: 'ms', size: 5 * MIN });
    expect(labelSpacing(24 * 60 * MIN, 120, 800)).toEqual({ unit: 'day', size: 14 });
    expect(labelSpacing(24 * 60 * MIN, 1000, 600).unit).toBe('month');
  });

  it('puts the date where a day begins and the time of day elsewhere, never the same date on every label', () => {
    const times = series(local(2026, 12, 3, 18), 15 * MIN, 4 * 12); // 18:00 on the 3rd to 05:45 on the 4th
    expect(labels(times, { unit: 'ms', size: 3 * 60 * MIN })).toEqual([
      ['time', '21:00'],
      ['day', '12-04'],
      ['time', '03:00'],
    ]);
  });

  it('names the month and the year where they begin on a daily chart', () => {
    const times = series(local(2025, 12, 20, 0), 24 * 60 * MIN, 20); // Dec 20 → Jan 8
    expect(labels(times, { unit: 'day', size: 7 })).toEqual([
      ['day', '22'],
      ['day', '29'],
      ['year', '2026'],
      ['day', '5'],
    ]);
  });

  it('labels nothing inside one spacing and survives a gap in the candles', () => {
    expect(labels(series(local(2026, 1, 1, 10), MIN, 30), { unit: 'ms', size: 60 * MIN })).toEqual([]);
    const gapped = [local(2026, 1, 1, 22), local(2026, 1, 2, 9)]; // the feed was down overnight
    expect(labels(gapped, { unit: 'ms', size: 60 * MIN })).toEqual([['day', '01-02']]);
  });
});
