// How far apart a candle series really is, measured from the start times the exchange sent, not
// taken from the interval that was asked for: a feed may answer a period code with another length
// (iTick's period 3 is 10 minutes on the seed's server and 15 on today's).

export interface CandleSpacing {
  /** The most common gap between neighbouring candles, in ms. */
  ms: number;
  /** Every start time is a whole multiple of that gap (since the epoch, UTC). */
  aligned: boolean;
}

/** At most this many of the newest candles are measured. */
const SAMPLE = 500;

/** The spacing of a series (start times oldest first); null with fewer than three candles. */
export function detectSpacing(times: readonly number[]): CandleSpacing | null {
  const sample = times.slice(-SAMPLE);
  if (sample.length < 3) return null;
  const counts = new Map<number, number>();
  for (let i = 1; i < sample.length; i++) {
    const gap = sample[i]! - sample[i - 1]!;
    if (gap > 0 && Number.isFinite(gap)) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best: number | null = null;
  let most = 0;
  // The most common gap; on a tie the smaller one (a gap in the feed only ever lengthens one).
  for (const [gap, n] of counts) if (n > most || (n === most && best !== null && gap < best)) [best, most] = [gap, n];
  if (best === null) return null;
  const ms = best;
  return { ms, aligned: sample.every((t) => t % ms === 0) };
}
