// The simulator's candles for one market and interval, read from the market's price path as of its
// last trade: every interval is cut from the same path, so an hour holds exactly its minutes. Kept
// in the wire's row order, [time, open, close, high, low, volume, amount, market], so the order is
// exercised.
import type { RandomWalkMarket } from '../random-walk';

export interface SimCandle {
  /** Open time, Unix seconds. */
  time: number;
  open: number;
  close: number;
  high: number;
  low: number;
  volume: number;
  amount: number;
}

/** How many candles `all()` gives: a chart's worth. */
const HISTORY = 500;
/** ViaBTC answers a kline query with at most this many rows (the newest). */
const MAX_ROWS = 1_000;

export class KlineSeries {
  constructor(
    readonly market: string,
    readonly intervalSeconds: number,
    private readonly pricePrecision: number,
    private readonly walk: RandomWalkMarket,
  ) {}

  /** Candles with open time in [start, end], oldest first, at most `max` (the newest). */
  range(start: number, end: number, max = MAX_ROWS): SimCandle[] {
    return this.walk.candles(this.intervalSeconds, start, end, max).map(({ time, candle: c }) => ({
      time,
      open: c.open,
      close: c.close,
      high: c.high,
      low: c.low,
      volume: c.volume,
      amount: c.amount,
    }));
  }

  /** The forming candle (as of the last trade); a flat one before the market was listed. */
  last(): SimCandle {
    const t = Math.floor(this.walk.lastAt / 1000 / this.intervalSeconds) * this.intervalSeconds;
    const p = Number(this.walk.price());
    return this.range(t, t, 1)[0] ?? { time: t, open: p, close: p, high: p, low: p, volume: 0, amount: 0 };
  }

  /** The latest candles up to the forming one. */
  all(): SimCandle[] {
    return this.range(0, Number.MAX_SAFE_INTEGER, HISTORY);
  }

  /** A candle as a wire row: note close before high and low. */
  row(c: SimCandle): [number, string, string, string, string, string, string, string] {
    const p = this.pricePrecision;
    return [c.time, c.open.toFixed(p), c.close.toFixed(p), c.high.toFixed(p), c.low.toFixed(p), c.volume.toFixed(4), c.amount.toFixed(2), this.market];
  }
}
