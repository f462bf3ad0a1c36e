// The simulator's candles for one market and interval: a made-up past (a random walk backwards from
// the price at start) followed by candles built from the simulator's own trades. Kept in the wire's
// row order, [time, open, close, high, low, volume, amount, market], so the order is exercised.

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

const HISTORY = 500;
const MAX = 2_000;

export class KlineSeries {
  /** Oldest first. */
  private readonly candles: SimCandle[] = [];

  constructor(
    readonly market: string,
    readonly intervalSeconds: number,
    private readonly pricePrecision: number,
    price: number,
    nowSeconds: number,
    random: () => number,
  ) {
    // Walk backwards from the current price, so the past joins the present without a jump.
    const current = this.align(nowSeconds);
    const past: SimCandle[] = []; // newest first while walking back
    let close = price;
    for (let j = 1; j <= HISTORY; j++) {
      const open = close * (1 + (random() - 0.5) * 0.01);
      const high = Math.max(open, close) * (1 + random() * 0.004 + 0.0005);
      const low = Math.min(open, close) * (1 - random() * 0.004 - 0.0005);
      const volume = 1 + random() * 50;
      past.push({ time: current - j * intervalSeconds, open, close, high, low, volume, amount: volume * close });
      close = open;
    }
    past.reverse();
    this.candles.push(...past);
    this.candles.push({ time: current, open: price, close: price, high: price, low: price, volume: 0, amount: 0 });
  }

  private align(t: number): number {
    return Math.floor(t / this.intervalSeconds) * this.intervalSeconds;
  }

  /** Folds one trade in; returns the candle it landed in. */
  trade(price: number, size: number, atSeconds: number): SimCandle {
    const time = this.align(atSeconds);
    let last = this.candles[this.candles.length - 1]!;
    if (time > last.time) {
      last = { time, open: price, close: price, high: price, low: price, volume: 0, amount: 0 };
      this.candles.push(last);
      if (this.candles.length > MAX) this.candles.shift();
    }
    last.close = price;
    if (price > last.high) last.high = price;
    if (price < last.low) last.low = price;
    last.volume += size;
    last.amount += size * price;
    return last;
  }

  /** Candles with open time in [start, end], oldest first, at most `max` (the newest). */
  range(start: number, end: number, max = 1_000): SimCandle[] {
    const hits = this.candles.filter((c) => c.time >= start && c.time <= end);
    return hits.slice(Math.max(0, hits.length - max));
  }

  /** The forming candle. */
  last(): SimCandle {
    return { ...this.candles[this.candles.length - 1]! };
  }

  all(): SimCandle[] {
    return this.candles.map((c) => ({ ...c }));
  }

  /** A candle as a wire row: note close before high and low. */
  row(c: SimCandle): [number, string, string, string, string, string, string, string] {
    const p = this.pricePrecision;
    return [c.time, c.open.toFixed(p), c.close.toFixed(p), c.high.toFixed(p), c.low.toFixed(p), c.volume.toFixed(4), c.amount.toFixed(2), this.market];
  }
}
