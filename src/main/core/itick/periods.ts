// iTick's kline period codes, kept in this one table: the WebSocket `kline@N` type, the kline
// push's `t` and the REST `kType` all use them.
import type { CandleInterval } from '../../../shared/model';

export interface ItickPeriod {
  code: number;
  /** Length of one candle; calendar months vary, so the month is an approximation for display only. */
  ms: number;
  /** The app's interval that this period draws, when the app has one. */
  interval: CandleInterval | null;
}

export const ITICK_PERIODS: readonly ItickPeriod[] = [
  { code: 1, ms: 60_000, interval: '1m' },
  { code: 2, ms: 300_000, interval: '5m' },
  // The seed (and the older WebSocket) says 3 = 10 min; current docs and the REST kline endpoint say
  // 3 = 15 min. The app has no 10 min interval and does offer 15 min, so 3 is read as 15 min.
  { code: 3, ms: 900_000, interval: '15m' },
  { code: 4, ms: 1_800_000, interval: null },
  { code: 5, ms: 3_600_000, interval: '1h' },
  { code: 6, ms: 7_200_000, interval: null },
  { code: 7, ms: 14_400_000, interval: '4h' },
  { code: 8, ms: 86_400_000, interval: '1d' },
  { code: 9, ms: 604_800_000, interval: null },
  { code: 10, ms: 2_592_000_000, interval: null },
];

const BY_INTERVAL = new Map(ITICK_PERIODS.filter((p) => p.interval).map((p) => [p.interval!, p.code] as const));
const BY_CODE = new Map(ITICK_PERIODS.map((p) => [p.code, p] as const));

/** The period code for one of the app's intervals (every CandleInterval has one). */
export function periodCode(interval: CandleInterval): number {
  const code = BY_INTERVAL.get(interval);
  if (code === undefined) throw new Error(`iTick has no kline period for ${interval}`);
  return code;
}

/** The app's interval for a period code, or null for periods the app does not draw. */
export function intervalOfPeriod(code: number): CandleInterval | null {
  return BY_CODE.get(code)?.interval ?? null;
}

export function isPeriodCode(code: number): boolean {
  return BY_CODE.has(code);
}
