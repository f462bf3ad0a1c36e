// The candle series of the market view: upserts by open time, bounded, kept outside reactivity.
import type { Candle } from '../../../../shared/model';

/** The most candles a chart holds (live appends drop the oldest beyond it). */
export const MAX_CANDLES = 5_000;

export type CandleChange = 'reset' | 'prepend' | 'tail';

/** Upserts candles (oldest first) into a series sorted by time; returns how the series changed. */
export function upsertCandles(series: Candle[], fresh: readonly Candle[]): CandleChange | null {
  let change: CandleChange | null = null;
  for (const c of fresh) {
    const last = series[series.length - 1];
    if (!last || c.time > last.time) {
      series.push(c);
      change ??= 'tail';
    } else if (c.time === last.time) {
      series[series.length - 1] = c;
      change ??= 'tail';
    } else {
      // Out of order: find its place (rare: a correction of an older candle).
      let lo = 0;
      let hi = series.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (series[mid]!.time < c.time) lo = mid + 1;
        else hi = mid;
      }
      if (series[lo]!.time === c.time) series[lo] = c;
      else series.splice(lo, 0, c);
      change = 'reset';
    }
  }
  if (series.length > MAX_CANDLES) {
    series.splice(0, series.length - MAX_CANDLES);
    change = 'reset';
  }
  return change;
}

/** Older candles (oldest first) put in front of the series; returns how many were new. */
export function prependCandles(series: Candle[], older: readonly Candle[]): number {
  const first = series[0]?.time ?? Infinity;
  const fresh = older.filter((c) => c.time < first);
  const room = Math.max(0, MAX_CANDLES - series.length);
  const kept = fresh.slice(Math.max(0, fresh.length - room));
  series.unshift(...kept);
  return kept.length;
}
